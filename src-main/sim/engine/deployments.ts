/**
 * Service deployments: starting one (UpdateService, rollback), completing it, and the
 * deployment circuit breaker that fails it after too many tasks fail to start and, with
 * rollback on, starts a new deployment back to the last one that completed.
 */
import type { DeploymentRecord, ServiceRecord, ServiceRevisionSnapshot, TaskRecord } from '../world/types';
import type { EngineContext } from './context';
import { externalDigest } from './image-digest';
import { addServiceEvent } from './service-events';
import { beginStaged, breakStaged, isDriven, isStagedStrategy } from './staged-deployments';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface DeploymentOptions {
  taskDefinition: string;
  /** The deployment being rolled back, when this one is a rollback. */
  rollbackOf?: DeploymentRecord;
  rollbackReason?: string;
}

export function newDeployment(ctx: EngineContext, service: ServiceRecord, options: DeploymentOptions): DeploymentRecord {
  const { world, random } = ctx;
  const id = world.newDeploymentId();
  const now = ctx.now();
  const shortId = Array.from({ length: 22 }, () => ALNUM[random.int(0, ALNUM.length - 1)]).join('');
  const revisionArn = world.arn(`service-revision/${service.clusterName}/${service.name}/${random.digits(19)}`);
  return {
    id,
    status: 'PRIMARY',
    taskDefinition: options.taskDefinition,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    networkConfiguration: service.networkConfiguration,
    serviceConnectConfiguration: service.deployments[0]?.serviceConnectConfiguration,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: options.rollbackOf
      ? `ECS deployment circuit breaker: rolling back to deploymentId ${options.rollbackOf.id}.`
      : `ECS deployment ${id} in progress.`,
    serviceDeploymentArn: world.arn(`service-deployment/${service.clusterName}/${service.name}/${shortId}`),
    serviceRevisionArn: revisionArn,
    deploymentStatus: 'IN_PROGRESS',
    startedAt: now,
    sourceRevisionArns: service.deployments.map((d) => d.serviceRevisionArn),
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    revision: revisionSnapshot(ctx, service, options.taskDefinition),
    rollbackOfId: options.rollbackOf?.id,
  };
}

/** ECS resolves the revision's image tags to digests when the deployment is created. */
function revisionSnapshot(ctx: EngineContext, service: ServiceRecord, taskDefinitionArn: string): ServiceRevisionSnapshot {
  const containers: Array<{ name: string; image: string }> = ctx.world.taskDefinitions.get(taskDefinitionArn)?.body.containerDefinitions ?? [];
  return {
    containerImages: containers.map(({ name, image }) => {
      const resolved = ctx.registry.resolveImage(image);
      const imageDigest = resolved.kind === 'external' ? externalDigest(image) : resolved.ok ? resolved.digest : undefined;
      return { containerName: name, image, imageDigest };
    }),
    loadBalancers: structuredClone(service.loadBalancers),
    serviceRegistries: structuredClone(service.serviceRegistries),
  };
}

/**
 * Makes a new PRIMARY deployment; the previous ones become ACTIVE (a rolling deployment drains
 * them; a BLUE_GREEN / LINEAR / CANARY one keeps them serving until its CLEAN_UP).
 */
export function startDeployment(ctx: EngineContext, service: ServiceRecord, options: DeploymentOptions): DeploymentRecord {
  const deployment = newDeployment(ctx, service, options);
  const sources = [...service.deployments];
  for (const previous of sources) {
    previous.status = 'ACTIVE';
    previous.updatedAt = ctx.now();
    if (previous.deploymentStatus === 'IN_PROGRESS' && previous !== options.rollbackOf) {
      previous.deploymentStatus = 'STOPPED';
      previous.statusReason = `Superseded by deployment ${deployment.id}.`;
      previous.stoppedAt = ctx.now();
      ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: previous.serviceDeploymentArn });
    }
    if (isDriven(previous)) {
      previous.staged.mode = 'done';
      previous.staged.monitoring = false;
    }
  }
  service.deployments.unshift(deployment);
  service.taskDefinition = options.taskDefinition;
  if (!options.rollbackOf) deployment.targetGroups = sources[0]?.targetGroups ? [...sources[0].targetGroups] : undefined;
  ctx.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', reason: deployment.rolloutStateReason });
  if (!options.rollbackOf && isStagedStrategy(deployment.deploymentConfiguration?.strategy)) beginStaged(ctx, service, deployment, sources);
  else if (options.rollbackOf) deployment.targetGroups = options.rollbackOf.targetGroups ? [...options.rollbackOf.targetGroups] : undefined;
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
  ctx.markDirty(service);
  return deployment;
}

/** Circuit breaker threshold: half the desired count, at least 3, at most 200. */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)));
}

export function onTaskFailedToStart(ctx: EngineContext, service: ServiceRecord, task: TaskRecord): void {
  const deployment = service.deployments.find((d) => d.id === task.deploymentId);
  if (!deployment) return;
  deployment.failedTasks++;
  deployment.updatedAt = ctx.now();
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  if (!breaker?.enable || deployment.status !== 'PRIMARY' || deployment.rolloutState !== 'IN_PROGRESS') return;
  if (deployment.failedTasks < failureThreshold(deployment.desiredCount)) return;
  if (isDriven(deployment)) return breakStaged(ctx, service, deployment, Boolean(breaker.rollback));
  failDeployment(ctx, service, deployment, Boolean(breaker.rollback));
}

export function failDeployment(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord, rollback: boolean): void {
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  deployment.updatedAt = ctx.now();
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment failed: tasks failed to start.`);
  const target = rollback ? lastCompleted(service, deployment) : undefined;
  ctx.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_FAILED', reason: deployment.rolloutStateReason });
  if (!target) {
    deployment.deploymentStatus = 'STOPPED';
    deployment.statusReason = 'Service deployment failed: the deployment circuit breaker stopped it; tasks failed to start.';
    deployment.stoppedAt = ctx.now();
    ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
    ctx.markDirty(service);
    return;
  }
  rollBack(ctx, service, deployment, target, 'Service deployment rolled back because the circuit breaker threshold was exceeded.');
}

export function rollBack(ctx: EngineContext, service: ServiceRecord, failed: DeploymentRecord, target: DeploymentRecord, reason: string): DeploymentRecord {
  failed.deploymentStatus = 'ROLLBACK_IN_PROGRESS';
  failed.statusReason = reason;
  const rollbackDeployment = startDeployment(ctx, service, { taskDefinition: target.taskDefinition, rollbackOf: failed, rollbackReason: reason });
  rollbackDeployment.rolloutStateReason = `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`;
  failed.rollback = { reason, startedAt: ctx.now(), serviceRevisionArn: target.serviceRevisionArn };
  addServiceEvent(ctx, service, `rolling back to deployment ${target.id}.`);
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: failed.serviceDeploymentArn });
  return rollbackDeployment;
}

/** The newest deployment (other than `except`) that reached COMPLETED. */
export function lastCompleted(service: ServiceRecord, except: DeploymentRecord): DeploymentRecord | undefined {
  const candidates = [...service.deployments, ...service.pastDeployments].filter((d) => d !== except && d.rolloutState === 'COMPLETED');
  candidates.sort((a, b) => b.createdAt - a.createdAt);
  return candidates[0];
}

/** The primary has all its tasks running and nothing else is left: the deployment is done. */
export function completeDeployment(ctx: EngineContext, service: ServiceRecord): void {
  const primary = service.deployments[0];
  const now = ctx.now();
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
  primary.updatedAt = primary.settledAt ?? now;
  primary.finishedAt = primary.settledAt ?? now;
  primary.deploymentStatus = 'SUCCESSFUL';
  for (const old of service.deployments.slice(1)) {
    old.status = 'INACTIVE';
    old.updatedAt = now;
    if (old.deploymentStatus === 'ROLLBACK_IN_PROGRESS') {
      old.deploymentStatus = 'ROLLBACK_SUCCESSFUL';
      old.finishedAt = now;
      ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: old.serviceDeploymentArn });
    } else if (old.deploymentStatus === 'IN_PROGRESS') {
      old.deploymentStatus = 'STOPPED';
      old.stoppedAt = now;
      ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: old.serviceDeploymentArn });
    }
    service.pastDeployments.unshift(old);
  }
  service.deployments.length = 1;
  if (service.pastDeployments.length > 50) service.pastDeployments.length = 50;
  addServiceEvent(ctx, service, `(deployment ${primary.id}) deployment completed.`);
  addServiceEvent(ctx, service, 'has reached a steady state.');
  service.lastSteadyStateAt = now;
  ctx.changed({ kind: 'service-action', service, eventName: 'SERVICE_STEADY_STATE' });
  ctx.changed({ kind: 'deployment', service, deploymentId: primary.id, eventName: 'SERVICE_DEPLOYMENT_COMPLETED' });
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: primary.serviceDeploymentArn });
}
