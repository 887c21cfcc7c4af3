import type { CapacityProviderRecord, ClusterRecord, ContainerInstanceRecord, ServiceRecord, StrategyItem, TaskRecord } from '@contract/domains/inventory';
import { byText, isLive, reservedOf } from '../placement/placement-model';

/**
 * How a cluster's capacity providers are used, as pure functions of the inventory: per
 * provider its tasks and reserved CPU/memory, the Fargate Spot share, the cluster's default
 * strategy and each service's (with the split the service actually has), and recent Spot
 * interruptions.
 */

export interface ProviderUsage {
  name: string;
  kind: CapacityProviderRecord['kind'] | 'NONE';
  record: CapacityProviderRecord | null;
  /** Tasks ECS counts as running or pending (desiredStatus RUNNING), as ListTasks lists them. */
  tasks: number;
  /** Tasks told to stop that still hold their resources. */
  stopping: number;
  instances: number;
  drainingInstances: number;
  cpu: { reserved: number; registered: number | null };
  memory: { reserved: number; registered: number | null };
  /** In the cluster's provider list (a provider can run tasks after being removed from it). */
  attached: boolean;
}

export interface StrategyRow {
  key: string;
  label: string;
  /** null: the cluster's default strategy. */
  serviceName: string | null;
  items: StrategyItem[];
  /** For a service: its live tasks per provider, to set beside what the strategy asks. */
  actual: Record<string, number>;
  /** A service placed by launch type instead of a strategy. */
  launchType: string | null;
}

export interface SpotInterruption {
  taskArn: string;
  taskId: string;
  serviceName: string | null;
  zone: string | null;
  stoppedAt: number | null;
  reason: string | null;
}

export interface CapacityModel {
  providers: ProviderUsage[];
  /** Share of Fargate tasks on FARGATE_SPOT, 0..1, or null without Fargate tasks. */
  spotShare: number | null;
  spotTasks: number;
  fargateTasks: number;
  strategies: StrategyRow[];
  interruptions: SpotInterruption[];
}

const KIND_ORDER: Record<ProviderUsage['kind'], number> = { ASG: 0, FARGATE: 1, FARGATE_SPOT: 2, NONE: 3 };

/** The provider a task counts under: its capacityProviderName, or its launch type. */
export function providerOfTask(task: Pick<TaskRecord, 'capacityProviderName' | 'launchType'>): string {
  return task.capacityProviderName ?? `launch type ${task.launchType ?? 'unknown'}`;
}

const num = (text: string | null): number => {
  const n = Number(text);
  return text !== null && Number.isFinite(n) ? n : 0;
};

function emptyUsage(name: string, record: CapacityProviderRecord | null, attached: boolean): ProviderUsage {
  const fargate = record?.kind === 'FARGATE' || record?.kind === 'FARGATE_SPOT' || name === 'FARGATE' || name === 'FARGATE_SPOT' || name === 'launch type FARGATE';
  return {
    name,
    kind: record?.kind ?? (name === 'FARGATE' || name === 'FARGATE_SPOT' ? name : name.startsWith('launch type') ? 'NONE' : 'ASG'),
    record,
    tasks: 0,
    stopping: 0,
    instances: 0,
    drainingInstances: 0,
    cpu: { reserved: 0, registered: fargate ? null : 0 },
    memory: { reserved: 0, registered: fargate ? null : 0 },
    attached,
  };
}

export function providerUsage(
  cluster: Pick<ClusterRecord, 'capacityProviders'> | null,
  records: readonly CapacityProviderRecord[],
  instances: readonly ContainerInstanceRecord[],
  tasks: readonly TaskRecord[],
): ProviderUsage[] {
  const attached = new Set(cluster?.capacityProviders ?? []);
  const byName = new Map<string, ProviderUsage>();
  const usage = (name: string): ProviderUsage => {
    let u = byName.get(name);
    if (!u) byName.set(name, (u = emptyUsage(name, records.find((r) => r.name === name) ?? null, attached.has(name))));
    return u;
  };
  for (const name of attached) usage(name);
  for (const r of records) usage(r.name);

  for (const i of instances) {
    const u = usage(i.capacityProviderName ?? (i.external ? 'launch type EXTERNAL' : 'launch type EC2'));
    const r = reservedOf(i);
    u.instances++;
    if (i.status === 'DRAINING') u.drainingInstances++;
    u.cpu.reserved += r.cpu.reserved;
    u.memory.reserved += r.memory.reserved;
    u.cpu.registered = (u.cpu.registered ?? 0) + r.cpu.registered;
    u.memory.registered = (u.memory.registered ?? 0) + r.memory.registered;
  }
  for (const t of tasks) {
    if (!isLive(t)) continue;
    const u = usage(providerOfTask(t));
    if (t.desiredStatus === 'RUNNING') u.tasks++;
    else u.stopping++;
    // Instance providers' reservations come from the instances; Fargate's from the tasks.
    if (u.cpu.registered === null) {
      u.cpu.reserved += num(t.cpu);
      u.memory.reserved += num(t.memory);
    }
  }
  return [...byName.values()]
    .filter((u) => u.kind !== 'NONE' || u.tasks + u.stopping + u.instances > 0)
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byText(a.name, b.name));
}

export function strategyRows(cluster: Pick<ClusterRecord, 'defaultCapacityProviderStrategy'> | null, services: readonly ServiceRecord[], tasks: readonly TaskRecord[]): StrategyRow[] {
  const actual = new Map<string, Record<string, number>>();
  for (const t of tasks) {
    if (!t.serviceName || !isLive(t) || t.desiredStatus !== 'RUNNING') continue;
    const counts = actual.get(t.serviceName) ?? {};
    const p = providerOfTask(t);
    counts[p] = (counts[p] ?? 0) + 1;
    actual.set(t.serviceName, counts);
  }
  const rows: StrategyRow[] = [];
  if (cluster?.defaultCapacityProviderStrategy.length) {
    rows.push({ key: 'default', label: 'Cluster default', serviceName: null, items: [...cluster.defaultCapacityProviderStrategy], actual: {}, launchType: null });
  }
  for (const s of [...services].sort((a, b) => byText(a.name, b.name))) {
    if (s.status === 'INACTIVE') continue;
    rows.push({ key: s.arn, label: s.name, serviceName: s.name, items: [...s.capacityProviderStrategy], actual: actual.get(s.name) ?? {}, launchType: s.capacityProviderStrategy.length ? null : (s.launchType ?? 'EC2') });
  }
  return rows;
}

/** "FARGATE base 1, weight 1 · FARGATE_SPOT weight 3" */
export function strategyWords(items: readonly StrategyItem[]): string {
  return items.map((i) => `${i.capacityProvider}${i.base ? ` base ${i.base},` : ''} weight ${i.weight}`).join(' · ');
}

/**
 * Where the strategy would put `n` tasks: base first (in order), the rest by weight, as ECS
 * describes it. Shown beside the actual split so a drift stands out.
 */
export function expectedSplit(items: readonly StrategyItem[], n: number): Record<string, number> {
  const out: Record<string, number> = {};
  let left = n;
  for (const i of items) {
    const take = Math.min(i.base, left);
    out[i.capacityProvider] = take;
    left -= take;
  }
  const weights = items.reduce((s, i) => s + i.weight, 0);
  if (left > 0 && weights > 0) {
    // Largest remainder: whole tasks that add up to n.
    const shares = items.map((i) => ({ p: i.capacityProvider, exact: (left * i.weight) / weights }));
    let given = 0;
    for (const s of shares) {
      const whole = Math.floor(s.exact);
      out[s.p] += whole;
      given += whole;
    }
    shares.sort((a, b) => (b.exact % 1) - (a.exact % 1));
    for (let k = 0; k < left - given; k++) out[shares[k % shares.length].p] += 1;
  }
  return out;
}

export function spotInterruptions(tasks: readonly TaskRecord[], limit = 20): SpotInterruption[] {
  return tasks
    .filter((t) => t.stopCode === 'SpotInterruption')
    .sort((a, b) => (b.stoppedAt ?? b.stoppingAt ?? 0) - (a.stoppedAt ?? a.stoppingAt ?? 0))
    .slice(0, limit)
    .map((t) => ({ taskArn: t.arn, taskId: t.id, serviceName: t.serviceName, zone: t.availabilityZone, stoppedAt: t.stoppedAt ?? t.stoppingAt, reason: t.stoppedReason }));
}

export function capacityModel(
  cluster: ClusterRecord | null,
  records: readonly CapacityProviderRecord[],
  services: readonly ServiceRecord[],
  instances: readonly ContainerInstanceRecord[],
  tasks: readonly TaskRecord[],
): CapacityModel {
  const providers = providerUsage(cluster, records, instances, tasks);
  const spotTasks = providers.filter((p) => p.kind === 'FARGATE_SPOT').reduce((n, p) => n + p.tasks, 0);
  const fargateTasks = spotTasks + providers.filter((p) => p.kind === 'FARGATE').reduce((n, p) => n + p.tasks, 0);
  return {
    providers,
    spotShare: fargateTasks ? spotTasks / fargateTasks : null,
    spotTasks,
    fargateTasks,
    strategies: strategyRows(cluster, services, tasks),
    interruptions: spotInterruptions(tasks),
  };
}
