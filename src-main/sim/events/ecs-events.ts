/**
 * ECS's EventBridge events, in the shapes of the ECS developer guide's "Amazon ECS events"
 * pages: the envelope (version "0", id, detail-type, source aws.ecs, account, time, region,
 * resources) and a detail per kind:
 * - ECS Task State Change: the task as DescribeTasks returns it, timestamps as ISO strings,
 *   plus `updatedAt`; `version` is the task's (it moves on every change: duplicates repeat it);
 * - ECS Container Instance State Change: the instance as DescribeContainerInstances returns it,
 *   plus `clusterArn`, `updatedAt` and its `version`;
 * - ECS Service Action: eventType (INFO/WARN/ERROR), eventName, clusterArn, createdAt, reason;
 *   no version (the guide: only in the envelope);
 * - ECS Deployment State Change: eventType, eventName, deploymentId, updatedAt, reason.
 * - service-deployment moves (lifecycle stages, hooks) as "ECS Service Deployment State Change"
 *   with the service deployment's ARN and status; modelled on the deployment event (see
 *   docs/live-events.md: the guide's page for these was not at hand to check every field).
 * The record is rendered when the change happens: it keeps changing afterwards.
 */
import { renderContainerInstance, renderTask } from '../ecs/render';
import type { WorldChange } from '../engine/changes';
import type { World } from '../world/world';

export interface EcsEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.ecs';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const WARN = new Set(['SERVICE_TASK_START_IMPAIRED', 'SERVICE_DISCOVERY_INSTANCE_UNHEALTHY', 'VPC_LATTICE_TARGET_UNHEALTHY']);
const ERROR = new Set([
  'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED', 'ECS_OPERATION_THROTTLED', 'SERVICE_DISCOVERY_OPERATION_THROTTLED',
  'SERVICE_TASK_PLACEMENT_FAILURE', 'SERVICE_TASK_CONFIGURATION_FAILURE', 'SERVICE_DEPLOYMENT_FAILED',
]);

export function eventTypeOf(eventName: string): 'INFO' | 'WARN' | 'ERROR' {
  return ERROR.has(eventName) ? 'ERROR' : WARN.has(eventName) ? 'WARN' : 'INFO';
}

/** The envelope's `time`: ISO 8601 to the second, as EventBridge writes it. */
function envelopeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Dates become ISO strings and undefined members go: the JSON the event carries. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export function ecsEventOf(world: World, change: WorldChange, now: number, id: string): EcsEvent {
  const base = { version: '0' as const, id, source: 'aws.ecs' as const, account: world.accountId, time: envelopeTime(now), region: world.region };
  const updatedAt = new Date(now).toISOString();
  switch (change.kind) {
    case 'task': {
      const { tags: _tags, ...task } = renderTask(world, change.task, false) as Record<string, unknown>;
      return { ...base, 'detail-type': 'ECS Task State Change', resources: [change.task.arn], detail: plain({ ...task, updatedAt }) };
    }
    case 'instance': {
      const { tags: _tags, ...instance } = renderContainerInstance(world, change.instance, false) as Record<string, unknown>;
      const clusterArn = world.clusterArn(change.instance.clusterName);
      return { ...base, 'detail-type': 'ECS Container Instance State Change', resources: [change.instance.arn], detail: plain({ ...instance, clusterArn, updatedAt }) };
    }
    case 'service-action':
      return {
        ...base,
        'detail-type': 'ECS Service Action',
        resources: [change.service.arn],
        detail: plain({ eventType: eventTypeOf(change.eventName), eventName: change.eventName, clusterArn: world.clusterArn(change.service.clusterName), createdAt: updatedAt, reason: change.reason }),
      };
    case 'deployment':
      return {
        ...base,
        'detail-type': 'ECS Deployment State Change',
        resources: [change.service.arn],
        detail: plain({ eventType: eventTypeOf(change.eventName), eventName: change.eventName, deploymentId: change.deploymentId, updatedAt, reason: change.reason }),
      };
    case 'service-deployment': {
      const deployment = [...change.service.deployments, ...change.service.pastDeployments].find((d) => d.serviceDeploymentArn === change.serviceDeploymentArn);
      return {
        ...base,
        'detail-type': 'ECS Service Deployment State Change',
        resources: [change.service.arn, change.serviceDeploymentArn],
        detail: plain({
          eventType: deployment?.deploymentStatus?.includes('FAILED') ? 'ERROR' : 'INFO',
          eventName: `SERVICE_DEPLOYMENT_${deployment?.deploymentStatus ?? 'UPDATED'}`,
          serviceDeploymentArn: change.serviceDeploymentArn,
          clusterArn: world.clusterArn(change.service.clusterName),
          status: deployment?.deploymentStatus,
          statusReason: deployment?.statusReason,
          updatedAt,
        }),
      };
    }
  }
}
