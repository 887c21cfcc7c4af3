/**
 * ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
 * ContinueServiceDeployment and StopServiceDeployment (shapes from the ECS model). Every
 * deployment deploys one service revision; a rolling deployment's rollback deployment folds into
 * the deployment it rolls back. BLUE_GREEN / LINEAR / CANARY deployments also carry their
 * lifecycle stage, their hooks, the traffic weights of each revision and their alarms.
 */
import type { OperationHandler } from '../http/types';
import { SimError } from '../http/types';
import { failureThreshold, lastCompleted, rollBack } from '../engine/deployments';
import { abortStaged, continueHook, currentHooks, failStaged, isDriven } from '../engine/staged-deployments';
import type { DeploymentRecord, ServiceRecord, TaskRecord } from '../world/types';
import { optionalString, requireCluster, requiredString, stringList, type EcsDeps } from './deps';
import { clientError, invalidParameter, serviceNotFound } from './errors';
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

function counts(tasks: TaskRecord[], deploymentId: string): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const t of tasks) {
    if (t.deploymentId !== deploymentId || t.desiredStatus !== 'RUNNING') continue;
    if (t.lastStatus === 'RUNNING') running++;
    else pending++;
  }
  return { running, pending };
}

/** Monitors' status: DISABLED, MONITORING while the deployment runs, TRIGGERED, MONITORING_COMPLETE. */
function monitorStatus(enabled: boolean, triggered: boolean, d: DeploymentRecord): string {
  if (!enabled) return 'DISABLED';
  if (triggered) return 'TRIGGERED';
  return d.deploymentStatus === 'IN_PROGRESS' ? 'MONITORING' : 'MONITORING_COMPLETE';
}

function detail(deps: EcsDeps, service: ServiceRecord, d: DeploymentRecord): object {
  const tasks = [...deps.world.tasksOfService(service.clusterName, service.name)];
  const breaker = d.deploymentConfiguration?.deploymentCircuitBreaker;
  const alarms = d.deploymentConfiguration?.alarms;
  const staged = d.staged;
  const { targetServiceRevisionArn: _brief, ...common } = brief(deps, service, d) as Record<string, unknown>;
  const all = [...service.deployments, ...service.pastDeployments];
  const weighted = Boolean(staged) && service.loadBalancers.some((lb: { advancedConfiguration?: unknown }) => lb.advancedConfiguration);
  const sourceWeight = (value: number | undefined) => (weighted && value !== undefined ? 100 - value : undefined);
  const target = counts(tasks, d.id);
  const breakerTriggered = d.rolloutState === 'FAILED' && d.failedTasks >= failureThreshold(d.desiredCount);
  const alarmsTriggered = Boolean(staged?.triggeredAlarms.length);
  return {
    ...common,
    stoppedAt: date(d.stoppedAt),
    updatedAt: date(d.updatedAt),
    sourceServiceRevisions: d.sourceRevisionArns.map((arn) => {
      const source = all.find((x) => x.serviceRevisionArn === arn);
      const c = source ? counts(tasks, source.id) : { running: 0, pending: 0 };
      return {
        arn,
        requestedTaskCount: source ? (source.status === 'INACTIVE' ? 0 : source.desiredCount) : 0,
        runningTaskCount: c.running,
        pendingTaskCount: c.pending,
        requestedProductionTrafficWeight: sourceWeight(staged?.productionWeight),
        requestedTestTrafficWeight: sourceWeight(staged?.testWeight),
      };
    }),
    targetServiceRevision: {
      arn: d.serviceRevisionArn,
      requestedTaskCount: d.desiredCount,
      runningTaskCount: target.running,
      pendingTaskCount: target.pending,
      requestedProductionTrafficWeight: weighted ? staged?.productionWeight : undefined,
      requestedTestTrafficWeight: weighted ? staged?.testWeight : undefined,
    },
    lifecycleStage: staged?.stage,
    lifecycleHookDetails: staged
      ? currentHooks(staged).map((h) => ({
          hookId: h.hookId,
          targetType: h.targetType,
          targetArn: h.targetArn,
          status: h.status,
          expiresAt: date(h.expiresAt),
          timeoutAction: h.timeoutAction,
        }))
      : undefined,
    deploymentConfiguration: d.deploymentConfiguration,
    rollback: d.rollback ? { reason: d.rollback.reason, startedAt: date(d.rollback.startedAt), serviceRevisionArn: d.rollback.serviceRevisionArn } : undefined,
    deploymentCircuitBreaker: breaker?.enable
      ? { status: monitorStatus(true, breakerTriggered, d), failureCount: d.failedTasks, threshold: failureThreshold(d.desiredCount) }
      : { status: 'DISABLED', failureCount: 0, threshold: 0 },
    alarms: alarms?.enable
      ? { status: monitorStatus(true, alarmsTriggered, d), alarmNames: alarms.alarmNames ?? [], triggeredAlarmNames: staged?.triggeredAlarms ?? [] }
      : { status: 'DISABLED' },
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
    resolvedConfiguration: d.revision.loadBalancers.length
      ? {
          loadBalancers: d.revision.loadBalancers.map((lb: { targetGroupArn?: string; advancedConfiguration?: { productionListenerRule?: string } }, i: number) => ({
            targetGroupArn: d.targetGroups?.[i] ?? lb.targetGroupArn,
            productionListenerRule: lb.advancedConfiguration?.productionListenerRule,
          })),
        }
      : undefined,
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

    ContinueServiceDeployment(input) {
      const arn = requiredString(input.serviceDeploymentArn, 'serviceDeploymentArn');
      const hookId = requiredString(input.hookId, 'hookId');
      const action = optionalString(input.action, 'action') ?? 'CONTINUE';
      if (action !== 'CONTINUE' && action !== 'ROLLBACK') throw invalidParameter(`Invalid action '${action}': use CONTINUE or ROLLBACK.`);
      const found = findByArn(deps, arn);
      if (!found) throw deploymentNotFound();
      const { service, deployment } = found;
      if (deployment.deploymentStatus !== 'IN_PROGRESS' || !isDriven(deployment) || deployment.staged.mode !== 'forward') {
        throw clientError(`The service deployment is ${deployment.deploymentStatus}: only a deployment that is IN_PROGRESS and paused at a lifecycle hook can be continued.`);
      }
      const run = deployment.staged.hooks.find((h) => h.hookId === hookId);
      if (!run) throw invalidParameter(`The lifecycle hook ${hookId} does not belong to the service deployment ${arn}.`);
      if (run.targetType !== 'PAUSE') throw invalidParameter(`The lifecycle hook ${hookId} is an AWS_LAMBDA hook: only PAUSE hooks are continued with ContinueServiceDeployment.`);
      if (run.status !== 'AWAITING_ACTION') throw clientError(`The lifecycle hook ${hookId} is ${run.status}, not AWAITING_ACTION: it can't be continued.`);
      continueHook(engine, service, deployment, run, action);
      engine.runUntil(engine.now());
      return { serviceDeploymentArn: arn };
    },

    StopServiceDeployment(input) {
      const arn = requiredString(input.serviceDeploymentArn, 'serviceDeploymentArn');
      const stopType = optionalString(input.stopType, 'stopType') ?? 'ROLLBACK';
      if (stopType !== 'ROLLBACK' && stopType !== 'ABORT') throw invalidParameter(`Invalid stopType '${stopType}': use ROLLBACK or ABORT.`);
      const found = findByArn(deps, arn);
      if (!found) throw deploymentNotFound();
      const { service, deployment } = found;
      const halted = isDriven(deployment) && deployment.staged.mode !== 'forward';
      if (deployment.deploymentStatus !== 'IN_PROGRESS' || service.deployments[0] !== deployment || halted) {
        throw new SimError('ConflictException', `The service deployment is ${deployment.deploymentStatus} and can't be stopped.`);
      }
      deployment.stopType = stopType;
      if (isDriven(deployment)) {
        if (stopType === 'ABORT') abortStaged(engine, service, deployment);
        else failStaged(engine, service, deployment, 'Service deployment rolled back because of a StopServiceDeployment request.', true);
        engine.runUntil(engine.now());
        return { serviceDeploymentArn: arn };
      }
      const target = lastCompleted(service, deployment);
      if (stopType === 'ROLLBACK' && target) {
        deployment.rolloutState = 'FAILED';
        deployment.rolloutStateReason = 'Service deployment stopped by a user: rolling back.';
        rollBack(engine, service, deployment, target, 'Service deployment rolled back because of a StopServiceDeployment request.');
      } else {
        deployment.deploymentStatus = 'STOPPED';
        deployment.statusReason = stopType === 'ABORT' ? 'Service deployment stopped by a StopServiceDeployment request (ABORT).' : 'Service deployment stopped by a user.';
        deployment.stoppedAt = engine.now();
        deployment.rolloutState = 'FAILED';
        deployment.rolloutStateReason = 'Service deployment stopped by a user.';
        engine.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_FAILED', reason: deployment.statusReason });
        engine.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
      }
      engine.runUntil(engine.now());
      return { serviceDeploymentArn: arn };
    },
  };
}

const deploymentNotFound = () => new SimError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');

/** Timestamps arrive as epoch seconds (JSON) or ISO strings. */
function toMs(value: unknown): number {
  return typeof value === 'number' ? value * 1000 : Date.parse(String(value));
}
