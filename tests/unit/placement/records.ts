import type { CapacityProviderRecord, ContainerInstanceRecord, ServiceRecord, TaskRecord } from '@contract/domains/inventory';

/** Small builders for inventory records as core sends them, with only what a test varies. */
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';

export function instance(id: string, over: Partial<ContainerInstanceRecord> & { cpuLeft?: number; memLeft?: number; ports?: string[] } = {}): ContainerInstanceRecord {
  const { cpuLeft, memLeft, ports, ...rest } = over;
  const registered = rest.registered ?? { cpu: 4096, memory: 15466, ports: ['22', '2375', '2376', '51678', '51679'], gpus: 0 };
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/${id}`,
    id,
    clusterArn: CLUSTER,
    ec2InstanceId: `i-${id}`,
    external: false,
    status: 'ACTIVE',
    statusReason: null,
    agentConnected: true,
    agentVersion: '1.80.0',
    runningTasksCount: 0,
    pendingTasksCount: 0,
    registered,
    remaining: { cpu: cpuLeft ?? registered.cpu, memory: memLeft ?? registered.memory, ports: ports ?? [...registered.ports], gpus: registered.gpus },
    availabilityZone: 'us-east-1a',
    instanceType: 'm5.xlarge',
    amiId: 'ami-1',
    osType: 'linux',
    capacityProviderName: 'general',
    registeredAt: 1,
    version: 1,
    attributes: { 'ecs.availability-zone': rest.availabilityZone ?? 'us-east-1a', 'ecs.instance-type': rest.instanceType ?? 'm5.xlarge' },
    fetchedAt: 1,
    stale: false,
    ...rest,
  };
}

export function task(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`,
    id,
    clusterArn: CLUSTER,
    serviceName: 'web',
    group: 'service:web',
    startedBy: 'ecs-svc/1',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    launchType: 'EC2',
    capacityProviderName: 'general',
    availabilityZone: 'us-east-1a',
    containerInstanceArn: null,
    cpu: '512',
    memory: '1024',
    platformVersion: null,
    healthStatus: 'HEALTHY',
    enableExecuteCommand: false,
    connectivity: 'CONNECTED',
    createdAt: 1,
    pullStartedAt: null,
    pullStoppedAt: null,
    connectivityAt: null,
    startedAt: 1,
    stoppingAt: null,
    stoppedAt: null,
    stopCode: null,
    stoppedReason: null,
    privateIp: null,
    subnetId: null,
    containers: [],
    version: 1,
    fetchedAt: 1,
    stale: false,
    ...over,
  };
}

/** A task of `service` on instance `on` (an instance() record). */
export function taskOn(id: string, on: ContainerInstanceRecord, over: Partial<TaskRecord> = {}): TaskRecord {
  return task(id, { containerInstanceArn: on.arn, availabilityZone: on.availabilityZone, capacityProviderName: on.capacityProviderName, ...over });
}

export function fargateTask(id: string, zone: string, provider: 'FARGATE' | 'FARGATE_SPOT', over: Partial<TaskRecord> = {}): TaskRecord {
  return task(id, { launchType: null, capacityProviderName: provider, availabilityZone: zone, cpu: '256', memory: '512', ...over });
}

export function service(name: string, over: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:service/prod/${name}`,
    clusterArn: CLUSTER,
    name,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: null,
    capacityProviderStrategy: [{ capacityProvider: 'general', weight: 1, base: 0 }],
    platformVersion: null,
    taskDefinition: `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}:3`,
    deployments: [],
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    circuitBreaker: null,
    events: [],
    placementStrategy: [],
    placementConstraints: [],
    enableExecuteCommand: false,
    schedulingStrategy: 'REPLICA',
    serviceRegistries: [],
    loadBalancers: [],
    serviceConnect: null,
    networkMode: null,
    roleArn: null,
    createdAt: 1,
    health: { state: 'healthy', word: 'steady', problem: null, problemCount: 0 },
    fetchedAt: 1,
    stale: false,
    ...over,
  };
}

export function provider(name: string, over: Partial<CapacityProviderRecord> = {}): CapacityProviderRecord {
  const builtIn = name === 'FARGATE' || name === 'FARGATE_SPOT';
  return {
    arn: builtIn ? null : `arn:aws:ecs:us-east-1:123456789012:capacity-provider/${name}`,
    name,
    status: 'ACTIVE',
    kind: builtIn ? (name as 'FARGATE' | 'FARGATE_SPOT') : 'ASG',
    autoScalingGroupArn: builtIn ? null : `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/${name}`,
    managedScaling: builtIn ? null : { status: 'ENABLED', targetCapacity: 90, minimumScalingStepSize: 1, maximumScalingStepSize: 10, instanceWarmupPeriod: 300 },
    managedTerminationProtection: builtIn ? null : 'ENABLED',
    managedDraining: builtIn ? null : 'ENABLED',
    fetchedAt: 1,
    stale: false,
    ...over,
  };
}
