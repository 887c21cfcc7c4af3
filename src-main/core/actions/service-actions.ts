import { DescribeTasksCommand, StopTaskCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { ActionOutcome, ServiceRef } from '../../contract/domains/actions';
import { WharfError } from '../../contract/errors';
import type { OpenSession } from '../session/session-manager';
import type { OperationRunner } from './operation-runner';
import { once } from './send-once';
import { requireService } from './service-context';

/**
 * Scale, force a new deployment, stop a task: each through the runner (guard, typed
 * confirmation, audit with before and after, one effect per request id and intent).
 */
export interface Confirmed {
  confirmation: string;
  requestId: string;
}

export async function scaleService(runner: OperationRunner, session: OpenSession, args: ServiceRef & Confirmed & { desiredCount: number }): Promise<ActionOutcome> {
  const service = await requireService(session, args);
  const name = service.serviceName ?? args.service;
  return runner.execute({
    requestId: args.requestId,
    args: { cluster: args.cluster, service: args.service, desiredCount: args.desiredCount },
    action: 'scale',
    target: service.serviceArn ?? name,
    session,
    confirmation: args.confirmation,
    expected: name,
    before: { desiredCount: service.desiredCount, runningCount: service.runningCount },
    initialState: () => ({}),
    // Setting a desired count is idempotent: a retry may simply send it again.
    attempt: async () => {
      const res = await session.clients.ecs.send(once(new UpdateServiceCommand({ cluster: args.cluster, service: args.service, desiredCount: args.desiredCount })));
      return {
        outcome: { taskDefinitionArn: null, deploymentId: null, serviceDeploymentArn: null, message: `${name}: desired count ${service.desiredCount} → ${res.service?.desiredCount ?? args.desiredCount}.` },
        after: { desiredCount: res.service?.desiredCount ?? args.desiredCount },
      };
    },
  });
}

export async function forceNewDeployment(runner: OperationRunner, session: OpenSession, args: ServiceRef & Confirmed): Promise<ActionOutcome> {
  const service = await requireService(session, args);
  const name = service.serviceName ?? args.service;
  const known = (service.deployments ?? []).map((d) => d.id ?? '');
  return runner.execute<{ deploymentId?: string }>({
    requestId: args.requestId,
    args: { cluster: args.cluster, service: args.service },
    action: 'forceDeployment',
    target: service.serviceArn ?? name,
    session,
    confirmation: args.confirmation,
    expected: name,
    before: { taskDefinition: service.taskDefinition, deployments: known },
    initialState: () => ({}),
    attempt: async ({ retry, state }) => {
      // Not idempotent: each call starts a deployment. After a lost answer, look for the one it made.
      if (retry) state.deploymentId = newPrimary(await requireService(session, args), known);
      if (!state.deploymentId) {
        const res = await session.clients.ecs.send(once(new UpdateServiceCommand({ cluster: args.cluster, service: args.service, forceNewDeployment: true })));
        state.deploymentId = res.service ? newPrimary(res.service, known) : undefined;
      }
      return {
        outcome: { taskDefinitionArn: service.taskDefinition ?? null, deploymentId: state.deploymentId ?? null, serviceDeploymentArn: null, message: `${name}: a new deployment replaces every task.` },
        after: { taskDefinition: service.taskDefinition, deploymentId: state.deploymentId ?? null },
      };
    },
  });
}

function newPrimary(service: { deployments?: Array<{ id?: string; status?: string }> }, known: readonly string[]): string | undefined {
  return service.deployments?.find((d) => d.status === 'PRIMARY' && d.id && !known.includes(d.id))?.id;
}

export async function stopTask(runner: OperationRunner, session: OpenSession, args: { cluster: string; task: string; reason: string } & Confirmed): Promise<ActionOutcome> {
  const { ecs } = session.clients;
  const res = await ecs.send(new DescribeTasksCommand({ cluster: args.cluster, tasks: [args.task] })).catch((err) => Promise.reject(session.explainError(err)));
  const task = res.tasks?.[0];
  if (!task?.taskArn) throw new WharfError('NOT_FOUND', `There is no task ${args.task} in cluster ${args.cluster}.`);
  const taskId = task.taskArn.split('/').pop() ?? task.taskArn;
  // A service's task is confirmed with the service's name (what the operator knows), a standalone one with its id.
  const expected = task.group?.startsWith('service:') ? task.group.slice('service:'.length) : taskId;
  return runner.execute({
    requestId: args.requestId,
    args: { cluster: args.cluster, task: args.task, reason: args.reason },
    action: 'stopTask',
    target: task.taskArn,
    session,
    confirmation: args.confirmation,
    expected,
    before: { lastStatus: task.lastStatus, desiredStatus: task.desiredStatus, group: task.group ?? null },
    initialState: () => ({}),
    // Stopping a task twice is harmless: ECS answers with the task already stopping.
    attempt: async () => {
      const out = await ecs.send(once(new StopTaskCommand({ cluster: args.cluster, task: task.taskArn, reason: args.reason })));
      return {
        outcome: { taskDefinitionArn: task.taskDefinitionArn ?? null, deploymentId: null, serviceDeploymentArn: null, message: `Task ${taskId} is stopping: ${args.reason}` },
        after: { desiredStatus: out.task?.desiredStatus ?? 'STOPPED', stoppedReason: out.task?.stoppedReason ?? args.reason },
      };
    },
  });
}
