import { describe, expect, it } from 'vitest';
import {
  normalizeCapacityProvider,
  normalizeCluster,
  normalizeContainerInstance,
  normalizeResources,
  normalizeService,
  normalizeTask,
  serviceNameOfGroup,
} from '../../../src-main/core/inventory/normalize';

const T0 = Date.UTC(2026, 0, 1);
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';

describe('normalizeCluster', () => {
  it('takes counts, strategy, Container Insights and exec configuration', () => {
    const c = normalizeCluster(
      {
        clusterArn: CLUSTER, clusterName: 'prod', status: 'ACTIVE', runningTasksCount: 7, pendingTasksCount: 1, activeServicesCount: 3, registeredContainerInstancesCount: 2,
        capacityProviders: ['FARGATE', 'asg'], defaultCapacityProviderStrategy: [{ capacityProvider: 'asg', weight: 2 }],
        settings: [{ name: 'containerInsights', value: 'enhanced' }],
        configuration: { executeCommandConfiguration: { kmsKeyId: 'key-1', logging: 'OVERRIDE' } },
      },
      'us-east-1',
      T0,
    );
    expect(c).toMatchObject({ name: 'prod', region: 'us-east-1', runningTasksCount: 7, activeServicesCount: 3, containerInsights: 'enhanced', execKmsKeyId: 'key-1', execLogging: 'OVERRIDE', fetchedAt: T0, stale: false });
    expect(c.defaultCapacityProviderStrategy).toEqual([{ capacityProvider: 'asg', weight: 2, base: 0 }]);
  });
});

describe('normalizeService', () => {
  const service = normalizeService(
    {
      serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/prod/web`, serviceName: 'web', clusterArn: CLUSTER, status: 'ACTIVE', desiredCount: 4, runningCount: 3, pendingCount: 1,
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:5',
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
      deployments: [
        { id: 'ecs-svc/1', status: 'PRIMARY', desiredCount: 4, runningCount: 3, pendingCount: 1, failedTasks: 2, rolloutState: 'IN_PROGRESS', createdAt: new Date(T0), updatedAt: new Date(T0 + 1000),
          serviceConnectConfiguration: { enabled: true, namespace: 'prod.local', services: [{ portName: 'http', discoveryName: 'web' }, { portName: 'admin' }] } },
        { id: 'ecs-svc/0', status: 'ACTIVE', desiredCount: 0, runningCount: 1, pendingCount: 0, failedTasks: 0, rolloutState: 'COMPLETED',
          serviceConnectConfiguration: { enabled: false } },
      ],
      events: [{ id: 'e1', createdAt: new Date(T0 + 5000), message: '(service web) has started 1 tasks' }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' } },
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      createdAt: new Date(T0 - 1000),
    },
    T0,
  );

  it('turns Dates into epoch ms and keeps deployments in order', () => {
    expect(service.createdAt).toBe(T0 - 1000);
    expect(service.events[0]).toEqual({ id: 'e1', createdAt: T0 + 5000, message: '(service web) has started 1 tasks' });
    expect(service.deployments.map((d) => [d.id, d.failedTasks, d.createdAt])).toEqual([['ecs-svc/1', 2, T0], ['ecs-svc/0', 0, null]]);
    expect(service.circuitBreaker).toEqual({ enable: true, rollback: true });
    expect(service.networkMode).toEqual({ subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' });
    expect(service.placementStrategy).toEqual([{ type: 'spread', field: 'attribute:ecs.availability-zone' }]);
  });

  it('reads Service Connect from the PRIMARY deployment', () => {
    expect(service.serviceConnect).toEqual({ enabled: true, namespace: 'prod.local', services: ['web', 'admin'] });
  });
});

describe('normalizeTask', () => {
  it('names the service from the group and reads the ENI attachment', () => {
    const t = normalizeTask(
      {
        taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/abc123', clusterArn: CLUSTER, group: 'service:web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: new Date(T0),
        attachments: [{ type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: 'subnet-9' }, { name: 'privateIPv4Address', value: '10.0.1.5' }] }],
        containers: [{ name: 'app', image: 'repo/app:v1', imageDigest: 'sha256:1', exitCode: 137, reason: 'OutOfMemoryError', managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' }] }],
      },
      T0,
    );
    expect(t).toMatchObject({ id: 'abc123', serviceName: 'web', stoppedAt: T0, privateIp: '10.0.1.5', subnetId: 'subnet-9', stopCode: 'EssentialContainerExited' });
    expect(t.containers[0]).toMatchObject({ exitCode: 137, reason: 'OutOfMemoryError', managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING', reason: null }] });
  });

  it('leaves standalone tasks without a service', () => {
    expect(serviceNameOfGroup('family:batch')).toBeNull();
    expect(normalizeTask({ taskArn: 'arn:x/t1', lastStatus: 'RUNNING' }, T0)).toMatchObject({ serviceName: null, privateIp: null, startedAt: null });
  });
});

describe('normalizeContainerInstance', () => {
  const base = {
    containerInstanceArn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci1', status: 'ACTIVE', agentConnected: true, runningTasksCount: 2,
    registeredResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: 4096 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 15466 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375'] },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: ['53'] },
      { name: 'GPU', type: 'STRINGSET', stringSetValue: ['gpu-0', 'gpu-1'] },
    ],
    remainingResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 1024 }, { name: 'MEMORY', type: 'INTEGER', integerValue: 2000 }],
    attributes: [
      { name: 'ecs.availability-zone', value: 'us-east-1a' }, { name: 'ecs.instance-type', value: 'g4dn.xlarge' },
      { name: 'ecs.ami-id', value: 'ami-1' }, { name: 'ecs.os-type', value: 'linux' },
    ],
    versionInfo: { agentVersion: '1.80.0' },
  };

  it('reads resources, ports, GPUs and placement attributes', () => {
    const ci = normalizeContainerInstance({ ...base, ec2InstanceId: 'i-0abc' }, CLUSTER, T0);
    expect(ci).toMatchObject({ id: 'ci1', external: false, availabilityZone: 'us-east-1a', instanceType: 'g4dn.xlarge', amiId: 'ami-1', osType: 'linux', agentVersion: '1.80.0' });
    expect(ci.registered).toEqual({ cpu: 4096, memory: 15466, ports: ['22', '2375', '53/udp'], gpus: 2 });
    expect(ci.remaining).toEqual({ cpu: 1024, memory: 2000, ports: [], gpus: 0 });
  });

  it('marks ECS Anywhere instances (managed instance ids mi-...) as external', () => {
    expect(normalizeContainerInstance({ ...base, ec2InstanceId: 'mi-0123' }, CLUSTER, T0).external).toBe(true);
  });

  it('counts no resources as zero', () => {
    expect(normalizeResources(undefined)).toEqual({ cpu: 0, memory: 0, ports: [], gpus: 0 });
  });
});

describe('normalizeCapacityProvider', () => {
  it('reads managed scaling of an Auto Scaling provider', () => {
    const cp = normalizeCapacityProvider(
      { name: 'asg', capacityProviderArn: 'arn:cp/asg', status: 'ACTIVE', autoScalingGroupProvider: { autoScalingGroupArn: 'arn:asg', managedScaling: { status: 'ENABLED', targetCapacity: 90 }, managedTerminationProtection: 'ENABLED' } },
      T0,
    );
    expect(cp).toMatchObject({ kind: 'ASG', autoScalingGroupArn: 'arn:asg', managedTerminationProtection: 'ENABLED', managedScaling: { status: 'ENABLED', targetCapacity: 90, minimumScalingStepSize: null } });
  });

  it('recognizes the built-in Fargate providers', () => {
    expect(normalizeCapacityProvider({ name: 'FARGATE_SPOT', status: 'ACTIVE' }, T0)).toMatchObject({ kind: 'FARGATE_SPOT', managedScaling: null });
  });
});
