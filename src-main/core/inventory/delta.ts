import type {
  CapacityProviderRecord,
  ClusterRecord,
  ContainerInstanceRecord,
  InventoryDelta,
  ServiceRecord,
  TaskRecord,
} from '../../contract/domains/inventory';

export type RecordKind = 'services' | 'tasks' | 'instances' | 'capacityProviders';

export interface RecordOf {
  services: ServiceRecord;
  tasks: TaskRecord;
  instances: ContainerInstanceRecord;
  capacityProviders: CapacityProviderRecord;
}

/**
 * Collects the changes of one step (a page described, a listing finished) for one cluster,
 * or for the clusters list when clusterArn is null. The poller emits it when not empty.
 */
export class DeltaBuilder {
  private clusters: ClusterRecord[] = [];
  private readonly records: { [K in RecordKind]: Array<RecordOf[K]> } = { services: [], tasks: [], instances: [], capacityProviders: [] };
  private readonly removed: string[] = [];
  private readonly staled: string[] = [];
  private completedKinds: Array<'services' | 'tasks' | 'instances'> = [];
  private refreshedAt: NonNullable<InventoryDelta['refreshedAt']> = {};

  constructor(readonly clusterArn: string | null) {}

  cluster(record: ClusterRecord): void {
    this.clusters.push(record);
  }

  upsert<K extends RecordKind>(kind: K, record: RecordOf[K]): void {
    this.records[kind].push(record);
  }

  remove(key: string): void {
    this.removed.push(key);
  }

  stale(key: string): void {
    this.staled.push(key);
  }

  /** The kind's first full load of this cluster is done (once; views end their "Reading…" with it). */
  completed(kind: 'services' | 'tasks' | 'instances'): void {
    if (!this.completedKinds.includes(kind)) this.completedKinds.push(kind);
  }

  refreshed(kind: RecordKind, at: number): void {
    this.refreshedAt[kind] = at;
  }

  isEmpty(): boolean {
    const r = this.records;
    return (
      this.clusters.length + r.services.length + r.tasks.length + r.instances.length + r.capacityProviders.length + this.removed.length + this.staled.length + this.completedKinds.length === 0 &&
      Object.keys(this.refreshedAt).length === 0
    );
  }

  /** The delta so far; the builder starts empty again. */
  take(): InventoryDelta {
    const delta: InventoryDelta = { clusterArn: this.clusterArn };
    if (this.clusters.length) delta.clusters = this.clusters;
    for (const kind of ['services', 'tasks', 'instances', 'capacityProviders'] as const) {
      if (this.records[kind].length) (delta[kind] as unknown[]) = this.records[kind];
      this.records[kind] = [];
    }
    if (this.removed.length) delta.removed = this.removed.splice(0);
    if (this.staled.length) delta.staled = this.staled.splice(0);
    if (this.completedKinds.length) delta.completed = this.completedKinds.splice(0);
    if (Object.keys(this.refreshedAt).length) delta.refreshedAt = this.refreshedAt;
    this.clusters = [];
    this.refreshedAt = {};
    return delta;
  }
}
