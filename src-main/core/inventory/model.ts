import type { ClusterHealth, ClusterRecord, ClusterSnapshot, Problem, ServiceRecord, TaskRecord } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import { concernsService, sameVerdict, serviceVerdict } from '../../contract/health';
import type { DeltaBuilder, RecordKind, RecordOf } from './delta';
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

export class InventoryModel {
  private readonly clusterRecords = new RecordTable<ClusterRecord>((c) => c.arn);
  private readonly states = new Map<string, ClusterState>();
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

  setProblemCount(clusterArn: string, count: number, delta: DeltaBuilder, health?: ClusterHealth): void {
    const record = this.clusterRecords.get(clusterArn);
    const sameHealth = !health || (record?.health.state === health.state && record.health.word === health.word);
    if (!record || (record.problemCount === count && sameHealth)) return;
    const updated = { ...record, problemCount: count, health: health ?? record.health };
    this.clusterRecords.replace(updated);
    delta.cluster(updated);
  }

  put<K extends RecordKind>(clusterArn: string, kind: K, records: Array<RecordOf[K]>, delta: DeltaBuilder): void {
    const table = this.state(clusterArn)[kind] as unknown as RecordTable<RecordOf[K]>;
    for (const raw of records) {
      const record = kind === 'services' ? (this.withVerdict(raw as ServiceRecord) as RecordOf[K]) : raw;
      if (table.upsert(record)) delta.upsert(kind, record);
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
