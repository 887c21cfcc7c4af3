import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangesResult, EventsResult, HistorySnapshot } from '../../../src-main/contract/domains/history';
import type { InventoryDelta, TaskRecord } from '../../../src-main/contract/domains/inventory';
import { normalizeCluster } from '../../../src-main/core/inventory/normalize';
import { HistoryStore } from '../../../src-main/core/history/store/history-store';
import type { AppendItem } from '../../../src-main/core/history/store/types';
import { CLUSTER, T0, instance, service, task } from '../inventory/records';

const PROFILE = 'prod-admin';
const MIN = 60_000;
const cluster = normalizeCluster({ clusterArn: CLUSTER, clusterName: 'prod', status: 'ACTIVE' }, 'us-east-1', T0);

let dir: string;
let store: HistoryStore;
let gen = 0;

function delta(t: number, d: Omit<InventoryDelta, 'clusterArn'>, clusterArn: string | null = CLUSTER): AppendItem {
  return { type: 'delta', t, gen, profile: PROFILE, delta: { clusterArn, ...d } };
}

const snapshotAt = (at: number, eventsOf?: string) => store.handle({ op: 'snapshot', profile: PROFILE, clusterArn: CLUSTER, at, eventsOf }) as HistorySnapshot;
const changes = (from: number, to: number) => store.handle({ op: 'changes', profile: PROFILE, clusterArn: CLUSTER, from, to }) as ChangesResult;

/** A cluster read in full at T0: two services, three tasks, two instances. */
function firstLoad(): void {
  store.append([
    delta(T0, { clusters: [cluster] }, null),
    delta(T0 + 1000, {
      services: [service('web', { desiredCount: 2, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4' }), service('ledger', { desiredCount: 2 })],
      tasks: [task('a1', { serviceName: 'web' }), task('a2', { serviceName: 'web' }), task('l1', { serviceName: 'ledger' })],
      instances: [instance('i1'), instance('i2')],
      refreshedAt: { services: T0 + 1000, tasks: T0 + 1000, instances: T0 + 1000 },
    }),
  ]);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-history-'));
  store = HistoryStore.open(join(dir, 'history.db'));
  gen = 0;
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the state at a moment', () => {
  it('replays what changed up to the moment, and nothing after it', () => {
    firstLoad();
    store.append([delta(T0 + 5 * MIN, { services: [service('web', { desiredCount: 4, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4' })], tasks: [task('a3', { serviceName: 'web' })] })]);
    store.append([delta(T0 + 10 * MIN, { tasks: [task('a1', { serviceName: 'web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: T0 + 9 * MIN })], removed: [instance('i2').arn] })]);

    const before = snapshotAt(T0 + 2 * MIN);
    expect(before.snapshot.services.map((s) => `${s.name}:${s.desiredCount}`).sort()).toEqual(['ledger:2', 'web:2']);
    expect(before.snapshot.tasks.map((t) => t.id).sort()).toEqual(['a1', 'a2', 'l1']);
    expect(before.snapshot.instances).toHaveLength(2);
    expect(before.snapshot.complete).toBe(true);
    expect(before.snapshot.cluster.name).toBe('prod');

    const middle = snapshotAt(T0 + 7 * MIN);
    expect(middle.snapshot.services.find((s) => s.name === 'web')!.desiredCount).toBe(4);
    expect(middle.snapshot.tasks.map((t) => t.id).sort()).toEqual(['a1', 'a2', 'a3', 'l1']);

    const after = snapshotAt(T0 + 11 * MIN);
    expect(after.snapshot.tasks.find((t) => t.id === 'a1')!.lastStatus).toBe('STOPPED');
    expect(after.snapshot.instances.map((i) => i.id)).toEqual(['i1']);
    expect(after.from).toBe(T0);
  });

  it('answers the same from keyframes as from batches alone (many changes)', () => {
    firstLoad();
    // Enough changes for several keyframes of the tasks kind.
    for (let i = 0; i < 100; i++) {
      store.append([delta(T0 + (i + 2) * MIN, { tasks: Array.from({ length: 40 }, (_, j) => task(`t${i}-${j}`, { serviceName: 'web', cpu: String(256 + i) })) })]);
    }
    const info = store.info(PROFILE);
    expect(info.keyframes).toBeGreaterThan(1);
    const at = T0 + 50.5 * MIN;
    const s = snapshotAt(at);
    expect(s.snapshot.tasks).toHaveLength(3 + 49 * 40);
    expect(s.snapshot.tasks.every((t) => t.fetchedAt <= at)).toBe(true);
  });

  it('answers any order of moments (dragging forward, back, inside one batch) as a fresh store does', () => {
    firstLoad();
    // One append of three moments: one batch whose rows span T0+2..T0+4 minutes.
    store.append([
      delta(T0 + 2 * MIN, { services: [service('web', { desiredCount: 3, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4' })], tasks: [task('a3', { serviceName: 'web' })] }),
      delta(T0 + 3 * MIN, { tasks: [task('a3', { serviceName: 'web', lastStatus: 'RUNNING' })] }),
      delta(T0 + 4 * MIN, { services: [service('web', { desiredCount: 5, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4' })], removed: [task('a2').arn] }),
    ]);
    for (let i = 0; i < 30; i++) store.append([delta(T0 + (5 + i) * MIN, { tasks: [task(`b${i}`, { serviceName: 'ledger' })], ...(i % 7 === 3 ? { removed: [task(`b${i - 1}`).arn] } : {}) })]);
    const view = (x: HistorySnapshot) => JSON.stringify({ s: x.snapshot.services.map((v) => [v.name, v.desiredCount, v.fetchedAt]).sort(), t: x.snapshot.tasks.map((v) => [v.id, v.lastStatus, v.fetchedAt]).sort() });
    const moments = [2.5, 3.5, 4.5, 20, 3, 33, 2, 12.5, 34, 1].map((m) => T0 + m * MIN);
    const dragged = moments.map((at) => view(snapshotAt(at)));
    store.close();
    const fresh = moments.map((at) => {
      store = HistoryStore.open(join(dir, 'history.db'));
      const v = view(snapshotAt(at));
      store.close();
      return v;
    });
    store = HistoryStore.open(join(dir, 'history.db'));
    expect(dragged).toEqual(fresh);
    expect(JSON.parse(dragged[0]).t.map((v: unknown[]) => v[0])).toEqual(['a1', 'a2', 'a3', 'l1']);
    expect(JSON.parse(dragged[1]).t.find((v: unknown[]) => v[0] === 'a3')[1]).toBe('RUNNING');
    expect(JSON.parse(dragged[2]).s).toContainEqual(['web', 5, T0 + 4 * MIN]);
  });

  it('refuses a moment before the history begins, and says from when it has data', () => {
    firstLoad();
    expect(() => snapshotAt(T0 - MIN)).toThrow(/starts at/);
    expect(store.handle({ op: 'range', profile: PROFILE, clusterArn: CLUSTER })).toMatchObject({ from: T0, spans: [{ start: T0 }] });
  });
});

describe('what changed', () => {
  it('names scaling, deployments, task definition changes, instances and stopped tasks grouped by reason', () => {
    firstLoad();
    const td5 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:5';
    const dep = { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: td5, desiredCount: 4, pendingCount: 0, runningCount: 0, failedTasks: 0, rolloutState: 'IN_PROGRESS', rolloutStateReason: null, createdAt: T0, updatedAt: T0, launchType: null, capacityProviderStrategy: [], platformVersion: null };
    store.append([delta(T0 + 5 * MIN, { services: [service('web', { desiredCount: 4, taskDefinition: td5, deployments: [dep] })] })]);
    store.append([delta(T0 + 6 * MIN, { instances: [instance('i3')], refreshedAt: { instances: T0 + 6 * MIN } })]);
    store.append([delta(T0 + 7 * MIN, { instances: [instance('i1', { status: 'DRAINING' })] })]);
    const stopped = (id: string, minute: number) => task(id, { serviceName: 'web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: T0 + minute * MIN, startedBy: 'ecs-svc/2' });
    store.append([delta(T0 + 8 * MIN, { tasks: [stopped('a1', 8), stopped('a2', 8)] })]);
    store.append([delta(T0 + 9 * MIN, { services: [service('web', { desiredCount: 4, taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4', deployments: [{ ...dep, status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker', failedTasks: 2 }] })] })]);

    const c = changes(T0, T0 + 60 * MIN);
    const texts = c.changes.map((x) => `${x.kind}|${x.text}`);
    expect(texts).toContain('service-scaled|web scaled 2 → 4');
    expect(texts).toContain('task-definition-changed|web: task definition web:4 → web:5');
    expect(texts).toContain('deployment-started|web: deployment started (web:5, 4 desired)');
    expect(texts).toContain('instance-added|instance i-i3 registered');
    expect(texts).toContain('instance-draining|instance i-i1 draining');
    const rolledBack = c.changes.find((x) => x.kind === 'deployment-rolled-back')!;
    expect(rolledBack.text).toMatch(/web: deployment of web:5 failed \(2 failed to start\) and rolled back to web:4/);
    expect(rolledBack.taskArns.map((a) => a.split('/').pop()).sort()).toEqual(['a1', 'a2']);
    expect(c.stopped).toEqual([expect.objectContaining({ reason: 'EssentialContainerExited: Essential container in task exited', count: 2, services: ['web'] })]);
    // Newest first, each with its moment.
    expect(c.changes[0].t).toBe(T0 + 9 * MIN);
    // The first load itself is no change: services and instances were first seen, not created.
    expect(texts.filter((t) => t.startsWith('service-created') || t.includes('i-i2'))).toEqual([]);
  });

  it('keeps Wharf\'s own mutations, from the audit log', () => {
    firstLoad();
    store.append([{ type: 'audit', t: T0 + MIN, profile: PROFILE, entry: { time: T0 + MIN, profile: PROFILE, accountId: '123456789012', region: 'us-east-1', action: 'ecs.UpdateService', target: service('web').arn, before: { desiredCount: 2 }, after: { desiredCount: 3 }, result: 'ok' } }]);
    const c = changes(T0, T0 + 2 * MIN);
    expect(c.changes).toEqual([expect.objectContaining({ kind: 'mutation', service: 'web', text: `Wharf: ecs.UpdateService on prod/web by ${PROFILE}` })]);
  });
});

describe('the events feed', () => {
  it('merges every service\'s events once, newest first, searchable, with counts per kind and service', () => {
    firstLoad();
    const ev = (id: string, minute: number, message: string) => ({ id, createdAt: T0 + minute * MIN, message });
    store.append([delta(T0 + 2 * MIN, {
      services: [
        service('web', { desiredCount: 2, events: [ev('w2', 2, '(service web) was unable to place a task because no container instance met all of its requirements.'), ev('w1', 1, '(service web) has reached a steady state.')] }),
        service('ledger', { desiredCount: 2, events: [ev('l1', 1.5, '(service ledger) was unable to place a task because no container instance met all of its requirements.')] }),
      ],
    })]);
    // The same events again, plus one: stored once each.
    store.append([delta(T0 + 3 * MIN, { services: [service('web', { desiredCount: 3, events: [ev('w3', 3, '(service web) has started 1 tasks: (task 0123456789abcdef0123456789abcdef).'), ev('w2', 2, '(service web) was unable to place a task because no container instance met all of its requirements.'), ev('w1', 1, '(service web) has reached a steady state.')] })] })]);

    const all = store.handle({ op: 'events', profile: PROFILE, clusterArn: CLUSTER }) as EventsResult;
    expect(all.events.map((e) => e.id)).toEqual(['w3', 'w2', 'l1', 'w1']);
    expect(all.byKind).toEqual(expect.arrayContaining([{ kind: 'unable-to-place', count: 2 }, { kind: 'steady-state', count: 1 }, { kind: 'started-tasks', count: 1 }]));

    const found = store.handle({ op: 'events', profile: PROFILE, clusterArn: null, search: 'UNABLE TO PLACE' }) as EventsResult;
    expect(found.events.map((e) => `${e.service}:${e.id}`)).toEqual(['web:w2', 'ledger:l1']);
    expect(found.byService.map((s) => s.service).sort()).toEqual(['ledger', 'web']);
    expect(found.total).toBe(2);
  });
});

describe('stopped tasks', () => {
  it('keeps a stopped task\'s reason and exit codes after the model drops it', () => {
    firstLoad();
    const stopped = task('a1', {
      serviceName: 'web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: T0 + 4 * MIN,
      containers: [{ name: 'app', image: 'web:1', imageDigest: null, runtimeId: null, lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage', healthStatus: null, cpu: null, memory: null, networkBindings: [], managedAgents: [] }],
    });
    store.append([delta(T0 + 5 * MIN, { tasks: [stopped] })]);
    store.append([delta(T0 + 70 * MIN, { removed: [stopped.arn] })]);
    expect(snapshotAt(T0 + 71 * MIN).snapshot.tasks.find((t) => t.id === 'a1')).toBeUndefined();
    const found = store.handle({ op: 'stoppedTasks', profile: PROFILE, clusterArn: CLUSTER, taskArns: [stopped.arn] }) as { tasks: Array<{ exits: unknown[]; reason: string; t: number }> };
    expect(found.tasks).toEqual([expect.objectContaining({ reason: 'Essential container in task exited', t: T0 + 5 * MIN, exits: [{ container: 'app', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }] })]);
  });
});

describe('one task', () => {
  const taskOf = (arn: string, at?: number) => store.handle({ op: 'task', profile: PROFILE, clusterArn: CLUSTER, taskArn: arn, at }) as { task: TaskRecord | null; seenAt: number | null };

  it('gives a task whole at a moment, with when Wharf saw that version', () => {
    firstLoad();
    store.append([delta(T0 + 3 * MIN, { tasks: [task('a2', { serviceName: 'web', healthStatus: 'UNHEALTHY' })] })]);
    expect(taskOf(task('a2').arn, T0 + 2 * MIN)).toEqual({ task: expect.objectContaining({ id: 'a2', healthStatus: task('a2').healthStatus, fetchedAt: T0 + 1000 }), seenAt: T0 + 1000 });
    expect(taskOf(task('a2').arn, T0 + 4 * MIN)).toEqual({ task: expect.objectContaining({ id: 'a2', healthStatus: 'UNHEALTHY' }), seenAt: T0 + 3 * MIN });
    expect(taskOf(task('zz').arn, T0 + 4 * MIN)).toEqual({ task: null, seenAt: null });
  });

  it('finds a task ECS forgot while Wharf was not running as history last had it, in an earlier run', () => {
    firstLoad();
    store.append([delta(T0 + 3 * MIN, { tasks: [task('a2', { serviceName: 'web', healthStatus: 'UNHEALTHY' })] })]);
    store.close();
    store = HistoryStore.open(join(dir, 'history.db'));
    gen++;
    // The next run: a2 stopped and was forgotten by ECS meanwhile; Wharf never saw it stop.
    store.append([delta(T0 + 90 * MIN, { clusters: [cluster] }, null), delta(T0 + 90 * MIN, { tasks: [task('a1', { serviceName: 'web' }), task('l1', { serviceName: 'ledger' })], refreshedAt: { tasks: T0 + 90 * MIN } })]);
    expect(snapshotAt(T0 + 91 * MIN).snapshot.tasks.map((t) => t.id).sort()).toEqual(['a1', 'l1']);
    expect(taskOf(task('a2').arn)).toEqual({ task: expect.objectContaining({ id: 'a2', lastStatus: 'RUNNING', healthStatus: 'UNHEALTHY' }), seenAt: T0 + 3 * MIN });
    // One still there: the last sighting is in this run.
    expect(taskOf(task('a1').arn)).toEqual({ task: expect.objectContaining({ id: 'a1' }), seenAt: T0 + 90 * MIN });
    expect(taskOf(task('zz').arn)).toEqual({ task: null, seenAt: null });
  });
});

describe('restarts and the bound', () => {
  it('keeps history across a restart, in a new span that starts afresh', () => {
    firstLoad();
    store.close();
    store = HistoryStore.open(join(dir, 'history.db'));
    gen++;
    store.append([delta(T0 + 30 * MIN, { clusters: [cluster] }, null), delta(T0 + 30 * MIN, { services: [service('web', { desiredCount: 9 })], refreshedAt: { services: T0 + 30 * MIN } })]);
    expect(snapshotAt(T0 + 2 * MIN).snapshot.services).toHaveLength(2);
    expect(snapshotAt(T0 + 31 * MIN).snapshot.services.map((s) => s.name)).toEqual(['web']);
    const range = store.handle({ op: 'range', profile: PROFILE, clusterArn: CLUSTER }) as { spans: unknown[] };
    expect(range.spans).toHaveLength(2);
  });

  it('drops what is older than the retention, a keyframe at a time, and every moment kept still rebuilds', () => {
    firstLoad();
    const DAY = 24 * 60 * MIN;
    for (let h = 1; h <= 48; h++) store.append([delta(T0 + h * 60 * MIN, { tasks: Array.from({ length: 10 }, (_, j) => task(`h${h}-${j}`, { serviceName: 'web' })) })]);
    const now = T0 + 2 * DAY;
    store.handle({ op: 'compact', bounds: { now, retentionDays: 1, maxBytes: 1e9 } });
    const range = store.handle({ op: 'range', profile: PROFILE, clusterArn: CLUSTER }) as { from: number };
    expect(range.from).toBeGreaterThan(T0);
    expect(range.from).toBeLessThanOrEqual(now - DAY);
    expect(() => snapshotAt(T0 + MIN)).toThrow(/starts at/);
    const kept = snapshotAt(range.from + 30 * MIN);
    const hour = Math.floor((range.from + 30 * MIN - T0) / (60 * MIN));
    expect(kept.snapshot.tasks).toHaveLength(3 + hour * 10);
  });

  it('enforces the size bound by dropping the oldest hours', () => {
    firstLoad();
    const big = 'x'.repeat(2000);
    for (let h = 1; h <= 24; h++) {
      store.append([delta(T0 + h * 60 * MIN, { tasks: Array.from({ length: 200 }, (_, j) => task(`h${h}-${j}`, { serviceName: 'web', group: `${big}${h}-${j}-${Math.random()}` })) })]);
    }
    const before = store.info(PROFILE).bytes;
    const maxBytes = Math.floor(before / 3);
    const r = store.handle({ op: 'compact', bounds: { now: T0 + 25 * 60 * MIN, retentionDays: 30, maxBytes } }) as { usedBytes: number };
    expect(r.usedBytes).toBeLessThanOrEqual(maxBytes);
    expect(store.info(PROFILE).bytes).toBeLessThan(before);
    const range = store.handle({ op: 'range', profile: PROFILE, clusterArn: CLUSTER }) as { from: number };
    expect(snapshotAt(range.from).snapshot.tasks.length).toBeGreaterThan(0);
  });
});
