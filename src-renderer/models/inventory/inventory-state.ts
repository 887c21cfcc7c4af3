import type {
  CapacityProviderRecord,
  ClusterRecord,
  ClusterSnapshot,
  ContainerInstanceRecord,
  InventoryDelta,
  ServiceRecord,
  TaskRecord,
} from '@contract/domains/inventory';

/**
 * The renderer's copy of core's model: plain maps keyed by ARN (capacity providers by name),
 * one bucket per cluster. Plain on purpose: the store holds this behind a shallowRef and a
 * version counter, so 10,000 tasks never become 10,000 reactive proxies. Every function here
 * mutates the state it is given and says whether anything changed.
 */
export interface ClusterBucket {
  readonly services: Map<string, ServiceRecord>;
  readonly tasks: Map<string, TaskRecord>;
  readonly instances: Map<string, ContainerInstanceRecord>;
  readonly capacityProviders: Map<string, CapacityProviderRecord>;
  /** True once core said every page of the first load was fetched. */
  complete: boolean;
  /** Per kind, from the snapshot and the deltas' `completed`: a view's "Reading…" ends with its kind's. */
  completeKinds: { services: boolean; tasks: boolean; instances: boolean };
}

export interface InventoryState {
  readonly clusters: Map<string, ClusterRecord>;
  readonly buckets: Map<string, ClusterBucket>;
}

type RecordKind = 'services' | 'tasks' | 'instances' | 'capacityProviders';
const KINDS: readonly RecordKind[] = ['services', 'tasks', 'instances', 'capacityProviders'];

export function emptyInventory(): InventoryState {
  return { clusters: new Map(), buckets: new Map() };
}

function emptyBucket(): ClusterBucket {
  return { services: new Map(), tasks: new Map(), instances: new Map(), capacityProviders: new Map(), complete: false, completeKinds: { services: false, tasks: false, instances: false } };
}

/** The cluster's bucket, made on first use (a delta can come before the snapshot). */
export function bucketOf(state: InventoryState, clusterArn: string): ClusterBucket {
  let bucket = state.buckets.get(clusterArn);
  if (!bucket) {
    bucket = emptyBucket();
    state.buckets.set(clusterArn, bucket);
  }
  return bucket;
}

function keyOf(kind: RecordKind, record: { arn?: string | null; name?: string }): string {
  return kind === 'capacityProviders' ? (record as CapacityProviderRecord).name : (record as { arn: string }).arn;
}

/**
 * Applies one delta from core. Upserts replace records whole; `staled` marks records stale
 * and keeps them; `removed` drops only what core says is really gone; `refreshedAt` moves the
 * freshness of every record of that kind that is not stale.
 */
export function applyDelta(state: InventoryState, delta: InventoryDelta): boolean {
  let changed = false;
  for (const cluster of delta.clusters ?? []) {
    state.clusters.set(cluster.arn, cluster);
    changed = true;
  }
  if (delta.clusterArn === null) {
    // The clusters list: removals are deleted clusters (with everything known of them).
    for (const arn of delta.removed ?? []) {
      changed = state.clusters.delete(arn) || changed;
      changed = state.buckets.delete(arn) || changed;
    }
    for (const arn of delta.staled ?? []) changed = markStale(state.clusters, arn) || changed;
    return changed;
  }

  const bucket = bucketOf(state, delta.clusterArn);
  for (const kind of KINDS) {
    const records = delta[kind];
    if (!records?.length) continue;
    const map = bucket[kind] as Map<string, { fetchedAt: number; stale: boolean }>;
    for (const record of records) map.set(keyOf(kind, record), record);
    changed = true;
  }
  for (const key of delta.removed ?? []) {
    for (const kind of KINDS) changed = bucket[kind].delete(key) || changed;
    if (key === delta.clusterArn) changed = state.clusters.delete(key) || changed;
  }
  for (const kind of delta.completed ?? []) {
    bucket.completeKinds[kind] = true;
    bucket.complete = bucket.completeKinds.services && bucket.completeKinds.tasks && bucket.completeKinds.instances;
    changed = true;
  }
  for (const key of delta.staled ?? []) {
    for (const kind of KINDS) changed = markStale(bucket[kind] as Map<string, { stale: boolean }>, key) || changed;
  }
  for (const [kind, at] of Object.entries(delta.refreshedAt ?? {}) as Array<[RecordKind, number]>) {
    for (const record of bucket[kind].values()) {
      // Records are this store's own copies (they came over the wire): moving the time in
      // place is safe and avoids copying 10,000 tasks on every refresh.
      if (!record.stale && record.fetchedAt < at) record.fetchedAt = at;
    }
    changed = true;
  }
  return changed;
}

function markStale<R extends { stale: boolean }>(map: Map<string, R>, key: string): boolean {
  const record = map.get(key);
  if (!record || record.stale) return false;
  map.set(key, { ...record, stale: true });
  return true;
}

/**
 * A snapshot is core's whole picture of one cluster at the time it answered: it replaces the
 * bucket. (Deltas sent after it arrive after it on the same channel, so order is kept.)
 */
export function applySnapshot(state: InventoryState, snapshot: ClusterSnapshot): void {
  const arn = snapshot.cluster.arn;
  state.clusters.set(arn, snapshot.cluster);
  const bucket = emptyBucket();
  for (const s of snapshot.services) bucket.services.set(s.arn, s);
  for (const t of snapshot.tasks) bucket.tasks.set(t.arn, t);
  for (const i of snapshot.instances) bucket.instances.set(i.arn, i);
  for (const c of snapshot.capacityProviders) bucket.capacityProviders.set(c.name, c);
  bucket.complete = snapshot.complete;
  bucket.completeKinds = { ...snapshot.completeKinds };
  state.buckets.set(arn, bucket);
}

/**
 * The clusters list from `inventory.clusters`: merged, never used to drop a cluster (a core
 * that just started may not have listed them yet; deletions come as `removed` deltas).
 */
export function applyClusterList(state: InventoryState, clusters: readonly ClusterRecord[]): void {
  for (const c of clusters) state.clusters.set(c.arn, c);
}
