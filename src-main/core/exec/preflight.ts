import type { Cluster, Container, Task } from '@aws-sdk/client-ecs';
import { WharfError } from '../../contract/errors';

/**
 * The checks before ExecuteCommand (docs/ecs-facts.md, "ECS Exec"): AWS's own
 * refusals are famously baffling, so Wharf says what is wrong and what to change first, from
 * the DescribeTasks / DescribeClusters data it already has. `explainExecError` does the same
 * for the errors AWS still returns.
 */

export interface PreflightInput {
  task: Task | undefined;
  cluster: Cluster | undefined;
  containerName: string;
  /** The ECS agent version of the task's container instance (EC2 only), when known. */
  agentVersion?: string;
}

export interface PreflightResult {
  container: Container;
  clusterName: string;
  taskId: string;
  /** `service:<name>` groups name the service the task belongs to. */
  serviceName: string | null;
  /** The SSM target of the session, `ecs:<cluster>_<task id>_<runtime id>`. */
  targetId: string;
  /** The cluster's exec KMS key: the session will be encrypted with it. */
  kmsKeyId: string | null;
}

const MIN_FARGATE_PLATFORM = [1, 4, 0];
const MIN_EC2_AGENT = [1, 50, 2];

export function preflight(i: PreflightInput): PreflightResult {
  const { task, cluster } = i;
  if (!cluster || (cluster.status && cluster.status !== 'ACTIVE')) {
    const which = cluster?.clusterName ? `The cluster ${cluster.clusterName}` : 'The cluster';
    throw refuse(`${which} is not active, so there is nothing to open a shell in.`, 'Pick a task in an active cluster.');
  }
  if (!task) throw refuse('That task is no longer in the cluster.', 'Refresh the task list and pick a running task.');
  const taskId = lastPart(task.taskArn ?? '');
  const serviceName = task.group?.startsWith('service:') ? task.group.slice('service:'.length) : null;
  if (task.lastStatus !== 'RUNNING') {
    throw refuse(`Task ${taskId} is ${task.lastStatus ?? 'not running'}; a shell opens only in a RUNNING task.`, 'Pick a running task of the service.');
  }
  if (!task.enableExecuteCommand) {
    throw refuse('Exec is not enabled on this task.', enableExecFix(cluster.clusterName ?? '', serviceName));
  }
  checkPlatform(task, i.agentVersion);
  const container = checkContainer(task, i.containerName);
  const clusterName = cluster.clusterName ?? lastPart(cluster.clusterArn ?? '');
  return {
    container,
    clusterName,
    taskId,
    serviceName,
    targetId: `ecs:${clusterName}_${taskId}_${container.runtimeId ?? ''}`,
    kmsKeyId: cluster.configuration?.executeCommandConfiguration?.kmsKeyId ?? null,
  };
}

function checkContainer(task: Task, name: string): Container {
  const containers = task.containers ?? [];
  const container = containers.find((c) => c.name === name);
  if (!container) {
    const names = containers.map((c) => c.name).join(', ') || 'none';
    throw refuse(`Task ${lastPart(task.taskArn ?? '')} has no container named ${name} (it has: ${names}).`, 'Pick one of the task\'s containers.');
  }
  if (container.lastStatus && container.lastStatus !== 'RUNNING') {
    throw refuse(`Container ${name} is ${container.lastStatus}; a shell opens only in a running container.`, 'Pick a running container, or wait for this one to start.');
  }
  const agent = container.managedAgents?.find((a) => a.name === 'ExecuteCommandAgent');
  if (!agent) {
    throw refuse(
      `Container ${name} has no ExecuteCommandAgent: the task was started without exec, or on a platform that cannot run it.`,
      'Enable exec on the service (`--enable-execute-command`) and start a new task.',
    );
  }
  if (agent.lastStatus === 'PENDING') {
    throw refuse(`The ExecuteCommandAgent in container ${name} is still starting.`, 'Wait a few seconds and try again.');
  }
  if (agent.lastStatus !== 'RUNNING') {
    const reason = agent.reason ? ` (${agent.reason})` : '';
    throw refuse(
      `The ExecuteCommandAgent in container ${name} is ${agent.lastStatus ?? 'not running'}${reason}: it cannot accept a session.`,
      'Check that the task role allows ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel, that the container can reach ssmmessages (NAT or a VPC endpoint), and that its root filesystem is writable; then start a new task.',
    );
  }
  return container;
}

function checkPlatform(task: Task, agentVersion: string | undefined): void {
  const fargate = task.launchType === 'FARGATE' || (task.capacityProviderName ?? '').startsWith('FARGATE');
  if (fargate) {
    const version = task.platformVersion ?? 'LATEST';
    const windows = (task.platformFamily ?? '').toUpperCase().startsWith('WINDOWS');
    if (!windows && version !== 'LATEST' && compareVersions(version, MIN_FARGATE_PLATFORM) < 0) {
      throw refuse(
        `Task ${lastPart(task.taskArn ?? '')} runs on Fargate platform ${version}; exec needs 1.4.0 or later.`,
        'Update the service to platform version LATEST (or 1.4.0+) with a new deployment, then open a shell in a new task.',
      );
    }
    return;
  }
  if (agentVersion && compareVersions(agentVersion, MIN_EC2_AGENT) < 0) {
    throw refuse(
      `The container instance of this task runs ECS agent ${agentVersion}; exec needs 1.50.2 or later.`,
      'Update the ECS agent on the instance (or replace the instance with a current ECS-optimized AMI).',
    );
  }
}

/** An AWS error from ExecuteCommand (or the describes before it) as a sentence with a fix. */
export function explainExecError(err: unknown, ctx: { clusterName: string; containerName: string; serviceName: string | null }): WharfError {
  if (err instanceof WharfError) return err;
  const e = err as { name?: string; message?: string };
  const name = e?.name ?? 'Error';
  const message = e?.message ?? String(err);
  const opts = (fix: string) => ({ fix, awsCode: name, cause: err });
  switch (name) {
    case 'InvalidParameterException':
      if (/execute command (was )?not enabled|agent isn't running|execute command agent/i.test(message)) {
        return new WharfError('PRECONDITION', 'ECS says exec is not enabled on this task, or its ExecuteCommandAgent is not running.', opts(enableExecFix(ctx.clusterName, ctx.serviceName)));
      }
      return new WharfError('PRECONDITION', `ECS refused the exec request: ${message}`, opts('Check the cluster, task and container names, then try again.'));
    case 'TargetNotConnectedException':
      return new WharfError(
        'PRECONDITION',
        `The ExecuteCommandAgent in container ${ctx.containerName} is not connected to Systems Manager, so ECS cannot open a session.`,
        opts(
          'Usual causes: the task role lacks ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel; the task cannot reach ssmmessages (no NAT and no VPC endpoint); AWS keys in the container\'s environment override the task role; or a read-only root filesystem. Fix the cause, then start a new task.',
        ),
      );
    case 'AccessDeniedException':
      return new WharfError('ACCESS_DENIED', `Your identity may not open exec sessions here: ${message}`, opts('Ask for ecs:ExecuteCommand on this cluster (and kms:GenerateDataKey on its exec KMS key, if it has one), or use a profile that has them.'));
    case 'ClusterNotFoundException':
      return new WharfError('NOT_FOUND', `The cluster ${ctx.clusterName} does not exist (any more) in this account and region.`, opts('Refresh the cluster list and pick another cluster.'));
    case 'ThrottlingException':
      return new WharfError('THROTTLED', 'AWS is throttling ExecuteCommand calls for this account (Rate exceeded).', opts('Wait a few seconds and try again.'));
    case 'ServerException':
      return new WharfError('AWS', `ECS had an internal error opening the session: ${message}`, opts('Try again in a moment.'));
    case 'ClientException':
      return new WharfError('AWS', `ECS refused the exec request: ${message}`, opts('Check the profile\'s permissions and the task, then try again.'));
    default:
      return new WharfError('AWS', `${name}: ${message}`, { awsCode: name, cause: err });
  }
}

function enableExecFix(clusterName: string, serviceName: string | null): string {
  const cluster = clusterName ? ` --cluster ${clusterName}` : '';
  if (serviceName) {
    return `Run \`aws ecs update-service${cluster} --service ${serviceName} --enable-execute-command --force-new-deployment\`, then open a shell in a new task.`;
  }
  return 'Start the task again with `aws ecs run-task --enable-execute-command ...`, then open a shell in the new task.';
}

function refuse(message: string, fix: string): WharfError {
  return new WharfError('PRECONDITION', message, { fix });
}

function lastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Compares `1.4.0`-style versions (ignoring a leading v and any suffix) with a minimum. */
export function compareVersions(version: string, min: number[]): number {
  const parts = version.replace(/^v/, '').split(/[.-]/).map((p) => parseInt(p, 10));
  for (let i = 0; i < min.length; i++) {
    const a = Number.isFinite(parts[i]) ? parts[i] : 0;
    if (a !== min[i]) return a - min[i];
  }
  return 0;
}
