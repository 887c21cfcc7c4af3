import type { ContainerRecord, TaskRecord } from '@contract/domains/inventory';

/**
 * Whether a shell can open in one container of a task, and if not, the sentence the exec
 * button shows and what to change. Core checks the same again before ExecuteCommand (its
 * preflight is the authority); this answers early from the inventory so the button can say
 * why it is disabled instead of failing after a click.
 */

export type ExecAvailability = { ok: true } | { ok: false; why: string; fix: string };

export interface ExecPermission {
  /** The open session's profile is read-only. */
  readOnly: boolean;
  /** Settings: read-only profiles may still exec. */
  allowExecOnReadOnly: boolean;
}

export function execAvailability(task: TaskRecord, container: Pick<ContainerRecord, 'name' | 'lastStatus' | 'managedAgents'>, permission: ExecPermission): ExecAvailability {
  if (permission.readOnly && !permission.allowExecOnReadOnly) {
    return {
      ok: false,
      why: 'This profile is read-only, and exec counts as a change: it is off for read-only profiles.',
      fix: 'Turn on “Allow exec on read-only profiles” in Settings, or open a profile that may make changes.',
    };
  }
  if (task.lastStatus !== 'RUNNING') {
    return { ok: false, why: `The task is ${task.lastStatus.toLowerCase()}; a shell opens only in a running task.`, fix: 'Pick a running task of the service.' };
  }
  if (!task.enableExecuteCommand) {
    const where = task.serviceName ? `the service ${task.serviceName}` : 'the task';
    return {
      ok: false,
      why: 'Exec is not enabled on this task.',
      fix: `Turn on enableExecuteCommand for ${where} (aws ecs update-service --enable-execute-command --force-new-deployment), then open a shell in one of the new tasks.`,
    };
  }
  if (container.lastStatus && container.lastStatus !== 'RUNNING') {
    return { ok: false, why: `Container ${container.name} is ${container.lastStatus.toLowerCase()}; a shell opens only in a running container.`, fix: 'Pick a running container, or wait for this one to start.' };
  }
  const agent = container.managedAgents.find((a) => a.name === 'ExecuteCommandAgent');
  if (!agent) {
    return { ok: false, why: `Container ${container.name} reports no ExecuteCommandAgent.`, fix: 'The task was started without exec: enable exec on the service and start a new task.' };
  }
  if (agent.lastStatus !== 'RUNNING') {
    const status = (agent.lastStatus ?? 'not running').toLowerCase();
    const reason = agent.reason ? ` (${agent.reason})` : '';
    return {
      ok: false,
      why: `The ExecuteCommandAgent in ${container.name} is ${status}${reason}.`,
      fix:
        status === 'pending'
          ? 'Wait a few seconds for the agent to start.'
          : 'Check the task role allows the ssmmessages channel actions and the container can reach ssmmessages, then start a new task.',
    };
  }
  return { ok: true };
}

/** Every container of a task with its answer, in the task's order (for the task page and the palette). */
export function containersWithAvailability(task: TaskRecord, permission: ExecPermission): Array<{ container: ContainerRecord; availability: ExecAvailability }> {
  return task.containers.map((container) => ({ container, availability: execAvailability(task, container, permission) }));
}
