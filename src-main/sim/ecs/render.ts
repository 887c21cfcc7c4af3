/**
 * World records -> the ECS API's shapes (field names and enums of the ECS service model).
 * Timestamps are Dates; the front door encodes them for the wire.
 */
import type { World } from '../world/world';
import type {
  CapacityProviderRecord,
  ClusterRecord,
  ContainerInstanceRecord,
  DeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from '../world/types';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** Ports ECS reserves on every EC2 instance (SSH, Docker, the agent). */
export const RESERVED_PORTS = [22, 2375, 2376, 51678, 51679];

export function isPending(task: TaskRecord): boolean {
  return task.desiredStatus === 'RUNNING' && task.lastStatus !== 'RUNNING';
}
export function isRunning(task: TaskRecord): boolean {
  return task.lastStatus === 'RUNNING';
}

export function renderCluster(world: World, cluster: ClusterRecord, include: Set<string>): object {
  // Counted on every call (no counters to keep in step): plain loops, no per-task allocation.
  const running = { EC2: 0, Fargate: 0, External: 0 };
  const pending = { EC2: 0, Fargate: 0, External: 0 };
  for (const task of world.tasksOfCluster(cluster.name)) {
    const kind = task.launchType === 'FARGATE' ? 'Fargate' : task.launchType === 'EXTERNAL' ? 'External' : 'EC2';
    const status = task.lastStatus;
    if (status === 'RUNNING') running[kind]++;
    else if (status === 'PENDING' || status === 'PROVISIONING' || status === 'ACTIVATING') pending[kind]++;
  }
  const active = { EC2: 0, Fargate: 0, External: 0 };
  for (const service of world.servicesOf(cluster.name)) {
    if (service.status === 'ACTIVE') active[serviceKind(service)]++;
  }
  let registered = 0;
  for (const instance of world.instancesOf(cluster.name)) if (instance.status !== 'REGISTERING') registered++;
  const stats: Record<string, number> = {};
  for (const kind of ['EC2', 'Fargate', 'External'] as const) {
    stats[`running${kind}TasksCount`] = running[kind];
    stats[`pending${kind}TasksCount`] = pending[kind];
    stats[`active${kind}ServiceCount`] = active[kind];
  }
  const sum = (counts: Record<string, number>) => counts.EC2 + counts.Fargate + counts.External;
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    configuration: include.has('CONFIGURATIONS') ? cluster.configuration : undefined,
    status: cluster.status,
    registeredContainerInstancesCount: registered,
    runningTasksCount: sum(running),
    pendingTasksCount: sum(pending),
    activeServicesCount: sum(active),
    statistics: include.has('STATISTICS') ? statisticsList(stats) : [],
    tags: include.has('TAGS') ? cluster.tags : [],
    settings: include.has('SETTINGS') ? cluster.settings : undefined,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    attachments: include.has('ATTACHMENTS') ? [] : undefined,
    attachmentsStatus: include.has('ATTACHMENTS') ? 'UPDATE_COMPLETE' : undefined,
    serviceConnectDefaults: cluster.serviceConnectDefaults,
  };
}

const STATISTIC_NAMES = [
  'runningEC2TasksCount', 'runningFargateTasksCount', 'runningExternalTasksCount',
  'pendingEC2TasksCount', 'pendingFargateTasksCount', 'pendingExternalTasksCount',
  'activeEC2ServiceCount', 'activeFargateServiceCount', 'activeExternalServiceCount',
  'drainingEC2ServiceCount', 'drainingFargateServiceCount', 'drainingExternalServiceCount',
];

function statisticsList(stats: Record<string, number>): Array<{ name: string; value: string }> {
  return STATISTIC_NAMES.map((name) => ({ name, value: String(stats[name] ?? 0) }));
}

function serviceKind(service: ServiceRecord): 'EC2' | 'Fargate' | 'External' {
  if (service.launchType === 'FARGATE') return 'Fargate';
  if (service.launchType === 'EXTERNAL') return 'External';
  const provider = service.capacityProviderStrategy?.[0]?.capacityProvider;
  if (provider === 'FARGATE' || provider === 'FARGATE_SPOT') return 'Fargate';
  return 'EC2';
}

export function renderService(world: World, service: ServiceRecord, includeTags: boolean): object {
  const counts = new Map<string, { running: number; pending: number }>();
  let running = 0;
  let pending = 0;
  for (const task of world.tasksOfService(service.clusterName, service.name)) {
    const entry = counts.get(task.deploymentId ?? '') ?? { running: 0, pending: 0 };
    counts.set(task.deploymentId ?? '', entry);
    if (isRunning(task)) {
      running++;
      entry.running++;
    } else if (isPending(task)) {
      pending++;
      entry.pending++;
    }
  }
  const primary = service.deployments[0];
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: world.clusterArn(service.clusterName),
    loadBalancers: service.loadBalancers,
    serviceRegistries: service.serviceRegistries,
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: running,
    pendingCount: pending,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    platformFamily: service.platformVersion ? 'Linux' : undefined,
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: service.deployments.map((d) => renderDeployment(d, counts.get(d.id) ?? { running: 0, pending: 0 })),
    roleArn: service.roleArn,
    events: service.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(service.createdAt),
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    networkConfiguration: service.networkConfiguration ?? primary?.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: service.deploymentController ?? { type: 'ECS' },
    tags: includeTags ? service.tags : undefined,
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
  };
}

function renderDeployment(d: DeploymentRecord, counts: { running: number; pending: number }): object {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: d.failedTasks,
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
    capacityProviderStrategy: d.capacityProviderStrategy,
    launchType: d.launchType,
    platformVersion: d.platformVersion,
    platformFamily: d.platformVersion ? 'Linux' : undefined,
    networkConfiguration: d.networkConfiguration,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    serviceConnectConfiguration: d.serviceConnectConfiguration,
    serviceConnectResources: d.serviceConnectConfiguration?.services?.map((s: { discoveryName?: string; portName: string }) => ({
      discoveryName: s.discoveryName ?? s.portName,
      discoveryArn: `arn:aws:servicediscovery:us-east-1:000000000000:service/srv-${(s.discoveryName ?? s.portName).padEnd(16, 'x').slice(0, 16)}`,
    })),
  };
}

export function renderTask(world: World, task: TaskRecord, includeTags: boolean): object {
  const eni = task.eni;
  return {
    attachments: eni
      ? [{
          id: eni.attachmentId,
          type: 'ElasticNetworkInterface',
          status: task.lastStatus === 'STOPPED' ? 'DELETED' : task.lastStatus === 'PROVISIONING' ? 'PRECREATED' : 'ATTACHED',
          details: [
            { name: 'subnetId', value: eni.subnetId },
            { name: 'networkInterfaceId', value: eni.id },
            { name: 'macAddress', value: eni.mac },
            { name: 'privateDnsName', value: `ip-${eni.privateIp.replace(/\./g, '-')}.ec2.internal` },
            { name: 'privateIPv4Address', value: eni.privateIp },
          ],
        }]
      : [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: task.availabilityZone || undefined,
    capacityProviderName: task.capacityProviderName,
    clusterArn: world.clusterArn(task.clusterName),
    connectivity: task.connectivityAt !== undefined ? 'CONNECTED' : undefined,
    connectivityAt: date(task.connectivityAt),
    containerInstanceArn: task.containerInstanceArn,
    containers: task.containers.map((c) => ({
      containerArn: c.arn,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      imageDigest: c.imageDigest,
      runtimeId: c.runtimeId,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      networkBindings: task.launchType === 'FARGATE' || task.eni ? [] : c.portMappings.map((p, i) => ({
        bindIP: '0.0.0.0', containerPort: p.containerPort, hostPort: c.hostPorts[i] ?? p.hostPort, protocol: p.protocol ?? 'tcp',
      })),
      networkInterfaces: eni ? [{ attachmentId: eni.attachmentId, privateIpv4Address: eni.privateIp }] : [],
      healthStatus: c.healthStatus ?? 'UNKNOWN',
      managedAgents: c.execAgent
        ? [{ lastStartedAt: date(c.execAgent.lastStartedAt), name: 'ExecuteCommandAgent', lastStatus: c.execAgent.lastStatus }]
        : undefined,
      cpu: String(c.cpu),
      memory: c.memory !== undefined ? String(c.memory) : undefined,
      memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : undefined,
      gpuIds: c.gpuIds.length ? c.gpuIds : undefined,
    })),
    cpu: String(task.cpu),
    createdAt: date(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: task.enableExecuteCommand,
    executionStoppedAt: date(task.executionStoppedAt),
    group: task.group,
    healthStatus: 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: task.launchType,
    memory: String(task.memory),
    overrides: { containerOverrides: task.containers.map((c) => ({ name: c.name })), inferenceAcceleratorOverrides: [] },
    platformVersion: task.platformVersion,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    pullStartedAt: date(task.pullStartedAt),
    pullStoppedAt: date(task.pullStoppedAt),
    startedAt: date(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: date(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: date(task.stoppingAt),
    tags: includeTags ? task.tags : undefined,
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
    ephemeralStorage: task.launchType === 'FARGATE' ? { sizeInGiB: 20 } : undefined,
  };
}

export function renderContainerInstance(world: World, instance: ContainerInstanceRecord, includeTags: boolean): object {
  let running = 0;
  let pending = 0;
  for (const task of world.tasksOfInstance(instance.arn)) {
    if (isRunning(task)) running++;
    else if (isPending(task)) pending++;
  }
  const usedPorts = [...RESERVED_PORTS, ...instance.usedPorts].map(String);
  const gpuResource = (ids: string[]) => (instance.gpus ? [{ name: 'GPU', type: 'STRINGSET', stringSetValue: ids }] : []);
  const allGpus = Array.from({ length: instance.gpus }, (_, i) => gpuId(instance, i));
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    capacityProviderName: instance.capacityProviderName,
    version: instance.version,
    versionInfo: { agentVersion: instance.agentVersion, agentHash: 'e3a2b9c1', dockerVersion: 'DockerVersion: 25.0.8' },
    remainingResources: [
      { name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: instance.cpu - instance.usedCpu },
      { name: 'MEMORY', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: instance.memory - instance.usedMemory },
      { name: 'PORTS', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: usedPorts },
      { name: 'PORTS_UDP', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [] },
      ...gpuResource(instance.freeGpus),
    ],
    registeredResources: [
      { name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: instance.cpu },
      { name: 'MEMORY', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: instance.memory },
      { name: 'PORTS', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: RESERVED_PORTS.map(String) },
      { name: 'PORTS_UDP', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [] },
      ...gpuResource(allGpus),
    ],
    status: instance.status,
    statusReason: instance.status === 'DRAINING' ? 'Instance is being drained for maintenance.' : undefined,
    agentConnected: instance.agentConnected,
    runningTasksCount: running,
    pendingTasksCount: pending,
    attributes: instance.attributes,
    registeredAt: date(instance.registeredAt),
    attachments: [],
    tags: includeTags ? instance.tags : [],
  };
}

export function gpuId(instance: ContainerInstanceRecord, index: number): string {
  return `GPU-${instance.id.slice(0, 8)}-${index}`;
}

export function renderCapacityProvider(provider: CapacityProviderRecord, includeTags: boolean): object {
  return {
    capacityProviderArn: provider.arn,
    name: provider.name,
    status: provider.status,
    autoScalingGroupProvider: {
      autoScalingGroupArn: provider.autoScalingGroupArn,
      managedScaling: provider.managedScaling,
      managedTerminationProtection: provider.managedTerminationProtection,
    },
    tags: includeTags ? provider.tags : undefined,
  };
}

/** A built-in Fargate provider as DescribeCapacityProviders shows it. */
export function renderFargateProvider(world: World, name: 'FARGATE' | 'FARGATE_SPOT'): object {
  return { capacityProviderArn: world.capacityProviderArn(name), name, status: 'ACTIVE', tags: [] };
}

export function renderTaskDefinition(definition: TaskDefinitionRecord): object {
  const body = definition.body;
  const requires: string[] = body.requiresCompatibilities ?? [];
  const compatibilities = ['EC2'];
  if (body.networkMode === 'awsvpc' || requires.includes('FARGATE')) compatibilities.push('FARGATE');
  if (requires.includes('EXTERNAL')) compatibilities.push('EXTERNAL');
  return {
    ...body,
    taskDefinitionArn: definition.arn,
    family: definition.family,
    revision: definition.revision,
    status: definition.status,
    containerDefinitions: (body.containerDefinitions ?? []).map((c: Record<string, unknown>) => ({
      cpu: 0,
      portMappings: [],
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      ...c,
    })),
    volumes: body.volumes ?? [],
    placementConstraints: body.placementConstraints ?? [],
    requiresAttributes: requiredAttributes(body),
    compatibilities,
    registeredAt: date(definition.registeredAt),
    registeredBy: definition.registeredBy,
  };
}

function requiredAttributes(body: Record<string, unknown>): Array<{ name: string }> {
  const names = ['com.amazonaws.ecs.capability.docker-remote-api.1.18'];
  if (body.networkMode === 'awsvpc') names.push('ecs.capability.task-eni');
  if (body.taskRoleArn) names.push('com.amazonaws.ecs.capability.task-iam-role');
  if (body.executionRoleArn) names.push('ecs.capability.execution-role-awslogs');
  const containers = (body.containerDefinitions ?? []) as Array<Record<string, unknown>>;
  if (containers.some((c) => c.secrets)) names.push('ecs.capability.secrets.asm.environment-variables');
  if (containers.some((c) => c.repositoryCredentials)) names.push('com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager');
  if (Array.isArray(body.volumes) && body.volumes.some((v: { efsVolumeConfiguration?: unknown }) => v.efsVolumeConfiguration)) names.push('ecs.capability.efsAuth');
  return names.map((name) => ({ name }));
}
