import { DescribeClustersCommand, DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import type { ContainerInstanceRecord, InventoryDelta, TaskRecord } from '../../contract/domains/inventory';
import { DeltaBuilder } from './delta';
import type { EcsLike } from '../aws/reads';
import { BATCH, batches, failedArns, Limiter } from '../aws/ecs-reads';
import type { InventoryModel, VersionedOutcome } from './model';
import { normalizeCluster, normalizeContainerInstance, normalizeService, normalizeTask } from './normalize';

/**
 * The inventory as live events update it (core/live): records an event carries whole go into
 * the model at once, newest version first; what an event only names (a service, a partial
 * task, a cluster's counts) is described, ARNs from many events gathered into the API's full
 * batches. Every change leaves as the same `inventory.delta` the poller sends.
 */
export interface LiveInventoryDeps {
  ecs: EcsLike;
  region: string;
  model: InventoryModel;
  /** Epoch ms, for fetchedAt. */
  now(): number;
  emit(delta: InventoryDelta): void;
  /** How long ARNs are gathered before their describe goes out (default 100 ms). */
  gatherMs?: number;
}

export class LiveInventory {
  /** Describe calls made for events (services, partial tasks, cluster counts). */
  describes = 0;
  private readonly services: Gatherer;
  private readonly tasks: Gatherer;
  private readonly clusters: Gatherer;
  private readonly instances: Gatherer;
  private readonly limiter = new Limiter(4);
  private closed = false;

  constructor(private readonly deps: LiveInventoryDeps) {
    const gatherMs = deps.gatherMs ?? 100;
    this.services = new Gatherer(gatherMs, (cluster, keys) => this.describeServices(cluster, keys));
    this.tasks = new Gatherer(gatherMs, (cluster, keys) => this.describeTasks(cluster, keys));
    // A cluster's counts are a summary: one DescribeClusters every few seconds while events flow.
    this.clusters = new Gatherer(gatherMs * 50, (_all, keys) => this.describeClusters(keys));
    this.instances = new Gatherer(gatherMs, (cluster, keys) => this.describeInstances(cluster, keys));
  }

  close(): void {
    this.closed = true;
  }

  get model(): InventoryModel {
    return this.deps.model;
  }

  knownTask(clusterArn: string, arn: string): TaskRecord | undefined {
    return this.deps.model.hasState(clusterArn) ? this.deps.model.state(clusterArn).tasks.get(arn) : undefined;
  }

  applyTasks(clusterArn: string, records: TaskRecord[]): VersionedOutcome {
    return this.apply(clusterArn, (delta) => this.deps.model.putVersioned(clusterArn, 'tasks', records, delta));
  }

  applyInstances(clusterArn: string, records: ContainerInstanceRecord[]): VersionedOutcome {
    return this.apply(clusterArn, (delta) => this.deps.model.putVersioned(clusterArn, 'instances', records, delta));
  }

  /** Describes the services (names or ARNs) soon, with others of the cluster; resolves once done. */
  refreshService(clusterArn: string, service: string): Promise<void> {
    return this.services.add(clusterArn, service);
  }

  /** Describes a task an event named without carrying it whole. */
  refreshTask(clusterArn: string, taskArn: string): Promise<void> {
    return this.tasks.add(clusterArn, taskArn);
  }

  /** Describes a container instance an event named without carrying it whole. */
  refreshInstance(clusterArn: string, arn: string): Promise<void> {
    return this.instances.add(clusterArn, arn);
  }

  /** The cluster's counts (running, pending, services): one DescribeClusters for many events. */
  refreshCluster(clusterArn: string): Promise<void> {
    return this.clusters.add('', clusterArn);
  }

  /** Every record of every loaded cluster is current as of `at` (see InventoryModel.confirmFresh). */
  confirmFresh(at: number): void {
    const builders = new Map<string, DeltaBuilder>();
    this.deps.model.confirmFresh(at, (arn) => {
      const delta = new DeltaBuilder(arn);
      builders.set(arn, delta);
      return delta;
    });
    for (const delta of builders.values()) if (!delta.isEmpty() && !this.closed) this.deps.emit(delta.take());
  }

  /** A describe an event asked for is not a reconciliation: what it finds is not "missed". */
  private quietly(run: () => void): void {
    const observer = this.deps.model.pollChanges;
    this.deps.model.pollChanges = null;
    try {
      run();
    } finally {
      this.deps.model.pollChanges = observer;
    }
  }

  private apply(clusterArn: string, put: (delta: DeltaBuilder) => VersionedOutcome): VersionedOutcome {
    const delta = new DeltaBuilder(clusterArn);
    const outcome = put(delta);
    if (!delta.isEmpty() && !this.closed) this.deps.emit(delta.take());
    return outcome;
  }

  private async describeServices(clusterArn: string, names: string[]): Promise<void> {
    await Promise.all(
      batches(names, BATCH.services).map(async (batch) => {
        this.describes++;
        const res = await this.limiter.run(() => this.deps.ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: batch })));
        if (this.closed) return;
        const fetchedAt = this.deps.now();
        const delta = new DeltaBuilder(clusterArn);
        this.quietly(() => this.deps.model.put(clusterArn, 'services', (res.services ?? []).map((s) => normalizeService(s, fetchedAt)), delta));
        // A service ECS no longer has (deleted) is MISSING: only a complete listing may remove it.
        this.deps.model.stale(clusterArn, 'services', failedArns(res.failures), delta);
        if (!delta.isEmpty()) this.deps.emit(delta.take());
      }),
    );
  }

  private async describeTasks(clusterArn: string, arns: string[]): Promise<void> {
    await Promise.all(
      batches(arns, BATCH.tasks).map(async (batch) => {
        this.describes++;
        const res = await this.limiter.run(() => this.deps.ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: batch })));
        if (this.closed) return;
        const fetchedAt = this.deps.now();
        this.applyTasks(clusterArn, (res.tasks ?? []).map((t) => normalizeTask(t, fetchedAt)));
      }),
    );
  }

  private async describeInstances(clusterArn: string, arns: string[]): Promise<void> {
    await Promise.all(
      batches(arns, BATCH.containerInstances).map(async (batch) => {
        this.describes++;
        const res = await this.limiter.run(() => this.deps.ecs.send(new DescribeContainerInstancesCommand({ cluster: clusterArn, containerInstances: batch })));
        if (this.closed) return;
        const fetchedAt = this.deps.now();
        this.applyInstances(clusterArn, (res.containerInstances ?? []).map((ci) => normalizeContainerInstance(ci, clusterArn, fetchedAt)));
      }),
    );
  }

  private async describeClusters(arns: string[]): Promise<void> {
    await Promise.all(
      batches(arns, BATCH.clusters).map(async (batch) => {
        this.describes++;
        const res = await this.limiter.run(() => this.deps.ecs.send(new DescribeClustersCommand({ clusters: batch })));
        if (this.closed) return;
        const fetchedAt = this.deps.now();
        const delta = new DeltaBuilder(null);
        this.deps.model.putClusters((res.clusters ?? []).map((c) => normalizeCluster(c, this.deps.region, fetchedAt)), delta);
        if (!delta.isEmpty()) this.deps.emit(delta.take());
      }),
    );
  }
}

/**
 * Gathers keys per group (a cluster) for `waitMs`, then runs one flush per group with all of
 * them; a group flushes one at a time, so two readings of one key never race. Each `add`
 * resolves when the flush that carried its key has finished (rejects when it failed).
 */
class Gatherer {
  private readonly pending = new Map<string, Map<string, Array<{ resolve(): void; reject(e: unknown): void }>>>();
  private readonly running = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly waitMs: number,
    private readonly flush: (group: string, keys: string[]) => Promise<void>,
  ) {}

  add(group: string, key: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let keys = this.pending.get(group);
      if (!keys) {
        keys = new Map();
        this.pending.set(group, keys);
      }
      const waiters = keys.get(key) ?? [];
      waiters.push({ resolve, reject });
      keys.set(key, waiters);
      this.schedule(group);
    });
  }

  private schedule(group: string): void {
    if (this.running.has(group) || this.timers.has(group)) return;
    const timer = setTimeout(() => {
      this.timers.delete(group);
      void this.run(group);
    }, this.waitMs);
    timer.unref?.();
    this.timers.set(group, timer);
  }

  private async run(group: string): Promise<void> {
    const keys = this.pending.get(group);
    if (!keys || keys.size === 0) return;
    this.pending.delete(group);
    this.running.add(group);
    try {
      await this.flush(group, [...keys.keys()]);
      for (const waiters of keys.values()) for (const w of waiters) w.resolve();
    } catch (err) {
      for (const waiters of keys.values()) for (const w of waiters) w.reject(err);
    } finally {
      this.running.delete(group);
      if (this.pending.get(group)?.size) this.schedule(group);
    }
  }
}
