/**
 * ExecuteCommand: checks what ECS checks (interactive mode, task RUNNING, exec enabled on the
 * task, the container's ExecuteCommandAgent RUNNING), with ECS's words, then asks the exec
 * agent for a session whose streamUrl points at the sim.
 */
import type { OperationHandler } from '../http/types';
import { SimError } from '../http/types';
import { optionalString, requireCluster, requiredString, type EcsDeps } from './deps';
import { invalidParameter } from './errors';

const NOT_ENABLED =
  'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. ' +
  'Wait and try again or run a new task with execute command enabled and try again.';

export function execOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { world } = deps;
  return {
    ExecuteCommand(input) {
      const command = requiredString(input.command, 'command');
      if (input.interactive !== true && input.interactive !== 'true') throw invalidParameter('Interactive is the only mode supported currently.');
      const cluster = requireCluster(deps, input.cluster);
      const task = world.findTask(cluster.name, requiredString(input.task, 'task'));
      if (!task) throw invalidParameter('The referenced task was not found.');
      const containerName = optionalString(input.container, 'container');
      if (!containerName && task.containers.length > 1) {
        throw invalidParameter('The container name must be specified when the task has more than one container.');
      }
      const container = containerName ? task.containers.find((c) => c.name === containerName) : task.containers[0];
      if (!container) throw invalidParameter(`The container ${containerName} was not found in the task.`);
      if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') {
        throw invalidParameter(`The execute command failed because the task is in ${task.lastStatus} status. The task must be RUNNING.`);
      }
      if (!task.enableExecuteCommand || container.execAgent?.lastStatus !== 'RUNNING' || !container.runtimeId) {
        throw invalidParameter(NOT_ENABLED);
      }
      if (!deps.exec) {
        throw new SimError('TargetNotConnectedException', 'The execute command failed due to an internal error. Try again later.');
      }
      const kmsKeyId: string | undefined = cluster.configuration?.executeCommandConfiguration?.kmsKeyId;
      const session = deps.exec.createSession({
        clusterArn: cluster.arn,
        taskArn: task.arn,
        containerName: container.name,
        runtimeId: container.runtimeId,
        command,
        kmsKeyId,
      });
      return { clusterArn: cluster.arn, containerArn: container.arn, containerName: container.name, interactive: true, session, taskArn: task.arn };
    },
  };
}
