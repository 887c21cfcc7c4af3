import type { ContainerInstanceRecord, StrategyItem, TaskRecord } from '@contract/domains/inventory';
import { formatMiB, formatVcpu } from '../../format';
import { byText, instanceLabel } from './placement-model';
import { memberOf } from './member-of';
import type { TaskNeeds } from './task-needs';

/**
 * "Can N more tasks of this service be placed now?": fits the task's CPU, memory, static host
 * ports and GPUs into each eligible instance's remaining resources, one task at a time, in
 * the order the service's placement strategy would choose, respecting distinctInstance and
 * memberOf. It answers for now: Auto Scaling may add instances later, and ECS may place
 * differently (random strategy, tasks starting or stopping meanwhile).
 */

export interface FitService {
  name: string;
  launchType: string | null;
  capacityProviderStrategy: readonly StrategyItem[];
  placementStrategy: ReadonlyArray<{ type: string; field: string | null }>;
  placementConstraints: ReadonlyArray<{ type: string; expression: string | null }>;
}

export interface FitInput {
  service: FitService;
  needs: Pick<TaskNeeds, 'cpu' | 'memory' | 'hostPorts' | 'gpus'>;
  count: number;
  instances: readonly ContainerInstanceRecord[];
  /** The service's tasks (live ones count for distinctInstance and spread). */
  serviceTasks: ReadonlyArray<Pick<TaskRecord, 'containerInstanceArn' | 'availabilityZone' | 'lastStatus'>>;
}

export type FitReason = 'draining' | 'disconnected' | 'inactive' | 'external' | 'not-external' | 'other-provider' | 'member-of' | 'distinct-instance' | 'cpu' | 'memory' | 'ports' | 'gpus';

export interface FitPlacement {
  arn: string;
  label: string;
  zone: string | null;
  count: number;
}

export interface FitBlocker {
  arn: string;
  label: string;
  zone: string | null;
  reason: FitReason;
  /** In words: "has 0.5 vCPU left, needs 1 vCPU". */
  detail: string;
}

export interface FitResult {
  requested: number;
  placed: number;
  /** Instances that would take the new tasks, in the order they were chosen first. */
  placements: FitPlacement[];
  /** Every candidate instance that cannot take one more, and why (after the placements). */
  blockers: FitBlocker[];
  /** memberOf expressions Wharf could not evaluate (treated as satisfied). */
  unknownConstraints: string[];
  /** Set when the question does not apply (Fargate): the sentence says why. */
  notApplicable: boolean;
  sentence: string;
}

const DEFAULT_STRATEGY = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

const FARGATE = new Set(['FARGATE', 'FARGATE_SPOT']);

/** Fargate services run on AWS's capacity: there is no instance to fill. */
export function runsOnFargate(service: Pick<FitService, 'launchType' | 'capacityProviderStrategy'>): boolean {
  if (service.launchType === 'FARGATE') return true;
  const strategy = service.capacityProviderStrategy;
  return strategy.length > 0 && strategy.every((s) => FARGATE.has(s.capacityProvider));
}

/** The working copy of one instance while tasks are fitted into it. */
interface Slot {
  instance: ContainerInstanceRecord;
  label: string;
  cpu: number;
  memory: number;
  gpus: number;
  usedPorts: Set<string>;
  /** Live tasks of the service here, existing plus placed. */
  serviceTasks: number;
  placed: number;
}

function reasonText(reason: FitReason, slot: Slot, needs: FitInput['needs'], detail = ''): string {
  switch (reason) {
    case 'draining':
      return 'is DRAINING';
    case 'disconnected':
      return 'agent is disconnected';
    case 'inactive':
      return `is ${slot.instance.status}, not ACTIVE`;
    case 'external':
      return 'is an ECS Anywhere instance';
    case 'not-external':
      return 'is not an ECS Anywhere instance';
    case 'other-provider':
      return `belongs to ${slot.instance.capacityProviderName ?? 'no capacity provider'}, not the service's`;
    case 'member-of':
      return `does not match memberOf(${detail})`;
    case 'distinct-instance':
      return 'already runs a task of this service (distinctInstance)';
    case 'cpu':
      return `has ${formatVcpu(Math.max(0, slot.cpu))} left, needs ${formatVcpu(needs.cpu)}`;
    case 'memory':
      return `has ${formatMiB(Math.max(0, slot.memory))} left, needs ${formatMiB(needs.memory)}`;
    case 'ports':
      return `host port ${detail} is in use`;
    case 'gpus':
      return `has ${slot.gpus} free GPU${slot.gpus === 1 ? '' : 's'}, needs ${needs.gpus}`;
  }
}

interface Eligibility {
  reason: FitReason | null;
  detail: string;
}

/** Reasons that do not change as tasks are placed: status, kind, provider, memberOf. */
function standing(slot: Slot, input: FitInput, providers: Set<string> | null, unknown: Set<string>): Eligibility {
  const i = slot.instance;
  if (i.status === 'DRAINING') return { reason: 'draining', detail: '' };
  if (!i.agentConnected) return { reason: 'disconnected', detail: '' };
  if (i.status !== 'ACTIVE') return { reason: 'inactive', detail: '' };
  const wantsExternal = input.service.launchType === 'EXTERNAL';
  if (i.external && !wantsExternal) return { reason: 'external', detail: '' };
  if (!i.external && wantsExternal) return { reason: 'not-external', detail: '' };
  if (providers && !providers.has(i.capacityProviderName ?? '')) return { reason: 'other-provider', detail: '' };
  for (const c of input.service.placementConstraints) {
    if (c.type !== 'memberOf' || !c.expression) continue;
    const answer = memberOf(i, c.expression);
    if (answer === 'unknown') unknown.add(c.expression);
    else if (!answer) return { reason: 'member-of', detail: c.expression };
  }
  return { reason: null, detail: '' };
}

/** Reasons that depend on what is left: distinctInstance, CPU, memory, ports, GPUs. */
function room(slot: Slot, input: FitInput): Eligibility {
  const { needs } = input;
  const distinct = input.service.placementConstraints.some((c) => c.type === 'distinctInstance');
  if (distinct && slot.serviceTasks > 0) return { reason: 'distinct-instance', detail: '' };
  if (slot.cpu < needs.cpu) return { reason: 'cpu', detail: '' };
  if (slot.memory < needs.memory) return { reason: 'memory', detail: '' };
  const taken = needs.hostPorts.find((p) => slot.usedPorts.has(p));
  if (taken) return { reason: 'ports', detail: taken };
  if (slot.gpus < needs.gpus) return { reason: 'gpus', detail: '' };
  return { reason: null, detail: '' };
}

/** The strategy's sort key of an instance: lower goes first, as ECS orders candidates. */
function strategyKey(slot: Slot, s: { type: string; field: string | null }, zoneCounts: Map<string, number>, attrCounts: (field: string, value: string | undefined) => number): number {
  const field = (s.field ?? '').toLowerCase();
  if (s.type === 'binpack') return field === 'cpu' ? slot.cpu : slot.memory;
  if (s.type !== 'spread') return 0; // random: any order will do; keep the stable one
  if (field === 'instanceid' || field === 'host') return slot.serviceTasks;
  if (s.field === 'attribute:ecs.availability-zone') return zoneCounts.get(slot.instance.availabilityZone ?? '') ?? 0;
  const name = (s.field ?? '').replace(/^attribute:/, '');
  return attrCounts(name, slot.instance.attributes[name]);
}

function newSlot(instance: ContainerInstanceRecord, serviceTasks: number): Slot {
  return {
    instance,
    label: instanceLabel(instance),
    cpu: instance.remaining.cpu,
    memory: instance.remaining.memory,
    gpus: instance.remaining.gpus,
    // ECS lists the ports in use (reserved ones included) under remainingResources.
    usedPorts: new Set(instance.remaining.ports),
    serviceTasks,
    placed: 0,
  };
}

export function fitTasks(input: FitInput): FitResult {
  const requested = Math.max(0, Math.floor(input.count));
  if (runsOnFargate(input.service)) {
    return { requested, placed: 0, placements: [], blockers: [], unknownConstraints: [], notApplicable: true, sentence: `${input.service.name} runs on Fargate: AWS finds the capacity, there are no instances to fill.` };
  }
  const live = input.serviceTasks.filter((t) => t.lastStatus !== 'STOPPED');
  const perInstance = new Map<string, number>();
  const zoneCounts = new Map<string, number>();
  for (const t of live) {
    if (t.containerInstanceArn) perInstance.set(t.containerInstanceArn, (perInstance.get(t.containerInstanceArn) ?? 0) + 1);
    if (t.availabilityZone) zoneCounts.set(t.availabilityZone, (zoneCounts.get(t.availabilityZone) ?? 0) + 1);
  }
  const asg = input.service.capacityProviderStrategy.filter((s) => !FARGATE.has(s.capacityProvider));
  const providers = asg.length ? new Set(asg.map((s) => s.capacityProvider)) : null;
  const unknown = new Set<string>();

  const slots = [...input.instances].sort((a, b) => byText(instanceLabel(a), instanceLabel(b))).map((i) => newSlot(i, perInstance.get(i.arn) ?? 0));
  const standings = new Map(slots.map((s) => [s, standing(s, input, providers, unknown)]));
  const candidates = slots.filter((s) => standings.get(s)?.reason === null);
  const strategy = input.service.placementStrategy.length ? input.service.placementStrategy : DEFAULT_STRATEGY;
  const attrCounts = (name: string, value: string | undefined): number =>
    value === undefined ? 0 : slots.filter((s) => s.instance.attributes[name] === value).reduce((n, s) => n + s.serviceTasks, 0);

  const order: Slot[] = [];
  let placed = 0;
  while (placed < requested) {
    const fitting = candidates.filter((s) => room(s, input).reason === null);
    if (fitting.length === 0) break;
    const keyed = fitting.map((s) => ({ s, key: strategy.map((st) => strategyKey(s, st, zoneCounts, attrCounts)) }));
    keyed.sort((a, b) => {
      for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
      return 0;
    });
    const chosen = keyed[0].s;
    chosen.cpu -= input.needs.cpu;
    chosen.memory -= input.needs.memory;
    chosen.gpus -= input.needs.gpus;
    for (const p of input.needs.hostPorts) chosen.usedPorts.add(p);
    chosen.serviceTasks++;
    chosen.placed++;
    const zone = chosen.instance.availabilityZone ?? '';
    zoneCounts.set(zone, (zoneCounts.get(zone) ?? 0) + 1);
    if (chosen.placed === 1) order.push(chosen);
    placed++;
  }

  const blockers: FitBlocker[] = [];
  for (const slot of slots) {
    const why = standings.get(slot)?.reason ? (standings.get(slot) as Eligibility) : room(slot, input);
    if (why.reason) blockers.push({ arn: slot.instance.arn, label: slot.label, zone: slot.instance.availabilityZone, reason: why.reason, detail: reasonText(why.reason, slot, input.needs, why.detail) });
  }
  const placements = order.map((s) => ({ arn: s.instance.arn, label: s.label, zone: s.instance.availabilityZone, count: s.placed }));
  return { requested, placed, placements, blockers, unknownConstraints: [...unknown], notApplicable: false, sentence: fitSentence(requested, placed, placements, blockers, candidates.length) };
}

const SHORT_REASON: Record<FitReason, [string, string]> = {
  draining: ['is DRAINING', 'are DRAINING'],
  disconnected: ['has its agent disconnected', 'have their agent disconnected'],
  inactive: ['is not ACTIVE', 'are not ACTIVE'],
  external: ['is ECS Anywhere', 'are ECS Anywhere'],
  'not-external': ['is not ECS Anywhere', 'are not ECS Anywhere'],
  'other-provider': ['is in another capacity provider', 'are in another capacity provider'],
  'member-of': ['fails memberOf', 'fail memberOf'],
  'distinct-instance': ['already runs one (distinctInstance)', 'already run one (distinctInstance)'],
  cpu: ['lacks CPU', 'lack CPU'],
  memory: ['lacks memory', 'lack memory'],
  ports: ['has the host port in use', 'have the host port in use'],
  gpus: ['lacks a free GPU', 'lack a free GPU'],
};

/** "4 lack memory, 1 is DRAINING": the blockers counted by reason, most common first. */
export function blockerSummary(blockers: readonly FitBlocker[]): string {
  const counts = new Map<FitReason, number>();
  for (const b of blockers) counts.set(b.reason, (counts.get(b.reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} ${SHORT_REASON[reason][n === 1 ? 0 : 1]}`)
    .join(', ');
}

function fitSentence(requested: number, placed: number, placements: FitPlacement[], blockers: FitBlocker[], candidates: number): string {
  const where = placements.map((p) => `${p.label} (${p.count})`).join(', ');
  const why = blockerSummary(blockers);
  if (requested === 0) return 'Ask for at least one task.';
  if (candidates === 0) return `No — no instance can take this service's tasks${why ? `: ${why}` : ''}.`;
  if (placed === requested) return `Yes — ${requested === 1 ? 'it fits' : `all ${requested} fit`} now: ${where}.`;
  if (placed === 0) return `No — none fits now${why ? `: ${why}` : ''}.`;
  return `Only ${placed} of ${requested} fit now: ${where}. No room for the rest${why ? `: ${why}` : ''}.`;
}
