/**
 * Building blocks for scenarios: clusters, Auto Scaling capacity providers with their
 * instances, ECR release histories, task definitions and services. Scenarios describe a world
 * with these; the engine then plays its recent history forward to "now".
 */
import type { EcrStore } from '../ecr/ecr-store';
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
  defineCapacityMetrics(env.metrics, env.seed, provider);
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
}

/** Creates the repository and pushes one image per tag, oldest first; returns the image URIs. */
export function pushReleases(env: ScenarioEnv, spec: ReleaseSpec): string[] {
  const { ecr, engine } = env;
  const every = spec.everyDays ?? 3;
  ecr.createRepository({
    name: spec.repository,
    tagMutability: spec.mutability,
    scanOnPush: true,
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
    loadBalancers: [],
    serviceRegistries: [],
    healthCheckGracePeriodSeconds: 0,
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
    tags: spec.tags ?? [{ key: 'env', value: 'production' }],
    behaviour: spec.behaviour ?? {},
  };
  world.addService(service);
  const first: DeploymentRecord = newDeployment(engine, service, { taskDefinition: spec.taskDefinition.arn });
  first.serviceConnectConfiguration = spec.serviceConnect;
  service.deployments.push(first);
  defineServiceMetrics(env.metrics, env.seed, service);
  engine.markDirty(service);
  return service;
}
