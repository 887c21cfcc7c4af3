import type {
  CapacityProvider,
  CapacityProviderStrategyItem,
  Cluster,
  Container,
  ContainerInstance,
  Deployment,
  Resource,
  Service,
  Task,
} from '@aws-sdk/client-ecs';
import type {
  CapacityProviderRecord,
  ClusterRecord,
  ContainerInstanceRecord,
  ContainerRecord,
  DeploymentRecord,
  Resources,
  ServiceRecord,
  StrategyItem,
  TaskRecord,
} from '../../contract/domains/inventory';
import { serviceVerdict } from '../../contract/health';

/**
 * ECS SDK shapes -> the contract's records. Pure functions: dates become epoch ms, optional
 * fields become null, nested AWS structures become the few flat fields the views read.
 * `fetchedAt` is the time of the response the record came from; records start fresh.
 */

const ms = (d: Date | undefined): number | null => (d ? d.getTime() : null);
const str = (s: string | undefined | null): string | null => (s === undefined || s === null || s === '' ? null : s);
const num = (n: number | undefined | null): number | null => (n === undefined || n === null ? null : n);

/** The last segment of an ARN: a task id, a container instance id. */
export function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** `group` is "service:<name>" for a service's tasks, "family:<name>" for RunTask. */
export function serviceNameOfGroup(group: string | undefined): string | null {
  return group?.startsWith('service:') ? group.slice('service:'.length) : null;
}

function strategy(items: CapacityProviderStrategyItem[] | undefined): StrategyItem[] {
  return (items ?? []).map((i) => ({ capacityProvider: i.capacityProvider ?? '', weight: i.weight ?? 0, base: i.base ?? 0 }));
}

export function normalizeCluster(c: Cluster, region: string, fetchedAt: number): ClusterRecord {
  const exec = c.configuration?.executeCommandConfiguration;
  return {
    arn: c.clusterArn ?? '',
    name: c.clusterName ?? lastSegment(c.clusterArn ?? ''),
    region,
    status: c.status ?? 'UNKNOWN',
    runningTasksCount: c.runningTasksCount ?? 0,
    pendingTasksCount: c.pendingTasksCount ?? 0,
    activeServicesCount: c.activeServicesCount ?? 0,
    registeredContainerInstancesCount: c.registeredContainerInstancesCount ?? 0,
    capacityProviders: c.capacityProviders ?? [],
    defaultCapacityProviderStrategy: strategy(c.defaultCapacityProviderStrategy),
    containerInsights: str(c.settings?.find((s) => s.name === 'containerInsights')?.value),
    execKmsKeyId: str(exec?.kmsKeyId),
    execLogging: str(exec?.logging),
    problemCount: 0,
    health: { state: 'unknown', word: 'not read yet' },
    fetchedAt,
    stale: false,
  };
}

function normalizeDeployment(d: Deployment): DeploymentRecord {
  return {
    id: d.id ?? '',
    status: d.status ?? 'UNKNOWN',
    taskDefinition: d.taskDefinition ?? '',
    desiredCount: d.desiredCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    runningCount: d.runningCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    rolloutState: str(d.rolloutState),
    rolloutStateReason: str(d.rolloutStateReason),
    createdAt: ms(d.createdAt),
    updatedAt: ms(d.updatedAt),
    launchType: str(d.launchType),
    capacityProviderStrategy: strategy(d.capacityProviderStrategy),
    platformVersion: str(d.platformVersion),
  };
}

/** Service Connect is configured per deployment; the PRIMARY one is what the service does now. */
function serviceConnectOf(deployments: Deployment[]): ServiceRecord['serviceConnect'] {
  const primary = deployments.find((d) => d.status === 'PRIMARY') ?? deployments[0];
  const sc = primary?.serviceConnectConfiguration;
  if (!sc) return null;
  return {
    enabled: sc.enabled ?? false,
    namespace: str(sc.namespace),
    services: (sc.services ?? []).map((s) => s.discoveryName ?? s.portName ?? '').filter((n) => n !== ''),
  };
}

/** A service as ECS describes it, with the verdict its record alone gives (the model adds its problems). */
export function normalizeService(s: Service, fetchedAt: number): ServiceRecord {
  const record = normalizeServiceFields(s, fetchedAt);
  return { ...record, health: serviceVerdict(record, []) };
}

function normalizeServiceFields(s: Service, fetchedAt: number): Omit<ServiceRecord, 'health'> {
  const deployments = s.deployments ?? [];
  const dc = s.deploymentConfiguration;
  const cb = dc?.deploymentCircuitBreaker;
  const vpc = s.networkConfiguration?.awsvpcConfiguration;
  return {
    arn: s.serviceArn ?? '',
    clusterArn: s.clusterArn ?? '',
    name: s.serviceName ?? lastSegment(s.serviceArn ?? ''),
    status: s.status ?? 'UNKNOWN',
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    launchType: str(s.launchType),
    capacityProviderStrategy: strategy(s.capacityProviderStrategy),
    platformVersion: str(s.platformVersion),
    taskDefinition: s.taskDefinition ?? '',
    deployments: deployments.map(normalizeDeployment),
    minimumHealthyPercent: num(dc?.minimumHealthyPercent),
    maximumPercent: num(dc?.maximumPercent),
    circuitBreaker: cb ? { enable: cb.enable ?? false, rollback: cb.rollback ?? false } : null,
    deploymentStrategy: str(dc?.strategy) ?? 'ROLLING',
    deploymentAlarms: dc?.alarms ? { names: dc.alarms.alarmNames ?? [], enable: dc.alarms.enable ?? false, rollback: dc.alarms.rollback ?? false } : null,
    events: (s.events ?? []).map((e) => ({ id: e.id ?? '', createdAt: ms(e.createdAt) ?? 0, message: e.message ?? '' })),
    placementStrategy: (s.placementStrategy ?? []).map((p) => ({ type: p.type ?? '', field: str(p.field) })),
    placementConstraints: (s.placementConstraints ?? []).map((p) => ({ type: p.type ?? '', expression: str(p.expression) })),
    enableExecuteCommand: s.enableExecuteCommand ?? false,
    schedulingStrategy: str(s.schedulingStrategy),
    serviceRegistries: (s.serviceRegistries ?? []).map((r) => ({ registryArn: str(r.registryArn), containerName: str(r.containerName), containerPort: num(r.containerPort) })),
    loadBalancers: (s.loadBalancers ?? []).map((l) => ({ targetGroupArn: str(l.targetGroupArn), containerName: str(l.containerName), containerPort: num(l.containerPort) })),
    serviceConnect: serviceConnectOf(deployments),
    networkMode: vpc ? { subnets: vpc.subnets ?? [], securityGroups: vpc.securityGroups ?? [], assignPublicIp: str(vpc.assignPublicIp) } : null,
    roleArn: str(s.roleArn),
    createdAt: ms(s.createdAt),
    fetchedAt,
    stale: false,
  };
}

function normalizeContainer(c: Container): ContainerRecord {
  return {
    name: c.name ?? '',
    image: c.image ?? '',
    imageDigest: str(c.imageDigest),
    runtimeId: str(c.runtimeId),
    lastStatus: str(c.lastStatus),
    exitCode: num(c.exitCode),
    reason: str(c.reason),
    healthStatus: str(c.healthStatus),
    cpu: str(c.cpu),
    memory: str(c.memory),
    networkBindings: (c.networkBindings ?? []).map((b) => ({ containerPort: num(b.containerPort), hostPort: num(b.hostPort), protocol: str(b.protocol) })),
    managedAgents: (c.managedAgents ?? []).map((a) => ({ name: a.name ?? '', lastStatus: str(a.lastStatus), reason: str(a.reason) })),
  };
}

/** awsvpc tasks carry their ENI as an attachment with name/value details. */
function eniDetails(t: Task): { privateIp: string | null; subnetId: string | null } {
  const eni = (t.attachments ?? []).find((a) => a.type === 'ElasticNetworkInterface');
  const detail = (name: string) => str(eni?.details?.find((d) => d.name === name)?.value);
  return { privateIp: detail('privateIPv4Address'), subnetId: detail('subnetId') };
}

export function normalizeTask(t: Task, fetchedAt: number): TaskRecord {
  const arn = t.taskArn ?? '';
  return {
    arn,
    id: lastSegment(arn),
    clusterArn: t.clusterArn ?? '',
    serviceName: serviceNameOfGroup(t.group),
    group: str(t.group),
    startedBy: str(t.startedBy),
    taskDefinitionArn: t.taskDefinitionArn ?? '',
    lastStatus: t.lastStatus ?? 'UNKNOWN',
    desiredStatus: t.desiredStatus ?? 'UNKNOWN',
    launchType: str(t.launchType),
    capacityProviderName: str(t.capacityProviderName),
    availabilityZone: str(t.availabilityZone),
    containerInstanceArn: str(t.containerInstanceArn),
    cpu: str(t.cpu),
    memory: str(t.memory),
    platformVersion: str(t.platformVersion),
    healthStatus: str(t.healthStatus),
    enableExecuteCommand: t.enableExecuteCommand ?? false,
    connectivity: str(t.connectivity),
    createdAt: ms(t.createdAt),
    pullStartedAt: ms(t.pullStartedAt),
    pullStoppedAt: ms(t.pullStoppedAt),
    connectivityAt: ms(t.connectivityAt),
    startedAt: ms(t.startedAt),
    stoppingAt: ms(t.stoppingAt),
    stoppedAt: ms(t.stoppedAt),
    stopCode: str(t.stopCode),
    stoppedReason: str(t.stoppedReason),
    ...eniDetails(t),
    containers: (t.containers ?? []).map(normalizeContainer),
    version: num(t.version),
    fetchedAt,
    stale: false,
  };
}

/** CPU and MEMORY are integers; PORTS / PORTS_UDP are string sets; GPU is a set of GPU ids. */
export function normalizeResources(resources: Resource[] | undefined): Resources {
  const byName = new Map((resources ?? []).map((r) => [r.name ?? '', r]));
  const count = (r: Resource | undefined) => r?.integerValue ?? r?.longValue ?? r?.doubleValue ?? 0;
  const gpu = byName.get('GPU');
  const ports = [
    ...(byName.get('PORTS')?.stringSetValue ?? []),
    ...(byName.get('PORTS_UDP')?.stringSetValue ?? []).map((p) => `${p}/udp`),
  ];
  return {
    cpu: count(byName.get('CPU')),
    memory: count(byName.get('MEMORY')),
    ports,
    gpus: gpu?.stringSetValue ? gpu.stringSetValue.length : count(gpu),
  };
}

export function normalizeContainerInstance(ci: ContainerInstance, clusterArn: string, fetchedAt: number): ContainerInstanceRecord {
  const arn = ci.containerInstanceArn ?? '';
  const attributes: Record<string, string> = {};
  for (const a of ci.attributes ?? []) if (a.name) attributes[a.name] = a.value ?? '';
  const attr = (name: string) => str(attributes[name]);
  const ec2InstanceId = str(ci.ec2InstanceId);
  return {
    arn,
    id: lastSegment(arn),
    clusterArn,
    ec2InstanceId,
    // ECS Anywhere registers SSM managed instances: their id starts with "mi-", not "i-".
    external: ec2InstanceId?.startsWith('mi-') ?? false,
    status: ci.status ?? 'UNKNOWN',
    statusReason: str(ci.statusReason),
    agentConnected: ci.agentConnected ?? false,
    agentVersion: str(ci.versionInfo?.agentVersion),
    runningTasksCount: ci.runningTasksCount ?? 0,
    pendingTasksCount: ci.pendingTasksCount ?? 0,
    registered: normalizeResources(ci.registeredResources),
    remaining: normalizeResources(ci.remainingResources),
    availabilityZone: attr('ecs.availability-zone'),
    instanceType: attr('ecs.instance-type'),
    amiId: attr('ecs.ami-id'),
    osType: attr('ecs.os-type'),
    capacityProviderName: str(ci.capacityProviderName),
    registeredAt: ms(ci.registeredAt),
    attributes,
    version: num(ci.version),
    fetchedAt,
    stale: false,
  };
}

/** FARGATE and FARGATE_SPOT are built in: nothing to describe, so Wharf makes their records itself. */
export function builtInCapacityProvider(name: 'FARGATE' | 'FARGATE_SPOT', fetchedAt: number): CapacityProviderRecord {
  return { arn: null, name, status: 'ACTIVE', kind: name, autoScalingGroupArn: null, managedScaling: null, managedTerminationProtection: null, managedDraining: null, fetchedAt, stale: false };
}

export function normalizeCapacityProvider(cp: CapacityProvider, fetchedAt: number): CapacityProviderRecord {
  const name = cp.name ?? '';
  if (name === 'FARGATE' || name === 'FARGATE_SPOT') return { ...builtInCapacityProvider(name, fetchedAt), arn: str(cp.capacityProviderArn), status: cp.status ?? 'ACTIVE' };
  const asg = cp.autoScalingGroupProvider;
  const scaling = asg?.managedScaling;
  return {
    arn: str(cp.capacityProviderArn),
    name,
    status: cp.status ?? 'UNKNOWN',
    kind: 'ASG',
    autoScalingGroupArn: str(asg?.autoScalingGroupArn),
    managedScaling: scaling
      ? {
          status: scaling.status ?? 'DISABLED',
          targetCapacity: num(scaling.targetCapacity),
          minimumScalingStepSize: num(scaling.minimumScalingStepSize),
          maximumScalingStepSize: num(scaling.maximumScalingStepSize),
          instanceWarmupPeriod: num(scaling.instanceWarmupPeriod),
        }
      : null,
    managedTerminationProtection: str(asg?.managedTerminationProtection),
    managedDraining: str(asg?.managedDraining),
    fetchedAt,
    stale: false,
  };
}
