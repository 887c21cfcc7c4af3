/**
 * A task's life as ECS reports it: PROVISIONING -> PENDING (image pull) -> RUNNING, and on the
 * way out DEACTIVATING -> STOPPING -> DEPROVISIONING -> STOPPED with a stopCode and reason.
 * Image pulls go through the sim's ECR: an image that does not resolve fails the task with
 * CannotPullContainerError. Stopped tasks stay listable for an hour of sim time.
 */
import type { ContainerRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';
import { writeCrashLogs, writeRequestLogs, writeStartupLogs } from './container-logs';
import { onTaskFailedToStart } from './deployments';
import { externalDigest } from './image-digest';
import { release } from './task-factory';
import { touchTask } from './record-changes';
import { deregisterTaskTargets, registerTaskTargets } from './load-balancing';

const SECOND = 1000;
const STOPPED_TASK_RETENTION_MS = 60 * 60 * SECOND;

export interface StopRequest {
  stopCode: 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated' | 'SpotInterruption' | 'TerminationNotice';
  reason: string;
  /** Exit code of the containers (default 0 for a graceful stop). */
  exitCode?: number;
  /** How long until the containers are gone (Spot gives a two-minute warning). */
  drainMs?: number;
}

function serviceOf(ctx: EngineContext, task: TaskRecord) {
  return task.serviceName ? ctx.world.findService(task.clusterName, task.serviceName) : undefined;
}

/** Starts a freshly built task on its way to RUNNING. */
export function launchTask(ctx: EngineContext, task: TaskRecord): void {
  ctx.world.addTask(task);
  // A new task (PROVISIONING, version 1) is ECS's first state change for it.
  ctx.changed({ kind: 'task', task });
  ctx.after(ctx.random.int(2, 8) * SECOND, () => toPending(ctx, task));
}

function toPending(ctx: EngineContext, task: TaskRecord): void {
  if (task.desiredStatus !== 'RUNNING') return;
  task.lastStatus = 'PENDING';
  if (task.eni) task.connectivityAt = ctx.now();
  task.pullStartedAt = ctx.now() + 300;
  // The task's containers pull in parallel: the slowest (largest) image sets the pace.
  let largeImageMs = 0;
  for (const container of task.containers) {
    const resolved = ctx.registry.resolveImage(container.image);
    if (resolved.kind === 'ecr' && !resolved.ok) {
      task.pullFailure = `CannotPullContainerError: ${resolved.reason}`;
    } else {
      container.imageDigest = resolved.kind === 'ecr' ? resolved.digest : externalDigest(container.image);
      if (resolved.kind === 'ecr' && resolved.pullMs) largeImageMs = Math.max(largeImageMs, resolved.pullMs);
    }
  }
  // After every field of this change: the version (and the event) covers all of it.
  touchTask(ctx, task);
  const pullMs = largeImageMs && !task.pullFailure ? Math.round(largeImageMs * (0.9 + 0.2 * ctx.random.next())) : ctx.random.int(4, 20) * SECOND;
  ctx.after(pullMs, () => pullDone(ctx, task));
}

function pullDone(ctx: EngineContext, task: TaskRecord): void {
  if (task.desiredStatus !== 'RUNNING') return;
  if (task.pullFailure) {
    for (const container of task.containers) container.reason = task.pullFailure;
    stopTask(ctx, task, { stopCode: 'TaskFailedToStart', reason: task.pullFailure, exitCode: undefined, drainMs: 0 });
    const service = serviceOf(ctx, task);
    if (service) {
      onTaskFailedToStart(ctx, service, task);
      ctx.changed({ kind: 'service-action', service, eventName: 'SERVICE_TASK_START_IMPAIRED' });
    }
    return;
  }
  task.pullStoppedAt = ctx.now();
  for (const container of task.containers) ctx.registry.recordPull(container.image, new Date(ctx.now()));
  touchTask(ctx, task);
  ctx.after(ctx.random.int(1, 4) * SECOND, () => toRunning(ctx, task));
}

function toRunning(ctx: EngineContext, task: TaskRecord): void {
  if (task.desiredStatus !== 'RUNNING') return;
  task.lastStatus = 'RUNNING';
  task.startedAt = ctx.now();
  task.connectivityAt ??= ctx.now();
  for (const container of task.containers) {
    container.lastStatus = 'RUNNING';
    container.runtimeId = `${task.id}-${ctx.random.digits(10)}`;
    if (container.execAgent) container.execAgent = { lastStatus: 'RUNNING', lastStartedAt: ctx.now() };
    if (container.healthStatus) container.healthStatus = 'HEALTHY';
  }
  touchTask(ctx, task);
  writeStartupLogs(ctx, task);
  registerTaskTargets(ctx, task);
  const service = serviceOf(ctx, task);
  if (service) ctx.markDirty(service);
  scheduleHazards(ctx, task);
  if (ctx.chatty) scheduleChatter(ctx, task);
}

/**
 * Puts a freshly built task straight into RUNNING as if it had started at `startedAt` (in the
 * past): for scenarios that need thousands of tasks without replaying their start-up.
 */
export function adoptRunningTask(ctx: EngineContext, task: TaskRecord, startedAt: number): void {
  task.createdAt = startedAt - 40 * SECOND;
  task.pullStartedAt = startedAt - 30 * SECOND;
  task.pullStoppedAt = startedAt - 6 * SECOND;
  task.connectivityAt = startedAt - 35 * SECOND;
  task.startedAt = startedAt;
  task.lastStatus = 'RUNNING';
  task.version = 4;
  for (const container of task.containers) {
    const resolved = ctx.registry.resolveImage(container.image);
    container.imageDigest = resolved.kind === 'ecr' && resolved.ok ? resolved.digest : externalDigest(container.image);
    container.lastStatus = 'RUNNING';
    container.runtimeId = `${task.id}-${ctx.random.digits(10)}`;
    if (container.execAgent) container.execAgent = { lastStatus: 'RUNNING', lastStartedAt: startedAt + 2 * SECOND };
    if (container.healthStatus) container.healthStatus = 'HEALTHY';
  }
  ctx.world.addTask(task);
  registerTaskTargets(ctx, task, startedAt, true);
  scheduleHazards(ctx, task);
  if (ctx.chatty) scheduleChatter(ctx, task);
}

/** Crash loops and Spot interruptions: what can happen to a running task on its own. */
function scheduleHazards(ctx: EngineContext, task: TaskRecord): void {
  const crashAfter = serviceOf(ctx, task)?.behaviour.crashAfterMs;
  if (crashAfter) ctx.after(Math.round(crashAfter * (0.6 + 0.8 * ctx.random.next())), () => crashTask(ctx, task));
  if (task.capacityProviderName === 'FARGATE_SPOT') {
    // Exponential time to interruption, mean about three hours per task.
    const after = Math.round(-Math.log(1 - ctx.random.next()) * 3 * 3600 * SECOND);
    ctx.after(after, () => {
      if (task.desiredStatus === 'RUNNING') {
        stopTask(ctx, task, { stopCode: 'SpotInterruption', reason: 'Your Spot Task was interrupted.', exitCode: 143, drainMs: 120 * SECOND });
      }
    });
  }
}

function scheduleChatter(ctx: EngineContext, task: TaskRecord): void {
  ctx.after(ctx.random.int(20, 90) * SECOND, () => {
    if (task.lastStatus !== 'RUNNING') return;
    writeRequestLogs(ctx, task);
    scheduleChatter(ctx, task);
  });
}

/** The essential container exits 1: ECS stops the task, the service starts a replacement. */
export function crashTask(ctx: EngineContext, task: TaskRecord): void {
  if (task.desiredStatus !== 'RUNNING' || task.lastStatus !== 'RUNNING') return;
  const essential = task.containers.find((c) => c.essential) ?? task.containers[0];
  writeCrashLogs(ctx, task, essential);
  essential.exitCode = 1;
  essential.lastStatus = 'STOPPED';
  const service = serviceOf(ctx, task);
  const deployment = service?.deployments.find((d) => d.id === task.deploymentId);
  if (deployment) deployment.failedTasks++;
  stopTask(ctx, task, { stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited', exitCode: 137, drainMs: 0 });
}

/** Asks a task to stop; it walks through the stopping states and frees its resources. */
export function stopTask(ctx: EngineContext, task: TaskRecord, stop: StopRequest): void {
  if (task.desiredStatus === 'STOPPED') return;
  const wasRunning = task.lastStatus === 'RUNNING';
  task.desiredStatus = 'STOPPED';
  task.stopCode = stop.stopCode;
  task.stoppedReason = stop.reason;
  task.stoppingAt = ctx.now();
  task.lastStatus = task.eni ? 'DEACTIVATING' : 'STOPPING';
  touchTask(ctx, task);
  if (wasRunning) deregisterTaskTargets(ctx, task);
  const service = serviceOf(ctx, task);
  if (service) ctx.markDirty(service);
  const drain = stop.drainMs ?? (wasRunning ? ctx.random.int(5, 30) * SECOND : SECOND);
  ctx.after(Math.max(SECOND, drain), () => {
    task.lastStatus = task.eni ? 'DEPROVISIONING' : 'STOPPING';
    task.executionStoppedAt = ctx.now();
    for (const container of task.containers) exitContainer(container, wasRunning, stop.exitCode);
    touchTask(ctx, task);
    ctx.after(ctx.random.int(3, 15) * SECOND, () => finishStop(ctx, task));
  });
}

function exitContainer(container: ContainerRecord, wasRunning: boolean, exitCode: number | undefined): void {
  if (container.lastStatus === 'STOPPED') return;
  container.lastStatus = 'STOPPED';
  if (wasRunning) container.exitCode ??= exitCode ?? 0;
  if (container.execAgent) container.execAgent = { ...container.execAgent, lastStatus: 'STOPPED' };
}

function finishStop(ctx: EngineContext, task: TaskRecord): void {
  task.lastStatus = 'STOPPED';
  task.stoppedAt = ctx.now();
  touchTask(ctx, task);
  release(ctx, task);
  const service = serviceOf(ctx, task);
  if (service) ctx.markDirty(service);
  ctx.after(STOPPED_TASK_RETENTION_MS, () => ctx.world.removeTask(task));
}
