/**
 * The service scheduler: brings a service's tasks to its desired count, replaces tasks of old
 * deployments within minimumHealthyPercent / maximumPercent, and declares the deployment
 * COMPLETED once only the primary's tasks are left and all are running.
 */
import type { DeploymentRecord, ServiceRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';
import { chooseCapacity, fargatePlacement } from './capacity';
import { completeDeployment } from './deployments';
import { requestScaleOut } from './managed-scaling';
import { placeTask } from './placement';
import { addServiceEvent, taskList } from './service-events';
import { buildTask, taskNeeds } from './task-factory';
import { launchTask, stopTask } from './task-lifecycle';
import { isDriven, reconcileStaged, type StagedHooks } from './staged-deployments';
import { evaluateBadReleases } from './bad-releases';

const stagedHooks: StagedHooks = { launch: (ctx, service, deployment, count) => launchTasks(ctx, service, deployment, count) };

const RETRY_PLACEMENT_MS = 30_000;
const PLACEMENT_EVENT_SPACING_MS = 5 * 60_000;
/** ECS starts at most this many tasks of a service per scheduling pass. */
const LAUNCH_BATCH = 10;

interface Census {
  active: TaskRecord[];
  primaryActive: TaskRecord[];
  oldActive: TaskRecord[];
  healthy: number;
  primaryRunning: number;
}

function census(ctx: EngineContext, service: ServiceRecord): Census {
  const primaryId = service.deployments[0]?.id;
  const c: Census = { active: [], primaryActive: [], oldActive: [], healthy: 0, primaryRunning: 0 };
  for (const task of ctx.world.tasksOfService(service.clusterName, service.name)) {
    if (task.desiredStatus !== 'RUNNING') continue;
    c.active.push(task);
    const running = task.lastStatus === 'RUNNING';
    if (running) c.healthy++;
    if (task.deploymentId === primaryId) {
      c.primaryActive.push(task);
      if (running) c.primaryRunning++;
    } else c.oldActive.push(task);
  }
  return c;
}

export function reconcileService(ctx: EngineContext, service: ServiceRecord): void {
  const primary = service.deployments[0];
  if (!primary || service.status !== 'ACTIVE') return;
  evaluateBadReleases(ctx, service);
  // BLUE_GREEN, LINEAR and CANARY deployments run their own lifecycle (staged-deployments.ts).
  if (isDriven(primary)) return reconcileStaged(ctx, service, primary, stagedHooks);
  primary.desiredCount = service.desiredCount;
  const desired = service.desiredCount;
  const config = service.deploymentConfiguration ?? {};
  const maxTotal = Math.floor((desired * (config.maximumPercent ?? 200)) / 100);
  const minHealthy = Math.ceil((desired * (config.minimumHealthyPercent ?? 100)) / 100);

  let c = census(ctx, service);
  const breakerStopped = primary.rolloutState === 'FAILED';
  const room = Math.min(desired - c.primaryActive.length, Math.max(0, maxTotal - c.active.length), LAUNCH_BATCH);
  if (!breakerStopped && room > 0) launchTasks(ctx, service, primary, room);

  c = census(ctx, service);
  stopOldTasks(ctx, service, primary, c, minHealthy, desired);
  if (c.primaryActive.length > desired) scaleIn(ctx, service, primary, c.primaryActive, c.primaryActive.length - desired);

  c = census(ctx, service);
  for (const old of service.deployments.slice(1)) {
    old.desiredCount = c.oldActive.filter((t) => t.deploymentId === old.id).length;
  }
  if (primary.rolloutState === 'IN_PROGRESS' && c.oldActive.length === 0 && c.primaryRunning === desired && c.primaryActive.length === desired) {
    completeDeployment(ctx, service);
  }
}

function launchTasks(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord, count: number): void {
  const definition = ctx.world.taskDefinitions.get(deployment.taskDefinition);
  if (!definition) return;
  const started: TaskRecord[] = [];
  let unplaced: string | undefined;
  for (let i = 0; i < count; i++) {
    const choice = chooseCapacity(ctx, service, deployment);
    if (choice.launchType === 'FARGATE') {
      const subnets: string[] = deployment.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];
      const where = fargatePlacement(ctx, service, subnets);
      started.push(buildTask(ctx, { service, deployment, definition, ...choice, zone: where.zone, subnetId: where.subnetId }));
      launchTask(ctx, started[started.length - 1]);
      continue;
    }
    const candidates = [...ctx.world.instancesOf(service.clusterName)].filter(
      (instance) =>
        instance.status === 'ACTIVE' &&
        instance.agentConnected &&
        instance.external === (choice.launchType === 'EXTERNAL') &&
        (!choice.capacityProviderName || instance.capacityProviderName === choice.capacityProviderName),
    );
    const needs = taskNeeds(definition, service);
    const placed = placeTask(ctx.world, ctx.random, service, needs, candidates);
    if (!placed.ok) {
      unplaced = placed.reason;
      if (choice.capacityProviderName) requestScaleOut(ctx, service.clusterName, choice.capacityProviderName, needs);
      break;
    }
    const subnets: string[] = deployment.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];
    const task = buildTask(ctx, {
      service, deployment, definition, ...choice, instance: placed.instance, zone: placed.instance.availabilityZone, subnetId: subnets[0],
    });
    started.push(task);
    launchTask(ctx, task);
  }
  if (started.length) addServiceEvent(ctx, service, `has started ${started.length} tasks: ${taskList(started)}.`);
  if (unplaced) reportUnplaced(ctx, service, unplaced);
}

function reportUnplaced(ctx: EngineContext, service: ServiceRecord, reason: string): void {
  const now = ctx.now();
  if (service.lastPlacementEventAt === undefined || now - service.lastPlacementEventAt >= PLACEMENT_EVENT_SPACING_MS) {
    service.lastPlacementEventAt = now;
    addServiceEvent(ctx, service, reason.startsWith('was unable') ? reason : `was unable to place a task because ${reason}`);
    ctx.changed({ kind: 'service-action', service, eventName: 'SERVICE_TASK_PLACEMENT_FAILURE', reason: placementReason(reason) });
  }
  ctx.after(RETRY_PLACEMENT_MS, () => ctx.markDirty(service));
}

/** Stops tasks of old deployments, keeping at least minimumHealthyPercent running. */
function stopOldTasks(ctx: EngineContext, service: ServiceRecord, primary: DeploymentRecord, c: Census, minHealthy: number, desired: number): void {
  if (c.oldActive.length === 0) return;
  // Tasks that are not running cost no health: stop them first.
  const ordered = [...c.oldActive].sort((a, b) => Number(a.lastStatus === 'RUNNING') - Number(b.lastStatus === 'RUNNING'));
  const primaryDone = c.primaryRunning >= desired;
  let healthy = c.healthy;
  const stopped: TaskRecord[] = [];
  for (const task of ordered) {
    const running = task.lastStatus === 'RUNNING';
    if (running && !primaryDone && healthy - 1 < minHealthy) break;
    if (running) healthy--;
    stopped.push(task);
  }
  stopTasks(ctx, service, primary, stopped);
}

function scaleIn(ctx: EngineContext, service: ServiceRecord, primary: DeploymentRecord, tasks: TaskRecord[], count: number): void {
  const ordered = [...tasks].sort((a, b) => Number(a.lastStatus === 'RUNNING') - Number(b.lastStatus === 'RUNNING'));
  stopTasks(ctx, service, primary, ordered.slice(0, count));
}

function stopTasks(ctx: EngineContext, service: ServiceRecord, primary: DeploymentRecord, tasks: TaskRecord[]): void {
  if (tasks.length === 0) return;
  for (const task of tasks) {
    stopTask(ctx, task, { stopCode: 'ServiceSchedulerInitiated', reason: `Scaling activity initiated by (deployment ${primary.id})` });
  }
  const running = tasks.filter((t) => t.startedAt !== undefined);
  if (running.length) {
    addServiceEvent(ctx, service, `has stopped ${running.length} running tasks: ${taskList(running)}.`);
    ctx.changed({ kind: 'service-action', service, eventName: 'TASKS_STOPPED' });
  }
}

/** The `reason` of a placement failure event: ECS gives the resource that ran out (RESOURCE:CPU, RESOURCE:MEMORY...). */
function placementReason(reason: string): string {
  if (/insufficient CPU/i.test(reason)) return 'RESOURCE:CPU';
  if (/insufficient memory/i.test(reason)) return 'RESOURCE:MEMORY';
  if (/ports/i.test(reason)) return 'RESOURCE:PORTS';
  if (/GPU/i.test(reason)) return 'RESOURCE:GPU';
  if (/no container instance/i.test(reason)) return 'RESOURCE:INSTANCE';
  return reason;
}
