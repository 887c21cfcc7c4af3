import type { ContainerRecord, TaskRecord } from '@contract/domains/inventory';
import type { HealthState } from '../../theme/states';

/**
 * Tasks and containers in plain words: what an exit code means, what a stop code means, the
 * task's life as a timeline, and whether a shell can be opened into it (and why not).
 */

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM' };

/** What an exit code usually means, as a clause after "exited with code N — ". */
function exitMeaning(code: number): string | null {
  switch (code) {
    case 0:
      return null;
    case 1:
      return 'the application reported an error';
    case 2:
      return 'misuse of a shell command or bad arguments';
    case 126:
      return 'the command could not be executed (permissions?)';
    case 127:
      return 'the command was not found in the image';
    case 137:
      return 'killed (SIGKILL), often out of memory';
    case 139:
      return 'crashed with a segmentation fault (SIGSEGV)';
    case 143:
      return 'terminated (SIGTERM), as when ECS stops a task';
    case 255:
      return 'exit status out of range, often a failed entrypoint';
  }
  if (code > 128 && code < 160) return `killed by signal ${code - 128}${SIGNALS[code - 128] ? ` (${SIGNALS[code - 128]})` : ''}`;
  return null;
}

/** "exited with code 137 — killed (SIGKILL), often out of memory"; null while it has not exited. */
export function describeExit(c: Pick<ContainerRecord, 'exitCode' | 'reason'>): string | null {
  if (c.exitCode === null) return c.reason ? plainReason(c.reason) : null;
  if (c.exitCode === 0) return 'exited normally (code 0)';
  if (c.reason && /OutOfMemory/i.test(c.reason)) return `exited with code ${c.exitCode} — killed: out of memory (${c.reason})`;
  const meaning = exitMeaning(c.exitCode);
  return `exited with code ${c.exitCode}${meaning ? ` — ${meaning}` : ''}`;
}

/** A container's `reason` (e.g. CannotPullContainerError) with a hint of what to check. */
export function plainReason(reason: string): string {
  if (/CannotPullContainerError/i.test(reason)) return `${reason} — the image could not be pulled: check the tag exists and the execution role may pull it`;
  if (/ResourceInitializationError/i.test(reason)) return `${reason} — ECS could not prepare the task (secrets, logs or network): check the execution role and VPC endpoints`;
  if (/OutOfMemory/i.test(reason)) return `${reason} — the container ran out of memory`;
  return reason;
}

const STOP_CODES: Record<string, string> = {
  TaskFailedToStart: 'failed to start',
  EssentialContainerExited: 'an essential container exited',
  UserInitiated: 'stopped by a user or an API call',
  ServiceSchedulerInitiated: 'stopped by the service scheduler (deployment, scale-in or failed health check)',
  SpotInterruption: 'Spot capacity was reclaimed by AWS',
  TerminationNotice: 'the instance is being terminated',
};

/** "EssentialContainerExited" -> "an essential container exited". */
export function describeStopCode(stopCode: string | null): string | null {
  if (!stopCode) return null;
  return STOP_CODES[stopCode] ?? stopCode;
}

/** The task's state for colour and symbol: running, starting, stopped well or with an error. */
export function taskState(t: Pick<TaskRecord, 'lastStatus' | 'desiredStatus' | 'stopCode' | 'containers' | 'healthStatus'>): { state: HealthState; word: string } {
  const status = t.lastStatus.toLowerCase();
  if (t.lastStatus === 'STOPPED' || t.lastStatus === 'DELETED') {
    return stoppedWithError(t) ? { state: 'failed', word: 'stopped with error' } : { state: 'unknown', word: 'stopped' };
  }
  if (t.desiredStatus === 'STOPPED') return { state: 'progress', word: 'stopping' };
  if (t.lastStatus === 'RUNNING') return t.healthStatus === 'UNHEALTHY' ? { state: 'degraded', word: 'unhealthy' } : { state: 'healthy', word: 'running' };
  return { state: 'progress', word: status };
}

/**
 * The task's container health checks in a word, for the tasks table's Health column; null when
 * none applies (a stopped task, or no container with a health check: ECS then reports no
 * container health). UNKNOWN is what ECS says before a check has passed or failed.
 */
export function taskHealth(t: Pick<TaskRecord, 'lastStatus' | 'containers'>): { state: HealthState; word: string; title: string } | null {
  if (t.lastStatus === 'STOPPED' || t.lastStatus === 'DELETED') return null;
  const checked = t.containers.filter((c) => c.healthStatus === 'HEALTHY' || c.healthStatus === 'UNHEALTHY' || c.healthStatus === 'UNKNOWN');
  if (!checked.length) return null;
  const unhealthy = checked.filter((c) => c.healthStatus === 'UNHEALTHY').map((c) => c.name);
  if (unhealthy.length) return { state: 'failed', word: 'unhealthy', title: `Health check failing: ${unhealthy.join(', ')}` };
  const waiting = checked.filter((c) => c.healthStatus === 'UNKNOWN').map((c) => c.name);
  if (waiting.length) return { state: 'unknown', word: 'unknown', title: `No health check result yet (ECS says UNKNOWN): ${waiting.join(', ')}` };
  return { state: 'healthy', word: 'healthy', title: `Health checks passing: ${checked.map((c) => c.name).join(', ')}` };
}

/** A stop an operator should look at: failed to start, or an essential container exited non-zero. */
export function stoppedWithError(t: Pick<TaskRecord, 'stopCode' | 'containers'>): boolean {
  if (t.stopCode === 'TaskFailedToStart') return true;
  if (t.stopCode === 'EssentialContainerExited') return t.containers.some((c) => c.exitCode !== null && c.exitCode !== 0);
  return t.containers.some((c) => c.exitCode !== null && c.exitCode !== 0 && c.exitCode !== 143);
}

/** Why a stopped task stopped, for the tasks table: the stop code, then the exit in words or ECS's reason ('' while it runs). */
export function taskStopText(t: Pick<TaskRecord, 'lastStatus' | 'desiredStatus' | 'containers' | 'stoppedReason' | 'stopCode'>): string {
  if (t.lastStatus !== 'STOPPED' && t.desiredStatus !== 'STOPPED') return '';
  const exited = t.containers.find((c) => c.exitCode !== null && c.exitCode !== 0);
  const failedToStart = t.containers.find((c) => c.reason);
  const why = exited ? `${exited.name} ${describeExit(exited)}` : failedToStart?.reason ? failedToStart.reason : t.stoppedReason;
  return [t.stopCode, why].filter(Boolean).join(' · ');
}

/** What the Tasks tab's `/` filter matches a task on: id, service, status in words and ECS's, stop code, zone, task definition. */
export function taskFilterText(t: Pick<TaskRecord, 'id' | 'serviceName' | 'group' | 'lastStatus' | 'desiredStatus' | 'stopCode' | 'containers' | 'healthStatus' | 'availabilityZone' | 'taskDefinitionArn'>): string {
  return `${t.id}\n${t.serviceName ?? t.group ?? ''}\n${taskState(t).word}\n${t.lastStatus}\n${t.stopCode ?? ''}\n${t.availabilityZone ?? ''}\n${t.taskDefinitionArn}`.toLowerCase();
}

export interface TimelineStep {
  label: string;
  at: number;
}

/** Created, pulled, connected, started, stopping, stopped: the steps ECS stamped, in order. */
export function taskTimeline(t: TaskRecord): TimelineStep[] {
  const steps: Array<[string, number | null]> = [
    ['Created', t.createdAt],
    ['Network connected', t.connectivityAt],
    ['Image pull started', t.pullStartedAt],
    ['Image pull finished', t.pullStoppedAt],
    ['Started', t.startedAt],
    ['Stopping', t.stoppingAt],
    ['Stopped', t.stoppedAt],
  ];
  return steps.filter((s): s is [string, number] => s[1] !== null).map(([label, at]) => ({ label, at })).sort((a, b) => a.at - b.at);
}

/** Whether ECS Exec can open a shell into this task now, and if not, why in words. */
export function execAvailability(t: TaskRecord): { ok: boolean; why: string } {
  if (!t.enableExecuteCommand) return { ok: false, why: 'Exec is not enabled for this task: the service needs enableExecuteCommand, then new tasks.' };
  if (t.lastStatus !== 'RUNNING') return { ok: false, why: `The task is ${t.lastStatus.toLowerCase()}, not running.` };
  const agents = t.containers.flatMap((c) => c.managedAgents.filter((a) => a.name === 'ExecuteCommandAgent'));
  if (agents.length === 0) return { ok: false, why: 'No ExecuteCommandAgent reported for this task yet.' };
  if (!agents.some((a) => a.lastStatus === 'RUNNING')) return { ok: false, why: `The ExecuteCommandAgent is ${(agents[0]!.lastStatus ?? 'not running').toLowerCase()}.` };
  return { ok: true, why: 'Open a shell in a container of this task.' };
}

/** The task id from its ARN or id. */
export function taskIdOf(arnOrId: string): string {
  return arnOrId.slice(arnOrId.lastIndexOf('/') + 1);
}

/** The task page's first line: where the task is in its life, and for a stop, why. */
export function taskSentence(t: TaskRecord, now: number, age: (at: number, now: number) => string): string {
  const where = [t.capacityProviderName ?? t.launchType, t.availabilityZone].filter(Boolean).join(' in ');
  if (t.lastStatus === 'STOPPED' || t.desiredStatus === 'STOPPED') {
    const verb = t.lastStatus === 'STOPPED' ? `Stopped${t.stoppedAt ? ` ${age(t.stoppedAt, now)} ago` : ''}` : 'Stopping';
    const code = describeStopCode(t.stopCode);
    const exited = t.containers.filter((c) => c.exitCode !== null && c.exitCode !== 0).map((c) => `${c.name} ${describeExit(c)}`);
    const pullFailed = t.containers.find((c) => c.reason && /CannotPull|ResourceInitialization/i.test(c.reason));
    // "Essential container in task exited" only restates the stop code: say it once.
    const reason = t.stopCode === 'EssentialContainerExited' && /^Essential container in task exited\.?$/i.test(t.stoppedReason ?? '') ? null : t.stoppedReason;
    const parts = [code, reason, ...exited, pullFailed ? plainReason(pullFailed.reason!) : null].filter(Boolean);
    return `${verb}${parts.length ? `: ${parts.join('. ')}` : ''}.`;
  }
  if (t.lastStatus === 'RUNNING') {
    const since = t.startedAt ? ` for ${age(t.startedAt, now)}` : '';
    const health = t.healthStatus === 'UNHEALTHY' ? ', but its health check fails' : t.healthStatus === 'HEALTHY' ? ', healthy' : '';
    return `Running${since}${where ? ` on ${where}` : ''}${health}.`;
  }
  if (t.pullStartedAt && !t.pullStoppedAt) return `${capitalizeWord(t.lastStatus)}: pulling the image for ${age(t.pullStartedAt, now)}${where ? ` on ${where}` : ''}.`;
  return `${capitalizeWord(t.lastStatus)}${t.createdAt ? ` since ${age(t.createdAt, now)} ago` : ''}${where ? ` on ${where}` : ''}.`;
}

function capitalizeWord(status: string): string {
  const s = status.toLowerCase();
  return s[0]!.toUpperCase() + s.slice(1);
}
