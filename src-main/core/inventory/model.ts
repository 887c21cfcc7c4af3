import type { ClusterHealth, ClusterRecord, ClusterSnapshot, ContainerInstanceRecord, Problem, ServiceRecord, TaskRecord } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import { concernsService, sameVerdict, serviceVerdict } from '../../contract/health';
import type { DeltaBuilder, RecordKind, RecordOf } from './delta';
import { fingerprint } from './fingerprint';
import { RecordTable } from './record-table';

/**
 * The normalized model: every cluster, and per cluster its services, tasks, container
 * instances and capacity providers keyed by ARN. Merges what the poller fetched and writes
 * only what changed into a DeltaBuilder. The rules that keep an operator's screen honest:
 * - a failed call or a `failures[]` entry marks records stale, never removes them;
 * - `removed` only for what really went away: a service, instance or cluster missing from a
 *   complete, successful listing; a STOPPED task past ECS's retention.
 */

/**
 * A task just described as STOPPED may not be in ListTasks(STOPPED) yet (ECS lists are
 * eventually consistent): only a task stopped longer ago than this may count as aged out.
 */
export const STOPPED_LISTING_GRACE_MS = 5 * 60_000;

export interface ClusterState {
  readonly arn: string;
  readonly services: RecordTable<RecordOf['services']>;
  readonly tasks: RecordTable<RecordOf['tasks']>;
  readonly instances: RecordTable<RecordOf['instances']>;
  readonly capacityProviders: RecordTable<RecordOf['capacityProviders']>;
  /** Each kind turns complete once its first full load has been fetched. */
  readonly complete: { services: boolean; tasks: boolean; instances: boolean };
}

function newClusterState(arn: string): ClusterState {
  const byArn = <R extends { arn: string }>(r: R) => r.arn;
  return {
    arn,
    services: new RecordTable<RecordOf['services']>(byArn),
    tasks: new RecordTable<RecordOf['tasks']>(byArn),
    instances: new RecordTable<RecordOf['instances']>(byArn),
    capacityProviders: new RecordTable((r) => r.name),
    complete: { services: false, tasks: false, instances: false },
  };
}

/** How a versioned reading (an event) fared against what the model holds. */
export interface VersionedOutcome {
  applied: number;
  /** The same version as held: a duplicate delivery. */
  duplicates: number;
  /** An older version than held: it arrived after a newer one. */
  older: number;
}

/**
 * Told of each record a poll (not an event) found changed or new in a kind already loaded in
 * full: while live events drive the model, those are what the events missed.
 */
export type PollChangeObserver = (kind: RecordKind, clusterArn: string, key: string, fields: readonly string[]) => void;

export class InventoryModel {
  private readonly clusterRecords = new RecordTable<ClusterRecord>((c) => c.arn);
  private readonly states = new Map<string, ClusterState>();
  /** Set while live events drive the model (reconciliation counts what they missed). */
  pollChanges: PollChangeObserver | null = null;
  /**
   * When live events first drove this model (null: not yet). EventBridge sends only what
   * happens while the rule exists, so a change a poll finds counts as missed by events only when
   * the previous complete read of its kind started after this: else it may predate the events
   * (a change made while polling, after the last full read began and before live events).
   */
  liveSince: number | null = null;
  /** When the latest complete read of each cluster's kind started (key: cluster ARN, NUL, kind). */
  private readonly fullReadAt = new Map<string, number>();
  /** When each region's cluster list was last read complete (ListClusters to the last page). */
  private readonly clustersListedAt = new Map<string, number>();
  /** The Problems list the services' verdicts are computed with (see setProblems). */
  private problemsByService = new Map<string, Problem[]>();

  clusters(): ClusterRecord[] {
    return [...this.clusterRecords.values()];
  }

  clusterRecord(arn: string): ClusterRecord | undefined {
    return this.clusterRecords.get(arn);
  }

  /** The cluster's tables, created on first use (a focus may come before its summary). */
  state(clusterArn: string): ClusterState {
    let state = this.states.get(clusterArn);
    if (!state) {
      state = newClusterState(clusterArn);
      this.states.set(clusterArn, state);
    }
    return state;
  }

  hasState(clusterArn: string): boolean {
    return this.states.has(clusterArn);
  }

  /** Clusters from DescribeClusters; problemCount and health are Wharf's own and survive the merge. */
  putClusters(records: ClusterRecord[], delta: DeltaBuilder): void {
    for (const record of records) {
      const known = this.clusterRecords.get(record.arn);
      const merged = { ...record, problemCount: known?.problemCount ?? 0, health: known?.health ?? record.health };
      if (this.clusterRecords.upsert(merged)) delta.cluster(merged);
    }
  }

  staleClusters(arns: Iterable<string>, delta: DeltaBuilder): void {
    for (const arn of arns) {
      const record = this.clusterRecords.markStale(arn);
      if (record) delta.cluster(record);
    }
  }

  /** After a complete ListClusters of a region: clusters not in it were deleted. */
  removeClustersNotListed(region: string, listed: ReadonlySet<string>, delta: DeltaBuilder, at: number): void {
    for (const record of [...this.clusterRecords.values()]) {
      if (record.region !== region || listed.has(record.arn)) continue;
      this.clusterRecords.remove(record.arn);
      this.states.delete(record.arn);
      delta.remove(record.arn);
    }
    this.clustersListedAt.set(region, at);
  }

  /** When the region's cluster list was last read complete; null before the first time. */
  clustersListedIn(region: string): number | null {
    return this.clustersListedAt.get(region) ?? null;
  }

  /**
   * A complete read of the cluster's kind (every page listed, every record described) that
   * started at `startedAt` finished: what a later read finds changed happened after it began.
   */
  fullyRead(clusterArn: string, kind: RecordKind, startedAt: number): void {
    this.fullReadAt.set(`${clusterArn}\u0000${kind}`, startedAt);
  }

  /** Whether the latest complete read of the cluster's kind started once live events drove the model. */
  private sinceLive(clusterArn: string, kind: RecordKind): boolean {
    const readAt = this.fullReadAt.get(`${clusterArn}\u0000${kind}`);
    return this.liveSince !== null && readAt !== undefined && readAt >= this.liveSince;
  }

  setProblemCount(clusterArn: string, count: number, delta: DeltaBuilder, health?: ClusterHealth): void {
    const record = this.clusterRecords.get(clusterArn);
    const sameHealth = !health || (record?.health.state === health.state && record.health.word === health.word && (record.health.awaiting ?? null) === (health.awaiting ?? null));
    if (!record || (record.problemCount === count && sameHealth)) return;
    const updated = { ...record, problemCount: count, health: health ?? record.health };
    this.clusterRecords.replace(updated);
    delta.cluster(updated);
  }

  /**
   * What a poll read. A task or instance older (by ECS's `version`) than the one held is not
   * taken: an event brought the newer one while the describe was on its way.
   */
  put<K extends RecordKind>(clusterArn: string, kind: K, records: Array<RecordOf[K]>, delta: DeltaBuilder): void {
    const state = this.state(clusterArn);
    const table = state[kind] as unknown as RecordTable<RecordOf[K]>;
    const observe = this.pollChanges;
    for (const raw of records) {
      // A service carries its verdict (contract/health.ts) from the Problems list held now.
      const record = kind === 'services' ? (this.withVerdict(raw as ServiceRecord) as RecordOf[K]) : raw;
      const key = keyOf(kind, record);
      const before = table.get(key);
      if (before && isOlder(record, before)) continue;
      if (!table.upsert(record)) continue;
      delta.upsert(kind, record);
      if (!observe) continue;
      // ECS sends no events about capacity providers: only the poll keeps them.
      if (kind === 'capacityProviders') continue;
      const complete = state.complete[kind as keyof ClusterState['complete']];
      if (before ? !before.stale && eventFingerprint(kind, before) !== eventFingerprint(kind, record) : complete) {
        if (this.sinceLive(clusterArn, kind)) observe(kind, clusterArn, key, before ? changedFields(kind, before, record) : ['(new)']);
      }
    }
  }

  /**
   * What an event told: taken when newer than what is held (by `version`), counted as a
   * duplicate when the same version is held, as older when a newer one is.
   */
  putVersioned<K extends 'tasks' | 'instances'>(clusterArn: string, kind: K, records: Array<RecordOf[K]>, delta: DeltaBuilder): VersionedOutcome {
    const table = this.state(clusterArn)[kind] as unknown as RecordTable<RecordOf[K]>;
    const outcome: VersionedOutcome = { applied: 0, duplicates: 0, older: 0 };
    for (const record of records) {
      const before = table.get(record.arn);
      if (before && before.version !== null && record.version !== null) {
        if (record.version < before.version) {
          outcome.older++;
          continue;
        }
        if (record.version === before.version && !before.stale) {
          outcome.duplicates++;
          table.touch(record.arn, record.fetchedAt);
          continue;
        }
      }
      outcome.applied++;
      if (table.upsert(record)) delta.upsert(kind, record);
    }
    return outcome;
  }

  /**
   * Live events confirm every record they have not changed as current as of `at`: each kind of
   * each loaded cluster is marked refreshed (records not stale take `at` as fetchedAt).
   */
  confirmFresh(at: number, deltaFor: (clusterArn: string) => DeltaBuilder): void {
    for (const [arn, state] of this.states) {
      const delta = deltaFor(arn);
      for (const kind of ['services', 'tasks', 'instances', 'capacityProviders'] as const) {
        const table = state[kind] as RecordTable<RecordOf[typeof kind]>;
        if (table.size === 0) continue;
        for (const key of [...table.keys()]) table.touch(key, at);
        delta.refreshed(kind, at);
      }
    }
  }

  /**
   * The Problems list changed (or time moved it): every service's verdict is recomputed with
   * it, and each service whose verdict moved is sent again (its record otherwise unchanged).
   */
  setProblems(problems: readonly Problem[], deltaOf: (clusterArn: string) => DeltaBuilder): void {
    const byService = new Map<string, Problem[]>();
    const add = (arn: string, p: Problem) => byService.set(arn, [...(byService.get(arn) ?? []), p]);
    for (const p of problems) {
      add(p.targetArn, p);
      if (p.serviceArn && p.serviceArn !== p.targetArn) add(p.serviceArn, p);
    }
    this.problemsByService = byService;
    for (const [clusterArn, state] of this.states) {
      for (const service of [...state.services.values()]) {
        const next = this.withVerdict(service);
        if (sameVerdict(service.health, next.health)) continue;
        state.services.replace(next);
        deltaOf(clusterArn).upsert('services', next);
      }
    }
  }

  private withVerdict(service: ServiceRecord): ServiceRecord {
    const problems = (this.problemsByService.get(service.arn) ?? []).filter((p) => concernsService(p, service.arn));
    return { ...service, health: serviceVerdict(service, problems) };
  }

  /** A failed call or a failures[] entry: keep the records, mark them stale. */
  stale(clusterArn: string, kind: RecordKind, keys: Iterable<string>, delta: DeltaBuilder): void {
    const table = this.state(clusterArn)[kind];
    for (const key of keys) if (table.markStale(key)) delta.stale(key);
  }

  /**
   * After a complete, successful listing (ListServices, ListContainerInstances, the cluster's
   * capacity providers): what is not in it was deleted or deregistered.
   */
  removeNotListed(clusterArn: string, kind: Exclude<RecordKind, 'tasks'>, listed: ReadonlySet<string>, delta: DeltaBuilder): void {
    const table = this.state(clusterArn)[kind];
    for (const key of [...table.keys()]) {
      if (listed.has(key)) continue;
      table.remove(key);
      delta.remove(key);
      if (kind !== 'capacityProviders' && this.sinceLive(clusterArn, kind)) this.pollChanges?.(kind, clusterArn, key, ['(gone)']);
    }
  }

  /**
   * After complete ListTasks(RUNNING) and ListTasks(STOPPED) listings: a STOPPED task in
   * neither, stopped more than the listing grace ago, is past ECS's retention. Tasks not yet
   * STOPPED are never removed here: they are described again and find their own way.
   */
  removeExpiredTasks(clusterArn: string, listed: ReadonlySet<string>, now: number, delta: DeltaBuilder): void {
    const table = this.state(clusterArn).tasks;
    for (const task of [...table.values()]) {
      if (listed.has(task.arn) || task.lastStatus !== 'STOPPED') continue;
      if (task.stoppedAt !== null && now - task.stoppedAt < STOPPED_LISTING_GRACE_MS) continue;
      table.remove(task.arn);
      delta.remove(task.arn);
    }
  }

  /** STOPPED tasks still listed by ECS never change: confirm them fresh without describing. */
  confirmStoppedTasks(clusterArn: string, listed: Iterable<string>, at: number): void {
    const table = this.state(clusterArn).tasks;
    for (const arn of listed) if (table.get(arn)?.lastStatus === 'STOPPED') table.touch(arn, at);
  }

  /** Known tasks that may still change: everything not STOPPED (a STOPPED task never changes). */
  liveTaskArns(clusterArn: string, filter?: (t: TaskRecord) => boolean): string[] {
    const out: string[] = [];
    for (const task of this.state(clusterArn).tasks.values()) if (task.lastStatus !== 'STOPPED' && (!filter || filter(task))) out.push(task.arn);
    return out;
  }

  snapshot(clusterArn: string): ClusterSnapshot {
    const cluster = this.clusterRecords.get(clusterArn);
    if (!cluster) {
      throw new WharfError('NOT_FOUND', `Wharf has not loaded the cluster ${clusterArn} (yet).`, { fix: 'Pick the cluster from the clusters list; it loads when you open it.' });
    }
    const state = this.state(clusterArn);
    return {
      cluster,
      services: [...state.services.values()],
      tasks: [...state.tasks.values()],
      instances: [...state.instances.values()],
      capacityProviders: [...state.capacityProviders.values()],
      complete: state.complete.services && state.complete.tasks && state.complete.instances,
      completeKinds: { ...state.complete },
    };
  }

  /** The age of the oldest data of a cluster on screen: for the status bar. */
  oldestFetchedAt(clusterArn: string): number | null {
    const candidates = [this.clusterRecords.get(clusterArn)?.fetchedAt ?? null];
    const state = this.states.get(clusterArn);
    if (state) for (const kind of ['services', 'tasks', 'instances', 'capacityProviders'] as const) candidates.push(state[kind].oldestFetchedAt());
    const known = candidates.filter((c): c is number => c !== null);
    return known.length ? Math.min(...known) : null;
  }

  /** The age of the oldest cluster summary of a region: for the status bar outside a cluster. */
  oldestClusterFetchedAt(region: string): number | null {
    const times = [...this.clusterRecords.values()].filter((c) => c.region === region).map((c) => c.fetchedAt);
    return times.length ? Math.min(...times) : null;
  }
}

function keyOf(kind: RecordKind, record: { arn?: string | null; name?: string }): string {
  return kind === 'capacityProviders' ? (record as { name: string }).name : (record as { arn: string }).arn;
}

/** A task or instance reading older than the one held (both carry ECS's version). */
function isOlder(record: object, held: object): boolean {
  const a = (record as { version?: number | null }).version;
  const b = (held as { version?: number | null }).version;
  return typeof a === 'number' && typeof b === 'number' && a < b;
}

/** The top-level fields ECS's events report that differ between two readings of a record (for the missed list). */
function changedFields(kind: RecordKind, before: object, after: object): string[] {
  const skip = new Set(['fetchedAt', 'stale', ...(kind === 'instances' ? ['runningTasksCount', 'pendingTasksCount'] : [])]);
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/**
 * What ECS's events report of a record: all of it, but an instance's running and pending task
 * counts, which move with its tasks (their own events) and never come as an instance event.
 */
function eventFingerprint(kind: RecordKind, record: { fetchedAt: number; stale: boolean }): number {
  if (kind !== 'instances') return fingerprint(record);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { runningTasksCount, pendingTasksCount, ...rest } = record as ContainerInstanceRecord;
  return fingerprint(rest);
}
