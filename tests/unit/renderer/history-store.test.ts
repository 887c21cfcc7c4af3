import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse } from '@contract/wire';
import type { HistoryMomentTasks, HistorySnapshot } from '@contract/domains/history';
import { encodeMomentTasks } from '@contract/moment-tasks';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useHistoryStore } from '../../../src-renderer/stores/history';
import { useProblemsStore } from '../../../src-renderer/stores/problems';
import { useInventoryStore } from '../../../src-renderer/stores/inventory';
import { ACCOUNT, CLUSTER_ARN, cluster, problem, service, task } from './inventory-fixtures';

/**
 * The time bar's moment in the renderer: while it is set, the cluster it was picked on answers
 * from history, nothing can be changed, and ages are measured against the moment; every other
 * cluster stays live.
 */
const OTHER = `${ACCOUNT}:cluster/staging`;
const AT = Date.UTC(2026, 11, 5, 10, 41, 7);
const pastProblem = problem({ id: 'crash-loop:ledger', targetArn: `${ACCOUNT}:service/prod/ledger` });
const otherProblem = problem({ id: 'crash-loop:other', clusterArn: OTHER, targetArn: `${ACCOUNT}:service/staging/web` });

/** The kinds of every history.snapshot asked, in order (history.momentTasks: tasks and instances). */
let asked: string[][] = [];
/** Every history.task asked. */
let taskAsked: Array<{ taskArn: string; at: number }> = [];
const thenTask = task('t-then', { privateIp: '10.0.3.7', startedBy: 'ecs-svc/42' });

function historyTransport(): Transport {
  let id = 0;
  return {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      id += 1;
      if (method === 'history.snapshot') {
        const a = args as { kinds: string[] };
        asked.push(a.kinds);
        const result: HistorySnapshot = {
          at: AT,
          snapshot: { cluster: cluster(), services: [service('ledger')], tasks: [], instances: [], capacityProviders: [], complete: true, completeKinds: { services: true, tasks: true, instances: true } },
          span: { start: AT - 3_600_000, end: AT + 60_000 },
          refreshedAt: { services: AT, tasks: AT, instances: AT, capacityProviders: AT },
          from: AT - 3_600_000,
          problems: [pastProblem],
        };
        return { kind: 'result', id, ok: true, result };
      }
      if (method === 'history.momentTasks') {
        asked.push(['tasks', 'instances']);
        const result: HistoryMomentTasks = {
          at: AT,
          span: { start: AT - 3_600_000, end: AT + 60_000 },
          refreshedAt: { tasks: AT, instances: AT },
          tasks: encodeMomentTasks([{ task: thenTask, seenAt: AT - 5000 }], AT),
          instances: [],
        };
        return { kind: 'result', id, ok: true, result };
      }
      if (method === 'history.task') {
        const a = args as { taskArn: string; at: number };
        taskAsked.push(a);
        return { kind: 'result', id, ok: true, result: a.taskArn === thenTask.arn ? { task: thenTask, seenAt: AT - 5000 } : { task: null, seenAt: null } };
      }
      if (method === 'problems.list') return { kind: 'result', id, ok: true, result: { problems: [otherProblem, problem({ id: 'crash-loop:now', targetArn: `${ACCOUNT}:service/prod/web` })] } };
      return { kind: 'result', id, ok: false, error: { code: 'INTERNAL', message: `unexpected ${method}` } } as CallResponse;
    },
    onEvent: () => undefined,
    onConnection: (l: (s: ConnectionState) => void) => l('open'),
  };
}

describe('the time bar\'s moment in the renderer', () => {
  beforeEach(() => {
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.provide(apiKey, createApi(historyTransport()));
    setActivePinia(pinia);
    asked = [];
    taskAsked = [];
  });

  it('turns every action off while a moment is shown, and on again at "now"', async () => {
    const history = useHistoryStore();
    expect(history.pastReason).toBeNull();
    await history.goTo(CLUSTER_ARN, AT);
    expect(history.pastReason).toMatch(/as of .*10:41:07.*read-only/);
    history.goLive();
    expect(history.pastReason).toBeNull();
  });

  it('shows the moment\'s records and Problems for that cluster only; other clusters stay live', async () => {
    const history = useHistoryStore();
    const problems = useProblemsStore();
    const inventory = useInventoryStore();
    await problems.load();
    await history.goTo(CLUSTER_ARN, AT);
    expect(inventory.services(CLUSTER_ARN).map((s) => s.name)).toEqual(['ledger']);
    expect(inventory.tasks(CLUSTER_ARN).map((t) => t.id)).toEqual(['t-then']);
    // The Problems of then for the past cluster (today's crash loop of web was not there)...
    expect(problems.of(`${ACCOUNT}:service/prod/ledger`).map((p) => p.id)).toEqual(['crash-loop:ledger']);
    expect(problems.of(`${ACCOUNT}:service/prod/web`)).toEqual([]);
    // ...and another cluster's Problems as they are now: the moment is not theirs.
    expect(problems.of(`${ACCOUNT}:service/staging/web`).map((p) => p.id)).toEqual(['crash-loop:other']);
    expect(problems.inCluster(OTHER).map((p) => p.id)).toEqual(['crash-loop:other']);
  });

  it('measures ages on the past cluster against the moment shown, elsewhere against now', async () => {
    const history = useHistoryStore();
    // AWS's clock (status.now) runs 3 s ahead of Wharf's here: the moment is moved by as much.
    const now = Date.now() + 3000;
    const at = Date.now() - 20 * 60_000;
    expect(history.clockOf(CLUSTER_ARN, now)).toBe(now);
    await history.goTo(CLUSTER_ARN, at);
    expect(Math.abs(history.clockOf(CLUSTER_ARN, now) - (at + 3000))).toBeLessThan(1000);
    expect(history.clockOf(OTHER, now)).toBe(now);
  });

  it('paints the services list from the first read alone: the moment\'s tasks are read only for a page that shows them', async () => {
    const history = useHistoryStore();
    const inventory = useInventoryStore();
    history.setNeedsTasks(false);
    await history.goTo(CLUSTER_ARN, AT);
    expect(asked).toEqual([['services', 'capacityProviders']]);
    expect(history.loading).toBe(false);
    expect(inventory.services(CLUSTER_ARN).map((s) => s.name)).toEqual(['ledger']);
    expect(inventory.loaded(CLUSTER_ARN, 'services')).toBe(true);
    // A tasks page would say "Reading…" rather than "no tasks" until the moment's tasks are in.
    expect(inventory.loaded(CLUSTER_ARN, 'tasks')).toBe(false);
    // Opening a page that shows tasks (placement, tasks, a service) reads them, once.
    history.setNeedsTasks(true);
    await expect.poll(() => inventory.tasks(CLUSTER_ARN).map((t) => t.id)).toEqual(['t-then']);
    expect(inventory.loaded(CLUSTER_ARN, 'tasks')).toBe(true);
    history.setNeedsTasks(false);
    history.setNeedsTasks(true);
    expect(asked).toEqual([['services', 'capacityProviders'], ['tasks', 'instances']]);
  });

  it('on a page that shows tasks, asks for both reads at once and applies them in one rebuild', async () => {
    const history = useHistoryStore();
    const inventory = useInventoryStore();
    const before = history.version;
    const moving = history.goTo(CLUSTER_ARN, AT);
    // Both asked before either answered: the tasks read does not wait for the services one.
    expect(asked).toEqual([['services', 'capacityProviders'], ['tasks', 'instances']]);
    await moving;
    expect(history.version).toBe(before + 1);
    expect(inventory.services(CLUSTER_ARN).map((s) => s.name)).toEqual(['ledger']);
    expect(inventory.tasks(CLUSTER_ARN).map((t) => t.id)).toEqual(['t-then']);
    expect(inventory.loaded(CLUSTER_ARN, 'tasks')).toBe(true);
  });

  it('reads a task page\'s one task whole at the moment shown (the moment\'s list is slim)', async () => {
    const history = useHistoryStore();
    const inventory = useInventoryStore();
    await history.goTo(CLUSTER_ARN, AT);
    // The moment's list has what the tables and the map read, not the task page's facts...
    expect(inventory.task(CLUSTER_ARN, thenTask.arn)).toMatchObject({ id: 't-then', lastStatus: 'RUNNING', privateIp: null, startedBy: null, fetchedAt: AT - 5000 });
    // ...which the task page asks for, whole, at the moment shown.
    expect(await history.task(CLUSTER_ARN, thenTask.arn)).toEqual({ task: thenTask, seenAt: AT - 5000 });
    expect(taskAsked).toEqual([{ clusterArn: CLUSTER_ARN, taskArn: thenTask.arn, at: AT }]);
    expect(await history.task(CLUSTER_ARN, `${ACCOUNT}:task/prod/other`)).toBeNull();
    // Another cluster, or now: nothing to ask history.
    expect(await history.task(OTHER, thenTask.arn)).toBeNull();
    history.goLive();
    expect(await history.task(CLUSTER_ARN, thenTask.arn)).toBeNull();
    expect(taskAsked).toHaveLength(2);
  });
});
