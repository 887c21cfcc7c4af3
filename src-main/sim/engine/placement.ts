/**
 * EC2 task placement as ECS does it: filter the cluster's instances by resources (CPU, memory,
 * host ports, GPUs) and constraints (distinctInstance, memberOf), then order them by the
 * service's strategies (binpack, spread, random). Returns the instance, or why none fits in
 * the words ECS uses in its "unable to place a task" event.
 */
import type { ContainerInstanceRecord, ServiceRecord, TaskRecord } from '../world/types';
import type { World } from '../world/world';
import type { Random } from './random';

export interface TaskNeeds {
  cpu: number;
  memory: number;
  /** Static host ports (bridge/host network mode). */
  hostPorts: number[];
  gpus: number;
  constraints: Array<{ type: string; expression?: string }>;
  strategy: Array<{ type: string; field?: string }>;
}

export type PlacementResult = { ok: true; instance: ContainerInstanceRecord } | { ok: false; reason: string };

const DEFAULT_STRATEGY = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

export function placeTask(
  world: World,
  random: Random,
  service: ServiceRecord,
  needs: TaskNeeds,
  candidates: ContainerInstanceRecord[],
): PlacementResult {
  if (candidates.length === 0) return { ok: false, reason: 'no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.' };
  const serviceTasks = [...world.tasksOfService(service.clusterName, service.name)].filter((t) => t.desiredStatus === 'RUNNING');
  let closest: { instance: ContainerInstanceRecord; problem: string } | undefined;
  const fitting: ContainerInstanceRecord[] = [];
  for (const instance of candidates) {
    const problem = whyNot(instance, needs, serviceTasks);
    if (!problem) fitting.push(instance);
    else if (!closest || problemRank(problem) > problemRank(closest.problem)) closest = { instance, problem };
  }
  if (fitting.length === 0) {
    const c = closest as { instance: ContainerInstanceRecord; problem: string };
    return {
      ok: false,
      reason: `was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${c.instance.id}) ${c.problem}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
    };
  }
  const strategy = needs.strategy.length ? needs.strategy : DEFAULT_STRATEGY;
  return { ok: true, instance: orderByStrategy(world, fitting, strategy, serviceTasks, random)[0] };
}

/** The reason an instance cannot take the task, or undefined when it can. */
function whyNot(instance: ContainerInstanceRecord, needs: TaskNeeds, serviceTasks: TaskRecord[]): string | undefined {
  for (const constraint of needs.constraints) {
    if (constraint.type === 'distinctInstance' && serviceTasks.some((t) => t.containerInstanceArn === instance.arn)) {
      return 'is already running a task of this service (distinctInstance)';
    }
    if (constraint.type === 'memberOf' && constraint.expression && !matchesExpression(instance, constraint.expression)) {
      return 'is missing an attribute required by your task';
    }
  }
  if (instance.cpu - instance.usedCpu < needs.cpu) return 'has insufficient CPU units available';
  if (instance.memory - instance.usedMemory < needs.memory) return 'has insufficient memory available';
  if (needs.hostPorts.some((p) => instance.usedPorts.has(p))) return 'is already using a port required by your task';
  if (instance.freeGpus.length < needs.gpus) return 'has insufficient GPU resources available';
  return undefined;
}

/** Resource shortfalls are "closer" than constraint misses, as ECS reports the nearest fit. */
function problemRank(problem: string): number {
  if (problem.includes('attribute')) return 0;
  if (problem.includes('distinctInstance')) return 1;
  return 2;
}

/**
 * The simple cluster query language of memberOf: `attribute:NAME == v`, `!=`, `=~ regex-ish`
 * (`g4dn.*`), `in [a, b]`, `not in [...]`, joined by `and` / `or` (evaluated left to right).
 */
export function matchesExpression(instance: ContainerInstanceRecord, expression: string): boolean {
  const parts = expression.split(/\s+(and|or)\s+/i);
  let result = evaluateTerm(instance, parts[0]);
  for (let i = 1; i < parts.length; i += 2) {
    const next = evaluateTerm(instance, parts[i + 1]);
    result = parts[i].toLowerCase() === 'and' ? result && next : result || next;
  }
  return result;
}

function evaluateTerm(instance: ContainerInstanceRecord, term: string): boolean {
  const match = /^\s*\(?\s*([\w:.-]+)\s*(==|!=|=~|!~|not in|in)\s*(.+?)\s*\)?\s*$/i.exec(term);
  if (!match) return false;
  const [, subject, op, rawValue] = match;
  const actual = valueOf(instance, subject);
  const value = rawValue.trim();
  switch (op.toLowerCase()) {
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
    case '=~':
      return actual !== undefined && globToRegExp(value).test(actual);
    case '!~':
      return actual === undefined || !globToRegExp(value).test(actual);
    case 'in':
      return actual !== undefined && listOf(value).includes(actual);
    default:
      return actual === undefined || !listOf(value).includes(actual);
  }
}

function valueOf(instance: ContainerInstanceRecord, subject: string): string | undefined {
  if (subject === 'instanceId') return instance.ec2InstanceId;
  const name = subject.startsWith('attribute:') ? subject.slice(10) : subject;
  return instance.attributes.find((a) => a.name === name)?.value;
}

function globToRegExp(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return /^$/;
  }
}

function listOf(value: string): string[] {
  return value.replace(/^\[|\]$/g, '').split(',').map((v) => v.trim()).filter(Boolean);
}

function orderByStrategy(
  world: World,
  instances: ContainerInstanceRecord[],
  strategy: Array<{ type: string; field?: string }>,
  serviceTasks: TaskRecord[],
  random: Random,
): ContainerInstanceRecord[] {
  const keys = new Map<ContainerInstanceRecord, number[]>();
  for (const instance of instances) keys.set(instance, strategy.map((s) => strategyKey(world, instance, s, serviceTasks, random)));
  return [...instances].sort((a, b) => {
    const ka = keys.get(a) as number[];
    const kb = keys.get(b) as number[];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return 0;
  });
}

function strategyKey(world: World, instance: ContainerInstanceRecord, s: { type: string; field?: string }, serviceTasks: TaskRecord[], random: Random): number {
  const field = (s.field ?? '').toLowerCase();
  if (s.type === 'binpack') return field === 'cpu' ? instance.cpu - instance.usedCpu : instance.memory - instance.usedMemory;
  if (s.type === 'spread') {
    if (field === 'instanceid' || field === 'host') return serviceTasks.filter((t) => t.containerInstanceArn === instance.arn).length;
    const subject = s.field ?? '';
    const mine = subject === 'attribute:ecs.availability-zone' ? instance.availabilityZone : valueOf(instance, subject);
    let count = 0;
    for (const task of serviceTasks) {
      if (subject === 'attribute:ecs.availability-zone') {
        if (task.availabilityZone === mine) count++;
        continue;
      }
      const host = task.containerInstanceArn ? world.instances.get(task.containerInstanceArn) : undefined;
      if (host && valueOf(host, subject) === mine) count++;
    }
    return count;
  }
  return random.next();
}
