/**
 * ECS's side of Elastic Load Balancing for a service with loadBalancers[]: a task's target is
 * registered with its deployment's target group once the task runs (the IP for awsvpc tasks,
 * the instance and host port otherwise), and deregistered (draining) when it stops. A task of a
 * bad release, or one whose process is leaking towards its crash, fails its health checks.
 * ECS writes "registered N targets in (target-group …)" and the draining events.
 */
import type { TargetRef } from '../seams/ports';
import type { DeploymentRecord, ServiceRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';
import { addServiceEvent } from './service-events';
import { onTaskFailedToStart } from './deployments';
import { stopTask } from './task-lifecycle';

/** How long before a crash-looping task's crash its health checks start failing. */
const FAILING_BEFORE_CRASH_MS = 45_000;

export function serviceOf(ctx: EngineContext, task: TaskRecord): ServiceRecord | undefined {
  return task.serviceName ? ctx.world.findService(task.clusterName, task.serviceName) : undefined;
}

export function deploymentOf(service: ServiceRecord, deploymentId: string | undefined): DeploymentRecord | undefined {
  if (!deploymentId) return undefined;
  return service.deployments.find((d) => d.id === deploymentId) ?? service.pastDeployments.find((d) => d.id === deploymentId);
}

/** The target group a deployment's tasks register with, per entry of the service's loadBalancers[]. */
export function targetGroupsOf(service: ServiceRecord, deployment: DeploymentRecord | undefined): Array<string | undefined> {
  return service.loadBalancers.map((lb: { targetGroupArn?: string }, i: number) => deployment?.targetGroups?.[i] ?? lb.targetGroupArn);
}

/** The task's target for the service's i-th load balancer entry (undefined: the container has no such port). */
export function targetOf(ctx: EngineContext, task: TaskRecord, lb: { containerName?: string; containerPort?: number }): TargetRef | undefined {
  const container = task.containers.find((c) => c.name === lb.containerName) ?? task.containers[0];
  if (!container || lb.containerPort === undefined) return undefined;
  if (task.eni) return { id: task.eni.privateIp, port: lb.containerPort, availabilityZone: task.availabilityZone || undefined };
  const index = container.portMappings.findIndex((m) => m.containerPort === lb.containerPort);
  const hostPort = index >= 0 ? container.hostPorts[index] : undefined;
  const instance = task.containerInstanceArn ? ctx.world.instances.get(task.containerInstanceArn) : undefined;
  if (!instance || !hostPort) return undefined;
  return { id: instance.ec2InstanceId, port: hostPort, availabilityZone: instance.availabilityZone || undefined };
}

function isBadRelease(service: ServiceRecord, task: TaskRecord): boolean {
  return Boolean(service.behaviour.badReleases?.some((b) => b.taskDefinitionArn === task.taskDefinitionArn && b.unhealthyTargets !== false));
}

/** A task reached RUNNING: register its targets. Returns the time they pass their health checks (latest), if ever. */
export function registerTaskTargets(ctx: EngineContext, task: TaskRecord, at = ctx.now(), quiet = false): number | undefined {
  const service = serviceOf(ctx, task);
  if (!service || service.loadBalancers.length === 0) return undefined;
  const groups = targetGroupsOf(service, deploymentOf(service, task.deploymentId));
  const failing = isBadRelease(service, task);
  let healthyBy: number | undefined = at;
  service.loadBalancers.forEach((lb: { containerName?: string; containerPort?: number }, i: number) => {
    const group = groups[i];
    const target = targetOf(ctx, task, lb);
    if (!group || !target || !ctx.loadBalancing.hasTargetGroup(group)) return;
    const healthyAt = ctx.loadBalancing.register(group, target, at, { failsHealthChecks: failing });
    healthyBy = healthyAt === undefined || healthyBy === undefined ? undefined : Math.max(healthyBy, healthyAt);
    if (!quiet) noteTargets(ctx, service, 'registered', group);
  });
  if (healthyBy !== undefined && healthyBy > ctx.now()) ctx.after(healthyBy - ctx.now() + 1, () => ctx.markDirty(service));
  if (failing) replaceWhenUnhealthy(ctx, service, task);
  const crashAfter = service.behaviour.crashAfterMs;
  if (crashAfter) ctx.after(Math.max(1_000, Math.round(crashAfter * 0.6) - FAILING_BEFORE_CRASH_MS), () => failTaskTargets(ctx, task));
  return healthyBy;
}

/** Roughly how long two failed health checks take (15 s interval, threshold 2). */
const UNHEALTHY_AFTER_MS = 30_000;

/**
 * ECS stops a task whose targets fail their health checks once the service's health check grace
 * period is over ("Task failed ELB health checks in (target-group …)"); the circuit breaker
 * counts it as a failure.
 */
function replaceWhenUnhealthy(ctx: EngineContext, service: ServiceRecord, task: TaskRecord): void {
  const graceMs = (service.healthCheckGracePeriodSeconds ?? 0) * 1000;
  ctx.after(Math.max(UNHEALTHY_AFTER_MS, graceMs) + 5_000, () => {
    if (task.desiredStatus !== 'RUNNING') return;
    const group = targetGroupsOf(service, deploymentOf(service, task.deploymentId))[0];
    stopTask(ctx, task, { stopCode: 'ServiceSchedulerInitiated', reason: `Task failed ELB health checks in (target-group ${group})` });
    addServiceEvent(ctx, service, `(task ${task.id}) failed ELB health checks in (target-group ${group}).`);
    onTaskFailedToStart(ctx, service, task);
  });
}

/** The task's targets start failing their health checks. */
export function failTaskTargets(ctx: EngineContext, task: TaskRecord): void {
  const service = serviceOf(ctx, task);
  if (!service || task.desiredStatus !== 'RUNNING') return;
  const groups = targetGroupsOf(service, deploymentOf(service, task.deploymentId));
  service.loadBalancers.forEach((lb: { containerName?: string; containerPort?: number }, i: number) => {
    const target = targetOf(ctx, task, lb);
    if (groups[i] && target) ctx.loadBalancing.failHealthChecks(groups[i]!, target, ctx.now());
  });
}

/** The task is stopping: deregister its targets (they drain for the target group's deregistration delay). */
export function deregisterTaskTargets(ctx: EngineContext, task: TaskRecord): void {
  const service = serviceOf(ctx, task);
  if (!service || service.loadBalancers.length === 0 || task.startedAt === undefined) return;
  const groups = targetGroupsOf(service, deploymentOf(service, task.deploymentId));
  let any = false;
  service.loadBalancers.forEach((lb: { containerName?: string; containerPort?: number }, i: number) => {
    const target = targetOf(ctx, task, lb);
    if (!groups[i] || !target || !ctx.loadBalancing.hasTargetGroup(groups[i]!)) return;
    ctx.loadBalancing.deregister(groups[i]!, target, ctx.now());
    noteTargets(ctx, service, 'deregistered', groups[i]!);
    any = true;
  });
  if (any) noteDraining(ctx, service);
}

/** Whether every target of the task is registered and healthy now. */
export function taskTargetsHealthy(ctx: EngineContext, service: ServiceRecord, task: TaskRecord): boolean {
  const groups = targetGroupsOf(service, deploymentOf(service, task.deploymentId));
  return service.loadBalancers.every((lb: { containerName?: string; containerPort?: number }, i: number) => {
    const target = targetOf(ctx, task, lb);
    if (!groups[i] || !target || !ctx.loadBalancing.hasTargetGroup(groups[i]!)) return true;
    return ctx.loadBalancing.isHealthy(groups[i]!, target, ctx.now());
  });
}

// ECS writes one event per batch of targets: gather the registrations of one instant.
const pending = new WeakMap<ServiceRecord, { at: number; registered: Map<string, number>; deregistered: Map<string, number>; draining: number }>();

function batch(ctx: EngineContext, service: ServiceRecord) {
  let entry = pending.get(service);
  if (!entry || entry.at !== ctx.now()) {
    entry = { at: ctx.now(), registered: new Map(), deregistered: new Map(), draining: 0 };
    pending.set(service, entry);
    const written = entry;
    ctx.after(0, () => flush(ctx, service, written));
  }
  return entry;
}

function noteTargets(ctx: EngineContext, service: ServiceRecord, what: 'registered' | 'deregistered', group: string): void {
  const entry = batch(ctx, service);
  const counts = what === 'registered' ? entry.registered : entry.deregistered;
  counts.set(group, (counts.get(group) ?? 0) + 1);
}

function noteDraining(ctx: EngineContext, service: ServiceRecord): void {
  batch(ctx, service).draining++;
}

function flush(ctx: EngineContext, service: ServiceRecord, entry: NonNullable<ReturnType<typeof pending.get>>): void {
  if (entry.draining) addServiceEvent(ctx, service, `has begun draining connections on ${entry.draining} tasks.`);
  for (const [group, n] of entry.deregistered) addServiceEvent(ctx, service, `deregistered ${n} targets in (target-group ${group})`);
  for (const [group, n] of entry.registered) addServiceEvent(ctx, service, `registered ${n} targets in (target-group ${group})`);
}
