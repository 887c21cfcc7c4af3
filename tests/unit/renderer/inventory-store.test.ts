import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { ClusterSnapshot, InventoryDelta } from '@contract/domains/inventory';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useInventoryStore } from '../../../src-renderer/stores/inventory';
import { useProblemsStore } from '../../../src-renderer/stores/problems';
import { applyDelta, applySnapshot, emptyInventory } from '../../../src-renderer/models/inventory/inventory-state';
import { ACCOUNT, CLUSTER_ARN, cluster, instance, problem, service, task } from './inventory-fixtures';

describe('applying deltas to the renderer copy of the inventory', () => {
  it('ends a kind\'s first read with core\'s data: `completed` in a delta or the snapshot, whatever progress events were missed', () => {
    const state = emptyInventory();
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web')] });
    const bucket = state.buckets.get(CLUSTER_ARN)!;
    expect(bucket.completeKinds.services).toBe(false);
    applyDelta(state, { clusterArn: CLUSTER_ARN, completed: ['services'] });
    expect(bucket.completeKinds).toEqual({ services: true, tasks: false, instances: false });
    expect(bucket.complete).toBe(false);
    applyDelta(state, { clusterArn: CLUSTER_ARN, completed: ['tasks', 'instances'] });
    expect(bucket.complete).toBe(true);
    applySnapshot(state, { cluster: cluster(), services: [], tasks: [], instances: [], capacityProviders: [], complete: false, completeKinds: { services: true, tasks: false, instances: false } });
    expect(state.buckets.get(CLUSTER_ARN)!.completeKinds.services).toBe(true);
  });

  it('upserts records by ARN, replacing the old version whole', () => {
    const state = emptyInventory();
    expect(applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web'), service('api')] })).toBe(true);
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web', { runningCount: 3 })] });
    const services = state.buckets.get(CLUSTER_ARN)!.services;
    expect(services.size).toBe(2);
    expect(services.get(`${ACCOUNT}:service/prod/web`)!.runningCount).toBe(3);
  });

  it('marks staled records stale and keeps them; a later upsert makes them fresh again', () => {
    const state = emptyInventory();
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web')], tasks: [task('t1')] });
    applyDelta(state, { clusterArn: CLUSTER_ARN, staled: [`${ACCOUNT}:service/prod/web`, `${ACCOUNT}:task/prod/t1`] });
    const bucket = state.buckets.get(CLUSTER_ARN)!;
    expect(bucket.services.get(`${ACCOUNT}:service/prod/web`)!.stale).toBe(true);
    expect(bucket.tasks.get(`${ACCOUNT}:task/prod/t1`)!.stale).toBe(true);
    // Marking again is no change.
    expect(applyDelta(state, { clusterArn: CLUSTER_ARN, staled: [`${ACCOUNT}:service/prod/web`, `${ACCOUNT}:task/prod/t1`] })).toBe(false);
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web', { fetchedAt: 2000 })] });
    expect(bucket.services.get(`${ACCOUNT}:service/prod/web`)!.stale).toBe(false);
  });

  it('removes only what core says is gone, and a removed cluster takes its records along', () => {
    const state = emptyInventory();
    applyDelta(state, { clusterArn: null, clusters: [cluster()] });
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web'), service('api')], instances: [instance('i1')] });
    applyDelta(state, { clusterArn: CLUSTER_ARN, removed: [`${ACCOUNT}:service/prod/api`] });
    expect([...state.buckets.get(CLUSTER_ARN)!.services.keys()]).toEqual([`${ACCOUNT}:service/prod/web`]);
    expect(state.buckets.get(CLUSTER_ARN)!.instances.size).toBe(1);
    applyDelta(state, { clusterArn: null, removed: [CLUSTER_ARN] });
    expect(state.clusters.size).toBe(0);
    expect(state.buckets.has(CLUSTER_ARN)).toBe(false);
  });

  it('refreshedAt moves the freshness of fresh records of that kind, not of stale ones', () => {
    const state = emptyInventory();
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('web'), service('api', { stale: true })], tasks: [task('t1')] });
    applyDelta(state, { clusterArn: CLUSTER_ARN, refreshedAt: { services: 5000 } });
    const bucket = state.buckets.get(CLUSTER_ARN)!;
    expect(bucket.services.get(`${ACCOUNT}:service/prod/web`)!.fetchedAt).toBe(5000);
    expect(bucket.services.get(`${ACCOUNT}:service/prod/api`)!.fetchedAt).toBe(1000);
    expect(bucket.tasks.get(`${ACCOUNT}:task/prod/t1`)!.fetchedAt).toBe(1000);
  });

  it('a snapshot replaces the cluster bucket whole', () => {
    const state = emptyInventory();
    applyDelta(state, { clusterArn: CLUSTER_ARN, services: [service('old')] });
    applySnapshot(state, { cluster: cluster(), services: [service('web')], tasks: [task('t1')], instances: [], capacityProviders: [], complete: true, completeKinds: { services: true, tasks: true, instances: true } });
    const bucket = state.buckets.get(CLUSTER_ARN)!;
    expect([...bucket.services.values()].map((s) => s.name)).toEqual(['web']);
    expect(bucket.complete).toBe(true);
  });
});

type Answer = { result: unknown } | { error: { code: string; message: string } };

function scriptedTransport(answers: Record<string, (args: unknown) => Answer>) {
  const eventListeners: Array<(m: EventMessage) => void> = [];
  const connectionListeners: Array<(s: ConnectionState) => void> = [];
  const calls: Array<{ method: string; args: unknown }> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args });
      const answer = answers[method]?.(args) ?? { error: { code: 'UNKNOWN_METHOD', message: `No answer for ${method}` } };
      return 'result' in answer ? { kind: 'result', id: calls.length, ok: true, result: answer.result } : ({ kind: 'result', id: calls.length, ok: false, error: answer.error } as CallResponse);
    },
    onEvent: (l) => void eventListeners.push(l),
    onConnection: (l) => {
      connectionListeners.push(l);
      l('open');
    },
  };
  const emit = (event: string, payload: unknown): void => eventListeners.forEach((l) => l({ kind: 'event', event, payload } as EventMessage));
  const connection = (s: ConnectionState): void => connectionListeners.forEach((l) => l(s));
  return { transport, calls, emit, connection };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('inventory store', () => {
  const snapshot: ClusterSnapshot = { cluster: cluster(), services: [service('web')], tasks: [task('t1')], instances: [], capacityProviders: [], complete: true, completeKinds: { services: true, tasks: true, instances: true } };
  let script: ReturnType<typeof scriptedTransport>;

  beforeEach(() => {
    script = scriptedTransport({
      'inventory.clusters': () => ({ result: { clusters: [cluster()] } }),
      'inventory.focus': () => ({ result: { ok: true } }),
      'inventory.snapshot': () => ({ result: snapshot }),
      'inventory.refresh': () => ({ result: { ok: true } }),
      'problems.list': () => ({ result: { problems: [problem()] } }),
    });
    // eslint-disable-next-line vue/one-component-per-file -- each app carries its own scripted transport
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.provide(apiKey, createApi(script.transport));
    setActivePinia(pinia);
  });

  it('tells core the focus, takes a snapshot of a newly focused cluster, and not twice for the same focus', async () => {
    const store = useInventoryStore();
    await store.loadClusters();
    expect(store.clusterArnByName('prod')).toBe(CLUSTER_ARN);
    const focus = { clusterArn: CLUSTER_ARN, serviceArn: null, taskArn: null, view: 'services' as const };
    await store.setFocus(focus);
    await store.setFocus({ ...focus });
    expect(script.calls.map((c) => c.method)).toEqual(['inventory.clusters', 'inventory.focus', 'inventory.snapshot']);
    expect(store.services(CLUSTER_ARN).map((s) => s.name)).toEqual(['web']);
    // A new view in the same cluster: focus only, no new snapshot.
    await store.setFocus({ ...focus, serviceArn: `${ACCOUNT}:service/prod/web`, view: 'service' });
    expect(script.calls.map((c) => c.method).slice(3)).toEqual(['inventory.focus']);
  });

  it('keeps a delta that arrives while the snapshot is on its way: core answers after an await, so the delta may be newer than the snapshot', async () => {
    // The snapshot was read before `api` was described; the delta with it arrives first.
    const racing = scriptedTransport({
      'inventory.clusters': () => ({ result: { clusters: [cluster()] } }),
      'inventory.focus': () => ({ result: { ok: true } }),
      'inventory.snapshot': () => {
        racing.emit('inventory.delta', { clusterArn: CLUSTER_ARN, services: [service('api')] } satisfies InventoryDelta);
        return { result: snapshot };
      },
    });
    // eslint-disable-next-line vue/one-component-per-file -- an app of its own, on the racing transport
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.provide(apiKey, createApi(racing.transport));
    setActivePinia(pinia);
    const store = useInventoryStore();
    await store.loadClusters();
    await store.setFocus({ clusterArn: CLUSTER_ARN, serviceArn: null, taskArn: null, view: 'services' });
    store.flush();
    expect(store.services(CLUSTER_ARN).map((s) => s.name).sort()).toEqual(['api', 'web']);
  });

  it('applies delta events: views read the new numbers after the coalesced redraw', async () => {
    const store = useInventoryStore();
    await store.loadClusters();
    await store.setFocus({ clusterArn: CLUSTER_ARN, serviceArn: null, taskArn: null, view: 'services' });
    const delta: InventoryDelta = { clusterArn: CLUSTER_ARN, services: [service('web', { runningCount: 1 }), service('api')], staled: [`${ACCOUNT}:task/prod/t1`] };
    const before = store.version;
    script.emit('inventory.delta', delta);
    store.flush();
    expect(store.version).toBeGreaterThan(before);
    expect(store.service(CLUSTER_ARN, `${ACCOUNT}:service/prod/web`)!.runningCount).toBe(1);
    expect(store.services(CLUSTER_ARN)).toHaveLength(2);
    expect(store.task(CLUSTER_ARN, `${ACCOUNT}:task/prod/t1`)!.stale).toBe(true);
  });

  it('tracks first-load progress and marks the cluster complete when every kind is done', async () => {
    const store = useInventoryStore();
    script.emit('inventory.delta', { clusterArn: CLUSTER_ARN, services: [service('web')] });
    script.emit('inventory.progress', { clusterArn: CLUSTER_ARN, what: 'services', pagesFetched: 7, pagesExpected: 20, itemsFetched: 70, done: false });
    expect(store.loadProgress(CLUSTER_ARN, 'services')).toMatchObject({ pagesFetched: 7, pagesExpected: 20 });
    for (const what of ['services', 'tasks', 'instances'] as const) script.emit('inventory.progress', { clusterArn: CLUSTER_ARN, what, pagesFetched: 20, pagesExpected: 20, itemsFetched: 200, done: true });
    store.flush();
    expect(store.bucket(CLUSTER_ARN)!.complete).toBe(true);
  });

  it('after a reconnect asks for the clusters, the focus and the snapshot again; a new session resets', async () => {
    const store = useInventoryStore();
    const focus = { clusterArn: CLUSTER_ARN, serviceArn: null, taskArn: null, view: 'services' as const };
    store.onSession({ profile: 'Demo account', kind: 'demo', region: 'us-east-1', accountId: '123456789012', callerArn: 'x', readOnly: false, production: false, demo: true, openedAt: 1 });
    await settle();
    await store.setFocus(focus);
    script.calls.length = 0;
    script.connection('closed');
    script.connection('open');
    await settle();
    await settle();
    expect(script.calls.map((c) => c.method)).toEqual(['inventory.clusters', 'inventory.focus', 'inventory.snapshot']);

    store.onSession({ profile: 'prod', kind: 'sso', region: 'eu-west-1', accountId: '999999999999', callerArn: 'x', readOnly: false, production: true, demo: false, openedAt: 2 });
    expect(store.services(CLUSTER_ARN)).toEqual([]);
  });

  it('problems store: sorted worst first, counted, found by target, replaced by problems.changed', async () => {
    const problems = useProblemsStore();
    expect(problems.count).toBeNull();
    await problems.load();
    expect(problems.count).toBe(1);
    script.emit('problems.changed', {
      problems: [problem({ id: 'w', severity: 'warning', title: 'w' }), problem({ id: 'c', severity: 'critical', title: 'c' }), problem({ id: 'e', severity: 'error', title: 'e', targetArn: 'arn:x' })],
    });
    expect(problems.sorted.map((p) => p.id)).toEqual(['c', 'e', 'w']);
    expect(problems.of('arn:x').map((p) => p.id)).toEqual(['e']);
  });
});
