/**
 * The ECS world: every cluster, instance, service, task and task definition of the simulated
 * account, with the indexes the API needs to answer without scanning (tasks by cluster, by
 * service, by instance). It stores and indexes; behaviour lives in sim/engine.
 */
import { Random } from '../engine/random';
import type {
  CapacityProviderRecord,
  ClusterRecord,
  ContainerInstanceRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './types';

export class World {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly capacityProviders = new Map<string, CapacityProviderRecord>();
  readonly instances = new Map<string, ContainerInstanceRecord>();
  readonly taskDefinitions = new Map<string, TaskDefinitionRecord>();
  /** Revisions per family, oldest first. */
  readonly families = new Map<string, TaskDefinitionRecord[]>();
  readonly services = new Map<string, ServiceRecord>();
  readonly tasks = new Map<string, TaskRecord>();

  private readonly instancesByCluster = new Map<string, Map<string, ContainerInstanceRecord>>();
  private readonly servicesByCluster = new Map<string, Map<string, ServiceRecord>>();
  private readonly tasksByCluster = new Map<string, Set<TaskRecord>>();
  private readonly tasksByService = new Map<string, Set<TaskRecord>>();
  private readonly tasksByInstance = new Map<string, Set<TaskRecord>>();

  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly random: Random,
  ) {}

  // ---- ARNs ----

  arn(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`;
  }
  clusterArn(name: string): string {
    return this.arn(`cluster/${name}`);
  }
  serviceArn(cluster: string, name: string): string {
    return this.arn(`service/${cluster}/${name}`);
  }
  taskArn(cluster: string, id: string): string {
    return this.arn(`task/${cluster}/${id}`);
  }
  containerInstanceArn(cluster: string, id: string): string {
    return this.arn(`container-instance/${cluster}/${id}`);
  }
  taskDefinitionArn(family: string, revision: number): string {
    return this.arn(`task-definition/${family}:${revision}`);
  }
  capacityProviderArn(name: string): string {
    return this.arn(`capacity-provider/${name}`);
  }

  /** A new ECS-style deployment id: `ecs-svc/` and 19 digits. */
  newDeploymentId(): string {
    return `ecs-svc/${this.random.digits(19)}`;
  }

  // ---- clusters, capacity providers, instances ----

  addCluster(cluster: ClusterRecord): void {
    this.clusters.set(cluster.name, cluster);
    this.instancesByCluster.set(cluster.name, new Map());
    this.servicesByCluster.set(cluster.name, new Map());
    this.tasksByCluster.set(cluster.name, new Set());
  }

  addCapacityProvider(provider: CapacityProviderRecord): void {
    this.capacityProviders.set(provider.name, provider);
  }

  addInstance(instance: ContainerInstanceRecord): void {
    this.instances.set(instance.arn, instance);
    this.instancesByCluster.get(instance.clusterName)?.set(instance.arn, instance);
    this.tasksByInstance.set(instance.arn, new Set());
  }

  instancesOf(cluster: string): Iterable<ContainerInstanceRecord> {
    return this.instancesByCluster.get(cluster)?.values() ?? [];
  }

  instanceCount(cluster: string): number {
    return this.instancesByCluster.get(cluster)?.size ?? 0;
  }

  // ---- task definitions ----

  addTaskDefinition(definition: TaskDefinitionRecord): void {
    this.taskDefinitions.set(definition.arn, definition);
    const revisions = this.families.get(definition.family) ?? [];
    revisions.push(definition);
    this.families.set(definition.family, revisions);
  }

  nextRevision(family: string): number {
    const revisions = this.families.get(family);
    return revisions ? revisions[revisions.length - 1].revision + 1 : 1;
  }

  /** Resolves `family`, `family:revision` or a full ARN; `family` alone is the latest ACTIVE revision. */
  findTaskDefinition(reference: string): TaskDefinitionRecord | undefined {
    if (reference.startsWith('arn:')) return this.taskDefinitions.get(reference);
    const [family, revision] = reference.split(':');
    const revisions = this.families.get(family);
    if (!revisions) return undefined;
    if (revision !== undefined) return revisions.find((r) => String(r.revision) === revision);
    for (let i = revisions.length - 1; i >= 0; i--) if (revisions[i].status === 'ACTIVE') return revisions[i];
    return undefined;
  }

  // ---- services ----

  addService(service: ServiceRecord): void {
    this.services.set(service.arn, service);
    this.servicesByCluster.get(service.clusterName)?.set(service.name, service);
    this.tasksByService.set(serviceKey(service.clusterName, service.name), new Set());
  }

  servicesOf(cluster: string): Iterable<ServiceRecord> {
    return this.servicesByCluster.get(cluster)?.values() ?? [];
  }

  serviceCount(cluster: string): number {
    return this.servicesByCluster.get(cluster)?.size ?? 0;
  }

  /** By name or ARN, within a cluster. */
  findService(cluster: string, reference: string): ServiceRecord | undefined {
    const name = reference.startsWith('arn:') ? reference.split('/').pop() ?? '' : reference;
    const service = this.servicesByCluster.get(cluster)?.get(name);
    if (service && reference.startsWith('arn:') && service.arn !== reference) return undefined;
    return service;
  }

  // ---- tasks ----

  addTask(task: TaskRecord): void {
    this.tasks.set(task.arn, task);
    this.tasksByCluster.get(task.clusterName)?.add(task);
    if (task.serviceName) this.tasksByService.get(serviceKey(task.clusterName, task.serviceName))?.add(task);
    if (task.containerInstanceArn) this.tasksByInstance.get(task.containerInstanceArn)?.add(task);
  }

  removeTask(task: TaskRecord): void {
    this.tasks.delete(task.arn);
    this.tasksByCluster.get(task.clusterName)?.delete(task);
    if (task.serviceName) this.tasksByService.get(serviceKey(task.clusterName, task.serviceName))?.delete(task);
    if (task.containerInstanceArn) this.tasksByInstance.get(task.containerInstanceArn)?.delete(task);
  }

  tasksOfCluster(cluster: string): ReadonlySet<TaskRecord> {
    return this.tasksByCluster.get(cluster) ?? EMPTY;
  }

  tasksOfService(cluster: string, service: string): ReadonlySet<TaskRecord> {
    return this.tasksByService.get(serviceKey(cluster, service)) ?? EMPTY;
  }

  tasksOfInstance(instanceArn: string): ReadonlySet<TaskRecord> {
    return this.tasksByInstance.get(instanceArn) ?? EMPTY;
  }

  /** By ARN or bare task id, within a cluster. */
  findTask(cluster: string, reference: string): TaskRecord | undefined {
    const arn = reference.startsWith('arn:') ? reference : this.taskArn(cluster, reference);
    const task = this.tasks.get(arn);
    return task && task.clusterName === cluster ? task : undefined;
  }

  findInstance(cluster: string, reference: string): ContainerInstanceRecord | undefined {
    const arn = reference.startsWith('arn:') ? reference : this.containerInstanceArn(cluster, reference);
    const instance = this.instances.get(arn);
    return instance && instance.clusterName === cluster ? instance : undefined;
  }
}

const EMPTY: ReadonlySet<TaskRecord> = new Set();

function serviceKey(cluster: string, service: string): string {
  return `${cluster}/${service}`;
}

/** The name part of a cluster reference (name or ARN); ECS's default cluster is `default`. */
export function clusterNameOf(reference: string | undefined): string {
  if (!reference) return 'default';
  const at = reference.indexOf(':cluster/');
  return reference.startsWith('arn:') && at >= 0 ? reference.slice(at + 9) : reference;
}
