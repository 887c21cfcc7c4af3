import type { ClusterRecord, ContainerInstanceRecord, DeploymentRecord, Problem, ServiceRecord, TaskRecord } from '@contract/domains/inventory';
import { serviceVerdict } from '@contract/health';

/** Records as core sends them, with overridable fields: the inventory tests' raw material. */
export const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
export const CLUSTER_ARN = `${ACCOUNT}:cluster/prod`;

export function cluster(over: Partial<ClusterRecord> = {}): ClusterRecord {
  return {
    arn: CLUSTER_ARN, name: 'prod', region: 'us-east-1', status: 'ACTIVE', runningTasksCount: 4, pendingTasksCount: 0, activeServicesCount: 2,
    registeredContainerInstancesCount: 0, capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [], containerInsights: null, execKmsKeyId: null,
    execLogging: null, problemCount: 0, health: { state: 'healthy', word: 'no problems' }, fetchedAt: 1000, stale: false, ...over,
  };
}

export function deployment(over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: `${ACCOUNT}:task-definition/web:8`, desiredCount: 4, pendingCount: 0, runningCount: 4, failedTasks: 0,
    rolloutState: 'COMPLETED', rolloutStateReason: null, createdAt: 0, updatedAt: 0, launchType: null, capacityProviderStrategy: [], platformVersion: null, ...over,
  };
}

/** A service with the verdict core would send for it with these problems (none by default). */
export function service(name: string, over: Partial<ServiceRecord> = {}, problems: readonly Problem[] = []): ServiceRecord {
  const record: Omit<ServiceRecord, 'health'> & { health?: ServiceRecord['health'] } = {
    arn: `${ACCOUNT}:service/prod/${name}`, clusterArn: CLUSTER_ARN, name, status: 'ACTIVE', desiredCount: 4, runningCount: 4, pendingCount: 0,
    launchType: 'FARGATE', capacityProviderStrategy: [], platformVersion: 'LATEST', taskDefinition: `${ACCOUNT}:task-definition/${name}:8`,
    deployments: [deployment({ taskDefinition: `${ACCOUNT}:task-definition/${name}:8` })], minimumHealthyPercent: 100, maximumPercent: 200,
    circuitBreaker: { enable: true, rollback: true }, events: [], placementStrategy: [], placementConstraints: [], enableExecuteCommand: false,
    schedulingStrategy: 'REPLICA', serviceRegistries: [], loadBalancers: [], serviceConnect: null, networkMode: null, roleArn: null, createdAt: 0,
    fetchedAt: 1000, stale: false, ...over,
  };
  return { ...record, health: over.health ?? serviceVerdict(record, problems) };
}

export function task(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  return {
    arn: `${ACCOUNT}:task/prod/${id}`, id, clusterArn: CLUSTER_ARN, serviceName: 'web', group: 'service:web', startedBy: null,
    taskDefinitionArn: `${ACCOUNT}:task-definition/web:8`, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', launchType: 'FARGATE', capacityProviderName: null,
    availabilityZone: 'us-east-1a', containerInstanceArn: null, cpu: '256', memory: '512', platformVersion: null, healthStatus: 'HEALTHY',
    enableExecuteCommand: false, connectivity: 'CONNECTED', createdAt: 100, pullStartedAt: 110, pullStoppedAt: 120, connectivityAt: 105, startedAt: 130,
    stoppingAt: null, stoppedAt: null, stopCode: null, stoppedReason: null, privateIp: '10.0.0.1', subnetId: 'subnet-1',
    containers: [{ name: 'app', image: '123.dkr.ecr.us-east-1.amazonaws.com/web:v1.2.0', imageDigest: 'sha256:abc', runtimeId: null, lastStatus: 'RUNNING', exitCode: null, reason: null, healthStatus: 'HEALTHY', cpu: '256', memory: null, networkBindings: [], managedAgents: [] }],
    version: 1, fetchedAt: 1000, stale: false, ...over,
  };
}

export function instance(id: string, over: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord {
  return {
    arn: `${ACCOUNT}:container-instance/prod/${id}`, id, clusterArn: CLUSTER_ARN, ec2InstanceId: `i-${id}`, external: false, status: 'ACTIVE', statusReason: null,
    agentConnected: true, agentVersion: '1.89.2', runningTasksCount: 2, pendingTasksCount: 0, registered: { cpu: 4096, memory: 15466, ports: [], gpus: 0 },
    remaining: { cpu: 2560, memory: 12394, ports: [], gpus: 0 }, availabilityZone: 'us-east-1a', instanceType: 'm5.xlarge', amiId: null, osType: 'linux',
    capacityProviderName: 'general', registeredAt: 0, attributes: {}, version: 1, fetchedAt: 1000, stale: false, ...over,
  };
}

export function problem(over: Partial<Problem> = {}): Problem {
  return {
    id: 'crash-loop:x', severity: 'critical', kind: 'crash-loop', clusterArn: CLUSTER_ARN, region: 'us-east-1', targetArn: `${ACCOUNT}:service/prod/web`,
    title: 'web: crash loop', detail: '3 tasks stopped in 10 min: essential container exited with code 137', since: 500, ...over,
  };
}
