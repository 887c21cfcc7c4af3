import type { ContainerInstanceRecord, TaskRecord } from '@contract/domains/inventory';
import { familyOf } from '@contract/arn';

/**
 * The placement map's model: a cluster's tasks where they run. EC2 container instances
 * grouped by zone, Fargate tasks grouped by zone and capacity provider, ECS Anywhere
 * (EXTERNAL) instances in their own group, and tasks not placed yet. Pure and ordered for
 * stability: zones by name, instances by id, tasks by service then id, so a task that
 * appears or vanishes never reorders anything else.
 */

export interface Figure {
  reserved: number;
  registered: number;
}

/** Why an instance stands out. `ok` is ACTIVE with its agent connected. */
export type InstanceCondition = 'ok' | 'draining' | 'disconnected' | 'inactive';

export interface TaskBlock {
  arn: string;
  id: string;
  /** The colour key: the service name, else the task's group or family. */
  serviceKey: string;
  serviceName: string | null;
  lastStatus: string;
  /** desiredStatus STOPPED while still running: on its way out. */
  stopping: boolean;
  cpu: number | null;
  memory: number | null;
  healthStatus: string | null;
  capacityProviderName: string | null;
  stale: boolean;
}

export interface InstanceCell {
  kind: 'instance';
  arn: string;
  /** The container instance id (the last part of its ARN). */
  id: string;
  /** What people call it: the EC2 (or managed, mi-) instance id, else the container instance id. */
  label: string;
  zone: string | null;
  instanceType: string | null;
  capacityProviderName: string | null;
  status: string;
  agentConnected: boolean;
  external: boolean;
  condition: InstanceCondition;
  cpu: Figure;
  memory: Figure;
  gpus: Figure;
  tasks: TaskBlock[];
  stale: boolean;
}

export interface PoolCell {
  kind: 'pool';
  /** `zone|provider` */
  key: string;
  zone: string | null;
  provider: string;
  /** Sums of the tasks' own sizes (Fargate has no instance to fill). */
  cpuReserved: number;
  memoryReserved: number;
  tasks: TaskBlock[];
}

export type SectionKind = 'zone' | 'external' | 'unplaced';

export interface PlacementSection {
  key: string;
  kind: SectionKind;
  title: string;
  zone: string | null;
  instances: InstanceCell[];
  pools: PoolCell[];
  taskCount: number;
}

export interface PlacementFilter {
  service: string | null;
  zone: string | null;
  instanceType: string | null;
  provider: string | null;
}

export const NO_FILTER: PlacementFilter = { service: null, zone: null, instanceType: null, provider: null };

export interface PlacementModel {
  sections: PlacementSection[];
  /** What the filters can pick from (the whole cluster, not the filtered view). */
  choices: { services: string[]; zones: string[]; instanceTypes: string[]; providers: string[] };
  totals: { instances: number; tasks: number; shownInstances: number; shownTasks: number };
  /** The most tasks on any one shown instance: the map sizes every card for it. */
  maxTasksPerInstance: number;
}

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);
export const UNKNOWN_ZONE = 'zone unknown';

/** Plain comparison, not localeCompare: ids are ASCII and 10,000 of them sort on every delta. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function num(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function serviceKeyOf(task: Pick<TaskRecord, 'serviceName' | 'group' | 'taskDefinitionArn'>): string {
  if (task.serviceName) return task.serviceName;
  if (task.group) return task.group;
  return familyOf(task.taskDefinitionArn);
}

/** A task still holding capacity: not yet STOPPED (stopping ones are kept, marked). */
export function isLive(task: Pick<TaskRecord, 'lastStatus'>): boolean {
  return task.lastStatus !== 'STOPPED' && task.lastStatus !== 'DELETED';
}

export function isFargateTask(task: Pick<TaskRecord, 'launchType' | 'capacityProviderName'>): boolean {
  return task.launchType === 'FARGATE' || (task.capacityProviderName !== null && FARGATE_PROVIDERS.has(task.capacityProviderName));
}

export function fargateProviderOf(task: Pick<TaskRecord, 'capacityProviderName'>): string {
  return task.capacityProviderName ?? 'FARGATE';
}

export function conditionOf(instance: Pick<ContainerInstanceRecord, 'status' | 'agentConnected'>): InstanceCondition {
  if (instance.status === 'DRAINING') return 'draining';
  if (!instance.agentConnected) return 'disconnected';
  if (instance.status !== 'ACTIVE') return 'inactive';
  return 'ok';
}

export function instanceLabel(instance: Pick<ContainerInstanceRecord, 'ec2InstanceId' | 'id'>): string {
  return instance.ec2InstanceId ?? instance.id;
}

/** Registered minus remaining: what ECS has reserved for tasks on the instance. */
export function reservedOf(instance: Pick<ContainerInstanceRecord, 'registered' | 'remaining'>): { cpu: Figure; memory: Figure; gpus: Figure } {
  const r = instance.registered;
  const left = instance.remaining;
  return {
    cpu: { reserved: r.cpu - left.cpu, registered: r.cpu },
    memory: { reserved: r.memory - left.memory, registered: r.memory },
    gpus: { reserved: r.gpus - left.gpus, registered: r.gpus },
  };
}

export function toTaskBlock(task: TaskRecord): TaskBlock {
  return {
    arn: task.arn,
    id: task.id,
    serviceKey: serviceKeyOf(task),
    serviceName: task.serviceName,
    lastStatus: task.lastStatus,
    stopping: task.desiredStatus === 'STOPPED',
    cpu: num(task.cpu),
    memory: num(task.memory),
    healthStatus: task.healthStatus,
    capacityProviderName: task.capacityProviderName,
    stale: task.stale,
  };
}

/**
 * Blocks made from task records, kept while the record lives. The store replaces a record
 * when it changes and keeps the same object otherwise, so a poll that changed 20 of 10,000
 * tasks makes 20 new blocks. A cache keyed by the record itself: its answer depends on
 * nothing else, and it holds nothing a dropped record would keep alive.
 */
const blocks = new WeakMap<TaskRecord, TaskBlock>();

function blockOf(task: TaskRecord): TaskBlock {
  let block = blocks.get(task);
  if (!block) blocks.set(task, (block = toTaskBlock(task)));
  return block;
}

function sortTasks(tasks: TaskBlock[]): TaskBlock[] {
  return tasks.sort((a, b) => byText(a.serviceKey, b.serviceKey) || byText(a.id, b.id));
}

function toInstanceCell(instance: ContainerInstanceRecord, tasks: TaskBlock[]): InstanceCell {
  return {
    kind: 'instance',
    arn: instance.arn,
    id: instance.id,
    label: instanceLabel(instance),
    zone: instance.availabilityZone,
    instanceType: instance.instanceType,
    capacityProviderName: instance.capacityProviderName,
    status: instance.status,
    agentConnected: instance.agentConnected,
    external: instance.external,
    condition: conditionOf(instance),
    ...reservedOf(instance),
    tasks: sortTasks(tasks),
    stale: instance.stale,
  };
}

function sortedUnique(values: Iterable<string | null>): string[] {
  return [...new Set([...values].filter((v): v is string => !!v))].sort(byText);
}

function instanceShown(instance: ContainerInstanceRecord, f: PlacementFilter): boolean {
  if (f.zone && instance.availabilityZone !== f.zone) return false;
  if (f.instanceType && instance.instanceType !== f.instanceType) return false;
  if (f.provider && instance.capacityProviderName !== f.provider) return false;
  return true;
}

function poolShown(zone: string | null, provider: string, f: PlacementFilter): boolean {
  if (f.instanceType) return false; // Fargate has no instance type
  if (f.zone && zone !== f.zone) return false;
  if (f.provider && provider !== f.provider) return false;
  return true;
}

/** The last model built, with what it was built from: coming back to the map with nothing changed costs nothing. */
let last: { instances: readonly ContainerInstanceRecord[]; tasks: readonly TaskRecord[]; filter: PlacementFilter; model: PlacementModel } | null = null;

function sameRecords<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameFilter(a: PlacementFilter, b: PlacementFilter): boolean {
  return a.service === b.service && a.zone === b.zone && a.instanceType === b.instanceType && a.provider === b.provider;
}

/**
 * buildPlacementModel, remembering its last answer. The store hands out new arrays of the
 * same record objects, and replaces a record only when it changes, so the same records in the
 * same order (10,000 pointer comparisons) mean the same model: leaving the map and coming
 * back, or a delta of another cluster, does not rebuild it. The model is read-only to its users.
 */
export function placementModelOf(instances: readonly ContainerInstanceRecord[], tasks: readonly TaskRecord[], filter: PlacementFilter = NO_FILTER): PlacementModel {
  if (last && sameFilter(last.filter, filter) && sameRecords(last.instances, instances) && sameRecords(last.tasks, tasks)) return last.model;
  const model = buildPlacementModel(instances, tasks, filter);
  last = { instances: [...instances], tasks: [...tasks], filter: { ...filter }, model };
  return model;
}

/** Builds the map's model from the store's records of one cluster. */
export function buildPlacementModel(
  instances: readonly ContainerInstanceRecord[],
  allTasks: readonly TaskRecord[],
  filter: PlacementFilter = NO_FILTER,
): PlacementModel {
  const tasks = allTasks.filter(isLive);
  const byInstance = new Map<string, TaskBlock[]>();
  const pools = new Map<string, PoolCell>();
  const unplaced: TaskBlock[] = [];
  const instanceArns = new Set(instances.map((i) => i.arn));
  let shownTasks = 0;

  for (const task of tasks) {
    const block = blockOf(task);
    if (filter.service && block.serviceKey !== filter.service) continue;
    if (isFargateTask(task)) {
      const zone = task.availabilityZone;
      const provider = fargateProviderOf(task);
      if (!poolShown(zone, provider, filter)) continue;
      const key = `${zone ?? UNKNOWN_ZONE}|${provider}`;
      let pool = pools.get(key);
      if (!pool) pools.set(key, (pool = { kind: 'pool', key, zone, provider, cpuReserved: 0, memoryReserved: 0, tasks: [] }));
      pool.tasks.push(block);
      pool.cpuReserved += block.cpu ?? 0;
      pool.memoryReserved += block.memory ?? 0;
    } else if (task.containerInstanceArn && instanceArns.has(task.containerInstanceArn)) {
      const list = byInstance.get(task.containerInstanceArn);
      if (list) list.push(block);
      else byInstance.set(task.containerInstanceArn, [block]);
    } else {
      if (filter.zone || filter.instanceType || (filter.provider && task.capacityProviderName !== filter.provider)) continue;
      unplaced.push(block);
    }
  }

  const zoneSections = new Map<string, PlacementSection>();
  const sectionFor = (zone: string | null): PlacementSection => {
    const key = zone ?? UNKNOWN_ZONE;
    let s = zoneSections.get(key);
    if (!s) zoneSections.set(key, (s = { key: `zone:${key}`, kind: 'zone', title: key, zone, instances: [], pools: [], taskCount: 0 }));
    return s;
  };
  const external: PlacementSection = { key: 'external', kind: 'external', title: 'ECS Anywhere (EXTERNAL)', zone: null, instances: [], pools: [], taskCount: 0 };

  let maxTasks = 0;
  let shownInstances = 0;
  const orderedInstances = [...instances].sort((a, b) => byText(instanceLabel(a), instanceLabel(b)) || byText(a.id, b.id));
  for (const instance of orderedInstances) {
    if (!instanceShown(instance, filter)) continue;
    const own = byInstance.get(instance.arn) ?? [];
    if (filter.service && own.length === 0) continue;
    const cell = toInstanceCell(instance, own);
    const section = instance.external ? external : sectionFor(instance.availabilityZone);
    section.instances.push(cell);
    section.taskCount += own.length;
    shownTasks += own.length;
    shownInstances++;
    maxTasks = Math.max(maxTasks, own.length);
  }
  for (const pool of pools.values()) {
    sortTasks(pool.tasks);
    const section = sectionFor(pool.zone);
    section.pools.push(pool);
    section.taskCount += pool.tasks.length;
    shownTasks += pool.tasks.length;
  }

  const sections = [...zoneSections.values()].sort((a, b) => byText(a.key, b.key));
  for (const s of sections) s.pools.sort((a, b) => byText(a.provider, b.provider));
  if (external.instances.length) sections.push(external);
  if (unplaced.length) {
    sections.push({ key: 'unplaced', kind: 'unplaced', title: 'Not placed yet', zone: null, instances: [], pools: [{ kind: 'pool', key: 'unplaced', zone: null, provider: 'waiting', cpuReserved: 0, memoryReserved: 0, tasks: sortTasks(unplaced) }], taskCount: unplaced.length });
    shownTasks += unplaced.length;
  }

  return {
    sections,
    choices: {
      services: sortedUnique(tasks.map((t) => blockOf(t).serviceKey)),
      zones: sortedUnique([...instances.map((i) => i.availabilityZone), ...tasks.map((t) => t.availabilityZone)]),
      instanceTypes: sortedUnique(instances.map((i) => i.instanceType)),
      providers: sortedUnique([...instances.map((i) => i.capacityProviderName), ...tasks.filter(isFargateTask).map(fargateProviderOf), ...tasks.map((t) => t.capacityProviderName)]),
    },
    totals: { instances: instances.length, tasks: tasks.length, shownInstances, shownTasks },
    maxTasksPerInstance: maxTasks,
  };
}

/** How many services the legend lists as chips (the highlighted one comes on top if it is not among them). */
export const LEGEND_CHIPS = 11;

const counted = new WeakMap<PlacementModel, Array<[string, number]>>();

/** Tasks per service on the map (after the filters), busiest first, then by name. */
export function serviceTaskCounts(model: PlacementModel): Array<[string, number]> {
  const known = counted.get(model);
  if (known) return known;
  const byService = new Map<string, number>();
  for (const s of model.sections) {
    for (const cell of s.instances) for (const t of cell.tasks) byService.set(t.serviceKey, (byService.get(t.serviceKey) ?? 0) + 1);
    for (const cell of s.pools) for (const t of cell.tasks) byService.set(t.serviceKey, (byService.get(t.serviceKey) ?? 0) + 1);
  }
  const out = [...byService.entries()].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
  counted.set(model, out);
  return out;
}

/** The legend's chips: the busiest services, and the highlighted one last if it is not among them. */
export function legendChips(counts: Array<[string, number]>, highlight: string | null): Array<[string, number]> {
  const top = counts.slice(0, LEGEND_CHIPS);
  if (highlight && !top.some(([k]) => k === highlight)) top.push([highlight, counts.find(([k]) => k === highlight)?.[1] ?? 0]);
  return top;
}
