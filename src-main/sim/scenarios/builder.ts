/**
 * Building blocks for scenarios: clusters, Auto Scaling capacity providers with their
 * instances, ECR release histories, task definitions and services. Scenarios describe a world
 * with these; the engine then plays its recent history forward to "now".
 */
import type { AlarmsStore } from '../cloudwatch/alarms-store';
import type { EcrStore } from '../ecr/ecr-store';
import type { ElbStore } from '../elbv2/elb-store';
import type { EksStore } from '../eks/eks-store';
import type { Engine } from '../engine/engine';
import { ec2Attributes, newAsgInstance } from '../engine/managed-scaling';
import { defineCapacityMetrics, defineServiceMetrics } from '../engine/service-metrics';
import type { LogSink, MetricSink } from '../seams/ports';
import type {
  CapacityProviderRecord,
  CapacityProviderStrategyItem,
  ClusterRecord,
  ContainerInstanceRecord,
  DeploymentRecord,
  Json,
  ServiceBehaviour,
  ServiceRecord,
  TaskDefinitionRecord,
} from '../world/types';
import type { World } from '../world/world';
import { newDeployment } from '../engine/deployments';

export const DAY = 24 * 60 * 60 * 1000;
export const MINUTE = 60 * 1000;

export interface ScenarioEnv {
  world: World;
  engine: Engine;
  ecr: EcrStore;
  logs: LogSink;
  metrics: MetricSink;
  /** The region's load balancers (blue/green, linear and canary services need them). */
  elb: ElbStore;
  alarms: AlarmsStore;
  eks: EksStore;
  seed: number;
  /** The sim clock's start: the scenario's "now". History is played from before it. */
  start: number;
}

export function addCluster(env: ScenarioEnv, spec: Partial<ClusterRecord> & { name: string }): ClusterRecord {
  const cluster: ClusterRecord = {
    arn: env.world.clusterArn(spec.name),
    status: 'ACTIVE',
    settings: [{ name: 'containerInsights', value: 'enabled' }],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    tags: [],
    ...spec,
  };
  env.world.addCluster(cluster);
  return cluster;
}

export interface AsgSpec {
  name: string;
  cluster: ClusterRecord;
  instanceType: string;
  cpu: number;
  memory: number;
  gpus?: number;
  zones: string[];
  maxSize: number;
  targetCapacity?: number;
  managedScaling?: boolean;
}

export function addAsgProvider(env: ScenarioEnv, spec: AsgSpec): CapacityProviderRecord {
  const { world, random } = env.engine;
  const provider: CapacityProviderRecord = {
    arn: world.capacityProviderArn(spec.name),
    name: spec.name,
    clusterName: spec.cluster.name,
    status: 'ACTIVE',
    autoScalingGroupArn:
      `arn:aws:autoscaling:${world.region}:${world.accountId}:autoScalingGroup:${random.uuid()}:autoScalingGroupName/${spec.name}`,
    managedScaling: {
      status: spec.managedScaling === false ? 'DISABLED' : 'ENABLED',
      targetCapacity: spec.targetCapacity ?? 100,
      minimumScalingStepSize: 1,
      maximumScalingStepSize: 10,
      instanceWarmupPeriod: 300,
    },
    managedTerminationProtection: 'ENABLED',
    asg: { instanceType: spec.instanceType, cpu: spec.cpu, memory: spec.memory, gpus: spec.gpus ?? 0, zones: spec.zones, maxSize: spec.maxSize, launching: 0 },
    tags: [],
  };
  world.addCapacityProvider(provider);
  spec.cluster.capacityProviders.push(provider.name);
  // CloudWatch has CapacityProviderReservation only for providers with managed scaling on.
  if (provider.managedScaling.status === 'ENABLED') defineCapacityMetrics(env.metrics, env.seed, provider);
  return provider;
}

/** Registers `count` instances of the provider's group, spread over its zones, registered days ago. */
export function addAsgInstances(env: ScenarioEnv, provider: CapacityProviderRecord, count: number): ContainerInstanceRecord[] {
  const added: ContainerInstanceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const instance = newAsgInstance(env.engine, provider.clusterName, provider, provider.asg.zones[i % provider.asg.zones.length]);
    instance.registeredAt = env.start - env.engine.random.int(2, 40) * DAY;
    env.world.addInstance(instance);
    added.push(instance);
  }
  return added;
}

/** An ECS Anywhere instance: registered by SSM, `mi-` id, launch type EXTERNAL, no zone. */
export function addExternalInstance(env: ScenarioEnv, cluster: ClusterRecord, cpu: number, memory: number): ContainerInstanceRecord {
  const { world, random } = env.engine;
  const id = random.hex(32);
  const instance: ContainerInstanceRecord = {
    arn: world.containerInstanceArn(cluster.name, id),
    id,
    clusterName: cluster.name,
    ec2InstanceId: `mi-0${random.hex(16)}`,
    status: 'ACTIVE',
    agentConnected: true,
    registeredAt: env.start - 90 * DAY,
    instanceType: 'external',
    availabilityZone: '',
    external: true,
    cpu,
    memory,
    gpus: 0,
    usedCpu: 0,
    usedMemory: 0,
    usedPorts: new Set(),
    freeGpus: [],
    attributes: [
      ...ec2Attributes('external', '', false).filter((a) => a.name !== 'ecs.availability-zone' && a.name !== 'ecs.instance-type' && a.name !== 'ecs.ami-id'),
      { name: 'ecs.capability.external' },
      { name: 'ecs.location', value: 'warehouse-berlin' },
    ],
    agentVersion: '1.89.2',
    tags: [{ key: 'site', value: 'warehouse-berlin' }],
    version: 1,
  };
  world.addInstance(instance);
  return instance;
}

export interface ReleaseSpec {
  repository: string;
  mutability: 'MUTABLE' | 'IMMUTABLE';
  tags: string[];
  /** Tags whose image layers are missing from the registry (a pull of them fails). */
  broken?: string[];
  /** Extra tags on the newest image (e.g. `latest` in a mutable repository). */
  extraTagsOnNewest?: string[];
  findings?: Partial<Record<'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL', number>>;
  everyDays?: number;
  /** ENHANCED: the registry's scanning rules put this repository under Inspector's scanning. */
  scanType?: 'BASIC' | 'ENHANCED';
}

/** Creates the repository and pushes one image per tag, oldest first; returns the image URIs. */
export function pushReleases(env: ScenarioEnv, spec: ReleaseSpec): string[] {
  const { ecr, engine } = env;
  const every = spec.everyDays ?? 3;
  ecr.createRepository({
    name: spec.repository,
    tagMutability: spec.mutability,
    scanOnPush: true,
    scanType: spec.scanType,
    createdAt: new Date(env.start - (spec.tags.length * every + 30) * DAY),
  });
  return spec.tags.map((tag, i) => {
    const newest = i === spec.tags.length - 1;
    ecr.putImage(spec.repository, {
      tags: newest ? [tag, ...(spec.extraTagsOnNewest ?? [])] : [tag],
      pushedAt: new Date(env.start - (spec.tags.length - i) * every * DAY + engine.random.int(0, 8) * 3600_000),
      sizeBytes: engine.random.int(40, 400) * 1024 * 1024,
      scanFindings: spec.findings && i >= spec.tags.length - 3 ? spec.findings : { LOW: engine.random.int(0, 6), MEDIUM: engine.random.int(0, 2) },
      missingLayers: spec.broken?.includes(tag),
    });
    return `${ecr.repositoryUri(spec.repository)}:${tag}`;
  });
}

export function registerTaskDefinition(env: ScenarioEnv, body: Json, registeredAt: number): TaskDefinitionRecord {
  const { world } = env;
  const revision = world.nextRevision(body.family);
  const definition: TaskDefinitionRecord = {
    arn: world.taskDefinitionArn(body.family, revision),
    family: body.family,
    revision,
    status: 'ACTIVE',
    registeredAt,
    registeredBy: `arn:aws:iam::${world.accountId}:role/github-actions-deploy`,
    body: structuredClone(body),
    tags: [{ key: 'team', value: String(body.family).split('-')[0] }],
  };
  world.addTaskDefinition(definition);
  for (const container of body.containerDefinitions ?? []) {
    const group = container.logConfiguration?.options?.['awslogs-group'];
    if (group) env.logs.ensureGroup(group, new Date(registeredAt - 60 * DAY));
  }
  return definition;
}

export interface ServiceSpec {
  cluster: ClusterRecord;
  name: string;
  taskDefinition: TaskDefinitionRecord;
  desiredCount: number;
  launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  subnets?: string[];
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  placementConstraints?: ServiceRecord['placementConstraints'];
  placementStrategy?: ServiceRecord['placementStrategy'];
  enableExecuteCommand?: boolean;
  serviceConnect?: Json;
  behaviour?: ServiceBehaviour;
  tags?: Array<{ key: string; value: string }>;
  createdDaysAgo?: number;
  /** loadBalancers[] (with advancedConfiguration for BLUE_GREEN / LINEAR / CANARY). */
  loadBalancers?: Json[];
  /** More of deploymentConfiguration: strategy, bakeTimeInMinutes, linear/canary configuration, lifecycleHooks, alarms. */
  deployment?: Json;
  healthCheckGracePeriodSeconds?: number;
  /** When the service's current deployment happened, if before the replayed history (epoch ms). */
  deployedAt?: number;
}

/**
 * A service whose first deployment starts at the engine's current time; the engine launches
 * its tasks. `settle` marks the deployment COMPLETED up front (for worlds built without
 * replaying start-up, like the large scenario).
 */
export function addService(env: ScenarioEnv, spec: ServiceSpec): ServiceRecord {
  const { world, engine } = env;
  const fargate = spec.launchType === 'FARGATE' || spec.capacityProviderStrategy?.some((s) => s.capacityProvider.startsWith('FARGATE'));
  const awsvpc = spec.taskDefinition.body.networkMode === 'awsvpc';
  const service: ServiceRecord = {
    arn: world.serviceArn(spec.cluster.name, spec.name),
    name: spec.name,
    clusterName: spec.cluster.name,
    status: 'ACTIVE',
    desiredCount: spec.desiredCount,
    taskDefinition: spec.taskDefinition.arn,
    launchType: spec.launchType,
    capacityProviderStrategy: spec.capacityProviderStrategy,
    platformVersion: fargate ? 'LATEST' : undefined,
    deploymentConfiguration: {
      deploymentCircuitBreaker: spec.circuitBreaker ?? { enable: false, rollback: false },
      maximumPercent: spec.maximumPercent ?? 200,
      minimumHealthyPercent: spec.minimumHealthyPercent ?? 100,
      ...spec.deployment,
    },
    deployments: [],
    pastDeployments: [],
    events: [],
    createdAt: env.start - (spec.createdDaysAgo ?? 120) * DAY,
    createdBy: `arn:aws:iam::${world.accountId}:role/terraform-apply`,
    roleArn: awsvpc ? undefined : `arn:aws:iam::${world.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    placementConstraints: spec.placementConstraints ?? [],
    placementStrategy: spec.placementStrategy ?? [],
    networkConfiguration: awsvpc
      ? { awsvpcConfiguration: { subnets: spec.subnets ?? [], securityGroups: ['sg-0f1e2d3c4b5a69788'], assignPublicIp: 'DISABLED' } }
      : undefined,
    loadBalancers: spec.loadBalancers ?? [],
    serviceRegistries: [],
    healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 0,
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
    tags: spec.tags ?? [{ key: 'env', value: 'production' }],
    behaviour: spec.behaviour ?? {},
  };
  world.addService(service);
  const first: DeploymentRecord = newDeployment(engine, service, { taskDefinition: spec.taskDefinition.arn });
  first.serviceConnectConfiguration = spec.serviceConnect;
  if (service.loadBalancers.length) first.targetGroups = service.loadBalancers.map((lb: Json) => lb.targetGroupArn);
  if (spec.deployedAt !== undefined) {
    first.createdAt = first.startedAt = first.updatedAt = spec.deployedAt;
    first.settledAt = spec.deployedAt + 4 * MINUTE;
  }
  service.deployments.push(first);
  defineServiceMetrics(env.metrics, env.seed, service);
  engine.markDirty(service);
  return service;
}

export interface TrafficPair {
  loadBalancerArn: string;
  /** The target group production traffic goes to now, and its blue/green partner. */
  targetGroupArn: string;
  alternateTargetGroupArn: string;
  productionListenerRule: string;
  testListenerRule: string;
}

/**
 * A service's pair of target groups behind an Application Load Balancer's production (443) and
 * test (8443) listener rules, forwarding 100/0: what a blue/green, linear or canary service needs.
 * `alb` reuses a load balancer (and its listeners) for many services.
 */
export function addTrafficPair(
  env: ScenarioEnv,
  spec: { name: string; port: number; zones: string[]; subnets: string[]; targetType?: 'ip' | 'instance'; path?: string; priority: number; alb?: string },
): TrafficPair {
  const { elb } = env;
  const albName = spec.alb ?? `${spec.name}-alb`;
  let lb = [...elb.loadBalancers.values()].find((l) => l.name === albName);
  lb ??= elb.createLoadBalancer({ name: albName, zones: spec.zones.map((zone, i) => ({ zone, subnetId: spec.subnets[i % spec.subnets.length] })), createdAt: env.start - 200 * DAY });
  const listenerOf = (port: number, protocol: 'HTTP' | 'HTTPS') =>
    [...elb.listeners.values()].find((l) => l.loadBalancerArn === lb!.arn && l.port === port) ?? elb.createListener(lb!, { port, protocol });
  const production = listenerOf(443, 'HTTPS');
  const test = listenerOf(8443, 'HTTPS');
  const blue = elb.createTargetGroup({ name: `${spec.name}-tg-1`.slice(0, 32), port: spec.port, targetType: spec.targetType ?? 'ip', deregistrationDelaySeconds: 60 });
  const green = elb.createTargetGroup({ name: `${spec.name}-tg-2`.slice(0, 32), port: spec.port, targetType: spec.targetType ?? 'ip', deregistrationDelaySeconds: 60 });
  const conditions = [{ field: 'path-pattern' as const, values: [spec.path ?? `/${spec.name}/*`] }];
  const forward = { [blue.arn]: 100, [green.arn]: 0 };
  const productionRule = elb.createRule(production, { priority: spec.priority, conditions, forward });
  const testRule = elb.createRule(test, { priority: spec.priority, conditions, forward });
  return { loadBalancerArn: lb.arn, targetGroupArn: blue.arn, alternateTargetGroupArn: green.arn, productionListenerRule: productionRule.arn, testListenerRule: testRule.arn };
}

/** The loadBalancers[] entry of a service using `pair` (ECS's infrastructure role for load balancers). */
export function loadBalancerEntry(env: ScenarioEnv, pair: TrafficPair, containerName: string, containerPort: number, withTest = true): Json {
  return {
    targetGroupArn: pair.targetGroupArn,
    containerName,
    containerPort,
    advancedConfiguration: {
      alternateTargetGroupArn: pair.alternateTargetGroupArn,
      productionListenerRule: pair.productionListenerRule,
      testListenerRule: withTest ? pair.testListenerRule : undefined,
      roleArn: `arn:aws:iam::${env.world.accountId}:role/ecsInfrastructureRoleForLoadBalancers`,
    },
  };
}

/** A service's 5xx alarm on its target group (state OK until a bad release drives it). */
export function addErrorAlarm(env: ScenarioEnv, name: string, targetGroupArn: string, loadBalancerArn: string): void {
  const tg = targetGroupArn.split(':').pop()!;
  const lb = loadBalancerArn.split(':loadbalancer/').pop()!;
  env.alarms.put(
    {
      name,
      description: `5xx responses of ${tg.split('/')[1]} above 5 per minute`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_Target_5XX_Count',
      dimensions: { TargetGroup: tg, LoadBalancer: lb },
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 5,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      state: 'OK',
      stateReason: 'Threshold Crossed: 3 out of the last 3 datapoints were not greater than the threshold (5.0) (minimum 3 datapoints for ALARM -> OK transition).',
      alarmActions: [`arn:aws:sns:${env.world.region}:${env.world.accountId}:oncall-pager`],
    },
    env.start - 90 * DAY,
  );
}

export type PastOutcome = 'SUCCESSFUL' | 'ROLLBACK_SUCCESSFUL' | 'STOPPED';

/**
 * A service's finished deployments before its current one, oldest first, as
 * ListServiceDeployments shows them: each deploys one of `definitions`, spread over `daysBack`
 * days up to `until`, and ends as `outcome(i)` says (with its rollback reason when rolled back).
 */
export function addPastDeployments(
  env: ScenarioEnv,
  service: ServiceRecord,
  definitions: TaskDefinitionRecord[],
  opts: { daysBack: number; until: number; outcome: (i: number) => PastOutcome; minutes: (i: number) => number; reason?: (i: number) => string },
): void {
  const { engine } = env;
  const past: DeploymentRecord[] = [];
  let good: DeploymentRecord | undefined;
  const from = env.start - opts.daysBack * DAY;
  const step = (opts.until - from) / definitions.length;
  definitions.forEach((definition, i) => {
    const d = newDeployment(engine, service, { taskDefinition: definition.arn });
    const startedAt = Math.round(from + i * step + engine.random.next() * step * 0.5);
    const ended = startedAt + opts.minutes(i) * MINUTE;
    const outcome = opts.outcome(i);
    d.createdAt = d.startedAt = startedAt;
    d.updatedAt = ended;
    d.status = 'INACTIVE';
    d.desiredCount = service.desiredCount;
    d.sourceRevisionArns = good ? [good.serviceRevisionArn] : [];
    d.targetGroups = service.loadBalancers.length ? service.loadBalancers.map((lb: Json) => (i % 2 === 0 ? lb.targetGroupArn : lb.advancedConfiguration?.alternateTargetGroupArn ?? lb.targetGroupArn)) : undefined;
    d.deploymentStatus = outcome;
    if (outcome === 'SUCCESSFUL') {
      d.rolloutState = 'COMPLETED';
      d.rolloutStateReason = `ECS deployment ${d.id} completed.`;
      d.finishedAt = ended;
      good = d;
    } else if (outcome === 'ROLLBACK_SUCCESSFUL') {
      const reason = opts.reason?.(i) ?? 'Service deployment rolled back because the circuit breaker threshold was exceeded.';
      d.rolloutState = 'FAILED';
      d.rolloutStateReason = reason;
      d.statusReason = reason;
      d.finishedAt = ended;
      d.rollback = { reason, startedAt: ended - 3 * MINUTE, serviceRevisionArn: good?.serviceRevisionArn ?? d.serviceRevisionArn };
    } else {
      d.rolloutState = 'FAILED';
      d.rolloutStateReason = 'Service deployment stopped by a user.';
      d.statusReason = opts.reason?.(i) ?? 'Service deployment stopped by a user.';
      d.stoppedAt = ended;
    }
    past.unshift(d);
  });
  service.pastDeployments.push(...past);
  // The deployment running now was started from the last of them.
  const current = service.deployments[0];
  if (current && good) current.sourceRevisionArns = [good.serviceRevisionArn];
}
