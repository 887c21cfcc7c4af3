/**
 * ListServiceDeployments, DescribeServiceDeployments, StopServiceDeployment and
 * DescribeServiceRevisions (shapes from the SDK's typings). Every deployment deploys one
 * service revision; rollback deployments fold into the deployment they roll back.
 */
import type { OperationHandler } from '../http/types';
import { SimError } from '../http/types';
import { lastCompleted, rollBack } from '../engine/deployments';
import type { DeploymentRecord, ServiceRecord } from '../world/types';
import { optionalString, requireCluster, requiredString, stringList, type EcsDeps } from './deps';
import { serviceNotFound } from './errors';
import { paginate } from './pagination';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** Deployments as the service-deployment API sees them (rollback deployments fold into the one they roll back). */
function serviceDeployments(service: ServiceRecord): DeploymentRecord[] {
  return [...service.deployments, ...service.pastDeployments].filter((d) => !d.rollbackOfId).sort((a, b) => b.createdAt - a.createdAt);
}

function brief(deps: EcsDeps, service: ServiceRecord, d: DeploymentRecord): object {
  return {
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceArn: service.arn,
    clusterArn: deps.world.clusterArn(service.clusterName),
    startedAt: date(d.startedAt),
    createdAt: date(d.createdAt),
    finishedAt: date(d.finishedAt),
    targetServiceRevisionArn: d.serviceRevisionArn,
    status: d.deploymentStatus,
    statusReason: d.statusReason,
  };
}

function detail(deps: EcsDeps, service: ServiceRecord, d: DeploymentRecord): object {
  const running = [...deps.world.tasksOfService(service.clusterName, service.name)].filter((t) => t.deploymentId === d.id && t.desiredStatus === 'RUNNING');
  const breaker = d.deploymentConfiguration?.deploymentCircuitBreaker;
  const { targetServiceRevisionArn: _brief, ...common } = brief(deps, service, d) as Record<string, unknown>;
  return {
    ...common,
    stoppedAt: date(d.stoppedAt),
    updatedAt: date(d.updatedAt),
    sourceServiceRevisions: d.sourceRevisionArns.map((arn) => ({ arn })),
    targetServiceRevision: {
      arn: d.serviceRevisionArn,
      requestedTaskCount: d.desiredCount,
      runningTaskCount: running.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTaskCount: running.filter((t) => t.lastStatus !== 'RUNNING').length,
    },
    deploymentConfiguration: d.deploymentConfiguration,
    rollback: d.rollback ? { reason: d.rollback.reason, startedAt: date(d.rollback.startedAt), serviceRevisionArn: d.rollback.serviceRevisionArn } : undefined,
    deploymentCircuitBreaker: breaker?.enable
      ? { status: d.rolloutState === 'FAILED' ? 'TRIGGERED' : d.rolloutState === 'IN_PROGRESS' ? 'MONITORING' : 'MONITORING_COMPLETE', failureCount: d.failedTasks, threshold: Math.min(200, Math.max(3, Math.ceil(d.desiredCount * 0.5))) }
      : { status: 'DISABLED', failureCount: 0, threshold: 0 },
    alarms: { status: 'DISABLED' },
  };
}

/** Finds a deployment by its service-deployment ARN (…:service-deployment/cluster/service/id). */
function findByArn(deps: EcsDeps, arn: string): { service: ServiceRecord; deployment: DeploymentRecord } | undefined {
  const match = /:service-deployment\/([^/]+)\/([^/]+)\/[^/]+$/.exec(arn);
  if (!match) return undefined;
  const service = deps.world.findService(match[1], match[2]);
  const deployment = service && serviceDeployments(service).find((d) => d.serviceDeploymentArn === arn);
  return service && deployment ? { service, deployment } : undefined;
}

/** The deployment that created a revision, by its ARN (…:service-revision/cluster/service/id). */
function findRevision(deps: EcsDeps, arn: string): { service: ServiceRecord; deployment: DeploymentRecord } | undefined {
  const match = /:service-revision\/([^/]+)\/([^/]+)\/[^/]+$/.exec(arn);
  if (!match) return undefined;
  const service = deps.world.findService(match[1], match[2]);
  const deployment = service && [...service.deployments, ...service.pastDeployments].find((d) => d.serviceRevisionArn === arn);
  return service && deployment ? { service, deployment } : undefined;
}

function revision(deps: EcsDeps, service: ServiceRecord, d: DeploymentRecord): object {
  return {
    serviceRevisionArn: d.serviceRevisionArn,
    serviceArn: service.arn,
    clusterArn: deps.world.clusterArn(service.clusterName),
    taskDefinition: d.taskDefinition,
    capacityProviderStrategy: d.capacityProviderStrategy,
    launchType: d.launchType,
    platformVersion: d.platformVersion,
    platformFamily: d.platformVersion ? 'Linux' : undefined,
    loadBalancers: d.revision.loadBalancers,
    serviceRegistries: d.revision.serviceRegistries,
    networkConfiguration: d.networkConfiguration,
    containerImages: d.revision.containerImages,
    guardDutyEnabled: false,
    serviceConnectConfiguration: d.serviceConnectConfiguration,
    createdAt: date(d.createdAt),
  };
}

export function deploymentOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { engine } = deps;
  return {
    ListServiceDeployments(input) {
      const cluster = requireCluster(deps, input.cluster);
      const service = deps.world.findService(cluster.name, requiredString(input.service, 'service'));
      if (!service) throw serviceNotFound();
      const statuses = stringList(input.status, 'status', 10, false);
      const after = input.createdAt?.after !== undefined ? toMs(input.createdAt.after) : undefined;
      const before = input.createdAt?.before !== undefined ? toMs(input.createdAt.before) : undefined;
      const matching = serviceDeployments(service).filter(
        (d) => (!statuses.length || statuses.includes(d.deploymentStatus)) && (after === undefined || d.createdAt >= after) && (before === undefined || d.createdAt <= before),
      );
      const { page, nextToken } = paginate(matching, input, { defaultSize: 20, maxSize: 100, listing: `ListServiceDeployments|${service.arn}|${statuses.join()}|${after}|${before}` });
      return { serviceDeployments: page.map((d) => brief(deps, service, d)), nextToken };
    },

    DescribeServiceDeployments(input) {
      const arns = stringList(input.serviceDeploymentArns, 'serviceDeploymentArns', 20);
      const serviceDeploymentsOut: object[] = [];
      const failures: object[] = [];
      for (const arn of arns) {
        const found = findByArn(deps, arn);
        if (found) serviceDeploymentsOut.push(detail(deps, found.service, found.deployment));
        else failures.push({ arn, reason: 'MISSING' });
      }
      return { serviceDeployments: serviceDeploymentsOut, failures };
    },

    DescribeServiceRevisions(input) {
      const arns = stringList(input.serviceRevisionArns, 'serviceRevisionArns', 20);
      const serviceRevisions: object[] = [];
      const failures: object[] = [];
      for (const arn of arns) {
        const found = findRevision(deps, arn);
        if (found) serviceRevisions.push(revision(deps, found.service, found.deployment));
        else failures.push({ arn, reason: 'MISSING' });
      }
      return { serviceRevisions, failures };
    },

    StopServiceDeployment(input) {
      const arn = requiredString(input.serviceDeploymentArn, 'serviceDeploymentArn');
      const stopType = optionalString(input.stopType, 'stopType') ?? 'ROLLBACK';
      const found = findByArn(deps, arn);
      if (!found) throw new SimError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
      const { service, deployment } = found;
      if (deployment.deploymentStatus !== 'IN_PROGRESS' || service.deployments[0] !== deployment) {
        throw new SimError('ConflictException', `The service deployment is ${deployment.deploymentStatus} and can't be stopped.`);
      }
      const target = lastCompleted(service, deployment);
      if (stopType === 'ROLLBACK' && target) {
        deployment.rolloutState = 'FAILED';
        deployment.rolloutStateReason = 'Service deployment stopped by a user: rolling back.';
        rollBack(engine, service, deployment, target, 'Service deployment rolled back because of a StopServiceDeployment request.');
      } else {
        deployment.deploymentStatus = 'STOPPED';
        deployment.statusReason = 'Service deployment stopped by a user.';
        deployment.stoppedAt = engine.now();
        deployment.rolloutState = 'FAILED';
        deployment.rolloutStateReason = 'Service deployment stopped by a user.';
      }
      engine.runUntil(engine.now());
      return { serviceDeploymentArn: arn };
    },
  };
}

/** Timestamps arrive as epoch seconds (JSON) or ISO strings. */
function toMs(value: unknown): number {
  return typeof value === 'number' ? value * 1000 : Date.parse(String(value));
}
