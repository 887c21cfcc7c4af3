import type { ContainerInstanceRecord, ServiceRecord, TaskRecord } from '../../../src-main/contract/domains/inventory';
import { normalizeContainerInstance, normalizeService, normalizeTask } from '../../../src-main/core/inventory/normalize';

/** Small record factories for unit tests: a valid record with the fields that matter overridden. */
export const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
export const T0 = Date.UTC(2026, 0, 1, 12);

export function service(name: string, over: Partial<ServiceRecord> = {}): ServiceRecord {
  return { ...normalizeService({ serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/prod/${name}`, serviceName: name, clusterArn: CLUSTER, status: 'ACTIVE' }, T0), ...over };
}

export function task(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  return { ...normalizeTask({ taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`, clusterArn: CLUSTER, lastStatus: 'RUNNING', desiredStatus: 'RUNNING' }, T0), ...over };
}

export function instance(id: string, over: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord {
  return { ...normalizeContainerInstance({ containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/${id}`, ec2InstanceId: `i-${id}`, status: 'ACTIVE', agentConnected: true }, CLUSTER, T0), ...over };
}
