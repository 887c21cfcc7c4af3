import type { ContainerInstance, Task } from '@aws-sdk/client-ecs';
import type { ContainerInstanceRecord, TaskRecord } from '../../contract/domains/inventory';
import { lastSegment, normalizeContainerInstance, normalizeTask, serviceNameOfGroup } from '../inventory/normalize';

/**
 * One ECS event (an SQS message's body, as EventBridge sent it) -> what it means for the
 * inventory. Pure. The detail shapes are the ECS developer guide's ("Amazon ECS events"):
 * - ECS Task State Change: the task, as DescribeTasks gives it but with ISO timestamps, plus
 *   `version` and `updatedAt`; applied whole when it carries what Wharf shows, else described;
 * - ECS Container Instance State Change: the instance, likewise;
 * - ECS Service Action, ECS Deployment State Change and the service-deployment events name a
 *   service (in `resources`) but do not carry it: the service is described;
 * - an "AWS API Call via CloudTrail" of ECS naming a service (UpdateService...) likewise.
 * Unknown kinds are ignored: ECS adds event types over time.
 */
export type LiveAction =
  | { kind: 'task'; clusterArn: string; taskArn: string; record: TaskRecord | null; missing: string[]; serviceName: string | null }
  | { kind: 'instance'; clusterArn: string; arn: string; record: ContainerInstanceRecord | null }
  | { kind: 'service'; clusterArn: string; service: string }
  | { kind: 'ignore'; why: string };

export interface EcsEventEnvelope {
  id: string;
  'detail-type': string;
  source: string;
  account?: string;
  region?: string;
  time?: string;
  resources?: string[];
  detail?: Record<string, unknown>;
}

const TASK_DATES = ['createdAt', 'connectivityAt', 'pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'stoppedAt', 'executionStoppedAt'];
/** What a task event must carry to be applied without a describe. */
const TASK_REQUIRED = ['taskArn', 'clusterArn', 'lastStatus', 'desiredStatus', 'containers', 'version'];
/** Fields a task keeps for life: when an event lacks them, the known record's are kept (or the task is described once). */
export const TASK_STABLE = ['capacityProviderName', 'enableExecuteCommand', 'launchType', 'platformVersion', 'availabilityZone', 'group', 'startedBy', 'taskDefinitionArn', 'cpu', 'memory'] as const;

export function parseEvent(body: string): EcsEventEnvelope | null {
  try {
    const event = JSON.parse(body) as EcsEventEnvelope;
    return event && typeof event === 'object' && typeof event['detail-type'] === 'string' ? event : null;
  } catch {
    return null;
  }
}

export function actionOf(event: EcsEventEnvelope, fetchedAt: number): LiveAction {
  if (event.source !== 'aws.ecs') return { kind: 'ignore', why: `source ${event.source}` };
  const detail = event.detail ?? {};
  switch (event['detail-type']) {
    case 'ECS Task State Change':
      return taskAction(detail, event.resources ?? [], fetchedAt);
    case 'ECS Container Instance State Change':
      return instanceAction(detail, event.resources ?? [], fetchedAt);
    case 'AWS API Call via CloudTrail':
      return apiCallAction(detail);
    default: {
      const serviceArn = (event.resources ?? []).find((r) => r.includes(':service/'));
      if (!serviceArn) return { kind: 'ignore', why: `${event['detail-type']} names no service` };
      const clusterArn = typeof detail.clusterArn === 'string' ? detail.clusterArn : clusterOfService(serviceArn);
      return clusterArn ? { kind: 'service', clusterArn, service: serviceArn } : { kind: 'ignore', why: `no cluster for ${serviceArn}` };
    }
  }
}

function taskAction(detail: Record<string, unknown>, resources: string[], fetchedAt: number): LiveAction {
  const taskArn = typeof detail.taskArn === 'string' ? detail.taskArn : resources.find((r) => r.includes(':task/'));
  if (!taskArn) return { kind: 'ignore', why: 'a task event without a task' };
  const clusterArn = typeof detail.clusterArn === 'string' ? detail.clusterArn : clusterOfTask(taskArn);
  if (!clusterArn) return { kind: 'ignore', why: `no cluster for ${taskArn}` };
  const serviceName = serviceNameOfGroup(typeof detail.group === 'string' ? detail.group : undefined);
  const complete = TASK_REQUIRED.every((key) => detail[key] !== undefined && detail[key] !== null);
  if (!complete) return { kind: 'task', clusterArn, taskArn, record: null, missing: [], serviceName };
  const task = withDates(detail, TASK_DATES) as Task;
  const record = normalizeTask(task, fetchedAt);
  const missing = TASK_STABLE.filter((key) => detail[key] === undefined);
  return { kind: 'task', clusterArn, taskArn, record, missing, serviceName };
}

function instanceAction(detail: Record<string, unknown>, resources: string[], fetchedAt: number): LiveAction {
  const arn = typeof detail.containerInstanceArn === 'string' ? detail.containerInstanceArn : resources.find((r) => r.includes(':container-instance/'));
  const clusterArn = typeof detail.clusterArn === 'string' ? detail.clusterArn : null;
  if (!arn || !clusterArn) return { kind: 'ignore', why: 'an instance event without its instance or cluster' };
  const complete = detail.version !== undefined && detail.status !== undefined && Array.isArray(detail.remainingResources);
  const record = complete ? normalizeContainerInstance(withDates(detail, ['registeredAt']) as ContainerInstance, clusterArn, fetchedAt) : null;
  return { kind: 'instance', clusterArn, arn, record };
}

/** CloudTrail's record of an ECS call that changes a service (when the account sends those). */
function apiCallAction(detail: Record<string, unknown>): LiveAction {
  if (detail.eventSource !== 'ecs.amazonaws.com') return { kind: 'ignore', why: 'not an ECS API call' };
  const params = (detail.requestParameters ?? {}) as Record<string, unknown>;
  const service = typeof params.service === 'string' ? params.service : typeof params.serviceName === 'string' ? params.serviceName : null;
  const cluster = typeof params.cluster === 'string' ? params.cluster : 'default';
  if (!service) return { kind: 'ignore', why: `${String(detail.eventName)} names no service` };
  const region = typeof detail.awsRegion === 'string' ? detail.awsRegion : null;
  const account = typeof detail.recipientAccountId === 'string' ? detail.recipientAccountId : null;
  const clusterArn = cluster.startsWith('arn:') ? cluster : region && account ? `arn:aws:ecs:${region}:${account}:cluster/${cluster}` : null;
  return clusterArn ? { kind: 'service', clusterArn, service } : { kind: 'ignore', why: 'no cluster' };
}

/** Copies `detail` with the named ISO timestamps as Dates (what the SDK gives normalize). */
function withDates(detail: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...detail };
  for (const key of keys) {
    const value = copy[key];
    if (typeof value === 'string') copy[key] = new Date(value);
    else if (typeof value === 'number') copy[key] = new Date(value > 1e12 ? value : value * 1000);
  }
  return copy;
}

/** `arn:aws:ecs:r:a:task/cluster/id` -> the cluster's ARN (old task ARNs have no cluster). */
export function clusterOfTask(taskArn: string): string | null {
  return clusterFrom(taskArn, ':task/');
}

/** `arn:aws:ecs:r:a:service/cluster/name` -> the cluster's ARN. */
export function clusterOfService(serviceArn: string): string | null {
  return clusterFrom(serviceArn, ':service/');
}

function clusterFrom(arn: string, marker: string): string | null {
  const at = arn.indexOf(marker);
  if (at < 0) return null;
  const rest = arn.slice(at + marker.length).split('/');
  return rest.length === 2 ? `${arn.slice(0, at)}:cluster/${rest[0]}` : null;
}

/** A task's service as DescribeServices accepts it: its name. */
export function serviceRef(service: string): string {
  return service.startsWith('arn:') ? lastSegment(service) : service;
}
