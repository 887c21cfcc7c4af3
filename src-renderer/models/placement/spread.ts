import type { ContainerInstanceRecord, TaskRecord } from '@contract/domains/inventory';
import { byText, instanceLabel, isLive } from './placement-model';
import { runsOnFargate, type FitService } from './fit';

/**
 * How a service's tasks are spread across zones and instances, against what its placement
 * strategy and constraints promise, with imbalance flagged in words: all tasks in one zone,
 * distinctInstance broken, zones (or instances) skewed beyond one task.
 */

export interface SpreadCount {
  key: string;
  label: string;
  count: number;
}

export type ImbalanceKind = 'single-zone' | 'distinct-instance-broken' | 'zone-skew' | 'instance-skew';

export interface Imbalance {
  kind: ImbalanceKind;
  severity: 'warning' | 'error';
  text: string;
}

export interface SpreadReport {
  byZone: SpreadCount[];
  byInstance: SpreadCount[];
  findings: Imbalance[];
  /** What the service asks for, in words: "spread by zone, then binpack by memory". */
  strategyText: string;
  constraintText: string;
  /** One line on why no finding is not a guarantee, when one applies (binpack, random). */
  note: string | null;
}

type SpreadService = FitService & { placementStrategy: FitService['placementStrategy'] };
type TaskFacts = Pick<TaskRecord, 'containerInstanceArn' | 'availabilityZone' | 'lastStatus'>;

const ZONE_FIELD = 'attribute:ecs.availability-zone';

export function strategyText(strategy: SpreadService['placementStrategy'], fargate: boolean): string {
  if (fargate) return 'Fargate: spread across the zones of its subnets';
  if (strategy.length === 0) return 'no strategy (ECS spreads by zone)';
  return strategy
    .map((s) => {
      if (s.type === 'spread') return `spread by ${s.field === ZONE_FIELD ? 'zone' : s.field === 'instanceId' || s.field === 'host' ? 'instance' : (s.field ?? '?')}`;
      if (s.type === 'binpack') return `binpack by ${(s.field ?? 'memory').toLowerCase()}`;
      return s.type;
    })
    .join(', then ');
}

export function constraintText(constraints: SpreadService['placementConstraints']): string {
  if (constraints.length === 0) return 'no constraints';
  return constraints.map((c) => (c.type === 'memberOf' ? `memberOf(${c.expression ?? ''})` : c.type)).join(', ');
}

/**
 * The zones the service could use: for EC2, the zones of ACTIVE instances of its capacity
 * providers (or all, without a strategy); for Fargate, the zones the cluster's tasks run in.
 */
export function zonesForService(service: SpreadService, instances: readonly ContainerInstanceRecord[], clusterTasks: readonly Pick<TaskRecord, 'availabilityZone'>[]): string[] {
  const zones = new Set<string>();
  if (runsOnFargate(service)) {
    for (const t of clusterTasks) if (t.availabilityZone) zones.add(t.availabilityZone);
  } else {
    const providers = new Set(service.capacityProviderStrategy.map((s) => s.capacityProvider));
    const wantsExternal = service.launchType === 'EXTERNAL';
    for (const i of instances) {
      if (i.status !== 'ACTIVE' || i.external !== wantsExternal || !i.availabilityZone) continue;
      if (providers.size && !providers.has(i.capacityProviderName ?? '')) continue;
      zones.add(i.availabilityZone);
    }
  }
  return [...zones].sort(byText);
}

function counted<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function skewed(counts: number[]): boolean {
  return counts.length > 1 && Math.max(...counts) - Math.min(...counts) > 1;
}

export function analyseSpread(
  service: SpreadService,
  serviceTasks: readonly TaskFacts[],
  instances: readonly ContainerInstanceRecord[],
  availableZones: readonly string[],
): SpreadReport {
  const live = serviceTasks.filter(isLive);
  const fargate = runsOnFargate(service);
  const zoneCounts = counted(live, (t) => t.availabilityZone);
  const byZone = [...new Set([...availableZones, ...zoneCounts.keys()])].sort(byText).map((z) => ({ key: z, label: z, count: zoneCounts.get(z) ?? 0 }));
  const instanceCounts = counted(live, (t) => t.containerInstanceArn);
  const labels = new Map(instances.map((i) => [i.arn, instanceLabel(i)]));
  const byInstance = [...instanceCounts.entries()]
    .map(([arn, count]) => ({ key: arn, label: labels.get(arn) ?? arn.split('/').pop() ?? arn, count }))
    .sort((a, b) => b.count - a.count || byText(a.label, b.label));

  const findings: Imbalance[] = [];
  const usedZones = byZone.filter((z) => z.count > 0);
  if (live.length >= 2 && usedZones.length === 1 && availableZones.length > 1) {
    findings.push({ kind: 'single-zone', severity: 'error', text: `All ${live.length} tasks run in ${usedZones[0].label}: losing that zone takes the service down (${availableZones.length} zones available).` });
  }
  const distinct = service.placementConstraints.some((c) => c.type === 'distinctInstance');
  const crowded = byInstance.filter((i) => i.count > 1);
  if (distinct && crowded.length) {
    findings.push({ kind: 'distinct-instance-broken', severity: 'error', text: `distinctInstance is broken: ${crowded.map((i) => `${i.label} runs ${i.count}`).join(', ')}.` });
  }
  const strategy = service.placementStrategy;
  const packs = strategy[0]?.type === 'binpack';
  const zoneSpread = fargate || strategy.length === 0 || strategy.some((s) => s.type === 'spread' && s.field === ZONE_FIELD);
  if (!packs && zoneSpread && findings.every((f) => f.kind !== 'single-zone') && skewed(byZone.map((z) => z.count))) {
    findings.push({ kind: 'zone-skew', severity: 'warning', text: `Zones are uneven: ${byZone.map((z) => `${z.count} in ${z.label}`).join(', ')} (a spread allows a difference of one).` });
  }
  const instanceSpread = strategy.some((s) => s.type === 'spread' && (s.field === 'instanceId' || s.field === 'host'));
  if (instanceSpread && skewed(byInstance.map((i) => i.count))) {
    findings.push({ kind: 'instance-skew', severity: 'warning', text: `Instances are uneven: ${byInstance.slice(0, 4).map((i) => `${i.count} on ${i.label}`).join(', ')}${byInstance.length > 4 ? ', …' : ''}.` });
  }
  let note: string | null = null;
  if (packs) note = 'Binpack fills one instance before the next: uneven zones are expected, not a fault.';
  else if (strategy.length > 0 && strategy.every((s) => s.type === 'random')) note = 'A random strategy promises no balance.';
  return { byZone, byInstance, findings, strategyText: strategyText(strategy, fargate), constraintText: constraintText(service.placementConstraints), note };
}
