import type { ContainerInstanceRecord, Problem, ServiceRecord, TaskRecord } from '../../contract/domains/inventory';

/**
 * The rules of the Problems view, one function per kind of trouble. Each reads normalized
 * records of one cluster and returns problems with a stable id (`kind:targetArn`), the place
 * to look (targetArn) and a sentence that says what is wrong.
 */

export const MINUTE = 60_000;
export const CRASH_LOOP_WINDOW_MS = 10 * MINUTE;
export const CRASH_LOOP_MIN_STOPS = 3;
export const STUCK_AFTER_MS = 30 * MINUTE;
export const BELOW_DESIRED_AFTER_MS = 3 * MINUTE;
/** Stopped tasks stay listable about an hour: the window for errors and Spot interruptions. */
export const RECENT_STOPS_MS = 60 * MINUTE;
/** A "deployment failed" event older than this is history, not a problem. */
export const FAILED_EVENT_WINDOW_MS = 60 * MINUTE;

export interface RuleInput {
  clusterArn: string;
  region: string;
  services: readonly ServiceRecord[];
  tasks: readonly TaskRecord[];
  instances: readonly ContainerInstanceRecord[];
  now: number;
  /** When a condition without a timestamp of its own was first seen (stable across polls). */
  firstSeen(id: string): number;
  /**
   * When this deployment last made progress: the time its `counts` (running and failed tasks)
   * were first seen with these values. `guess` is used on the very first sighting (ECS's own
   * updatedAt), so a deployment frozen before Wharf started is not given a fresh 30 minutes.
   */
  lastProgress(deploymentId: string, counts: string, guess: number): number;
}

type Draft = Omit<Problem, 'id' | 'clusterArn' | 'region' | 'serviceArn'> & { serviceArn?: string | null };

/** A problem of one cluster; `serviceArn` defaults to the target when that is a service (see contract/health.ts). */
function problem(input: RuleInput, draft: Draft): Problem {
  const serviceArn = draft.serviceArn !== undefined ? draft.serviceArn : input.services.some((s) => s.arn === draft.targetArn) ? draft.targetArn : null;
  return { id: `${draft.kind}:${draft.targetArn}`, clusterArn: input.clusterArn, region: input.region, ...draft, serviceArn };
}

/** AWS's messages end with a period or not; ours add one. */
const clause = (text: string) => text.replace(/\.+\s*$/, '');

const minutes = (ms: number) => `${Math.max(1, Math.round(ms / MINUTE))} min`;

/** Failed rollouts: the circuit breaker's, or a FAILED deployment, or a recent "deployment failed" event. */
export function failedDeployments(input: RuleInput): Problem[] {
  const out: Problem[] = [];
  for (const s of input.services) {
    const failed = s.deployments.find((d) => d.rolloutState === 'FAILED');
    const event = s.events.find((e) => /deployment failed/i.test(e.message) && input.now - e.createdAt < FAILED_EVENT_WINDOW_MS);
    if (!failed && !event) continue;
    const said = `${failed?.rolloutStateReason ?? ''} ${event?.message ?? ''}`;
    // An alarm, a lifecycle hook or a person ended it: not the circuit breaker, even when one is on.
    const otherCause = /alarm|lifecycle hook|StopServiceDeployment|ContinueServiceDeployment/i.test(said);
    const breaker = /circuit breaker/i.test(said) || (s.circuitBreaker?.enable === true && !otherCause);
    const reason = clause(failed?.rolloutStateReason ?? event?.message ?? 'the deployment failed') + '.';
    const rolledBack = breaker && s.circuitBreaker?.rollback ? ' ECS rolls back to the last completed deployment.' : '';
    out.push(
      problem(input, {
        severity: 'critical',
        kind: breaker ? 'circuit-breaker' : 'deployment-failed',
        targetArn: s.arn,
        title: breaker ? `${s.name}: circuit breaker stopped the deployment` : `${s.name}: deployment failed`,
        detail: `${reason}${rolledBack}`,
        since: failed?.updatedAt ?? event?.createdAt ?? input.now,
      }),
    );
  }
  return out;
}

/**
 * A rollout IN_PROGRESS that has made no progress for 30 min: its running and failed task
 * counts have not moved. A slow rollout that keeps starting tasks is not stuck, however long.
 */
export function stuckDeployments(input: RuleInput): Problem[] {
  const out: Problem[] = [];
  for (const s of input.services) {
    const d = s.deployments.find((x) => x.status === 'PRIMARY' && x.rolloutState === 'IN_PROGRESS');
    if (!d || d.createdAt === null) continue;
    // Asked on every poll (not only once old), so a change of counts is noticed when it happens.
    const progressAt = input.lastProgress(d.id, `${d.runningCount}/${d.failedTasks}`, Math.min(input.now, Math.max(d.createdAt, d.updatedAt ?? 0)));
    if (input.now - progressAt < STUCK_AFTER_MS) continue;
    if (d.runningCount >= d.desiredCount && s.deployments.length === 1) continue;
    // BLUE_GREEN / LINEAR / CANARY: once the new revision runs its full count, the wait is for
    // traffic steps, bakes and hooks (the Deployments view says which), not a stuck rollout.
    if (isStagedStrategy(s.deploymentStrategy) && d.runningCount >= d.desiredCount) continue;
    out.push(
      problem(input, {
        severity: 'error',
        kind: 'deployment-stuck',
        targetArn: s.arn,
        title: `${s.name}: deployment in progress for ${minutes(input.now - d.createdAt)}`,
        detail: `No progress for ${minutes(input.now - progressAt)}: ${d.runningCount} of ${d.desiredCount} tasks of the new deployment are running${d.failedTasks ? `, ${d.failedTasks} failed to start` : ''}. Look at the service events and the stopped tasks.`,
        since: progressAt,
      }),
    );
  }
  return out;
}

/** Strategies whose deployments walk lifecycle stages with traffic shifts and bakes. */
export function isStagedStrategy(strategy: string | null | undefined): boolean {
  return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY';
}

const CRASH_STOP_CODES = new Set(['EssentialContainerExited', 'TaskFailedToStart']);
const ERROR_REASON = /CannotPullContainerError|ResourceInitializationError|CannotStartContainerError|CannotCreateContainerError|OutOfMemory|ResourceNotFoundException/i;

/** The exit code that says most, in words: 137 is the kernel's SIGKILL, usually out of memory. */
export function exitCodeInWords(code: number): string {
  if (code === 137) return '137 (OOM?)';
  if (code === 139) return '139 (segfault)';
  if (code === 143) return '143 (SIGTERM)';
  return String(code);
}

/** The first non-zero exit code among the task's containers, if any. */
export function failedExitCode(task: TaskRecord): number | null {
  for (const c of task.containers) if (c.exitCode !== null && c.exitCode !== 0) return c.exitCode;
  return null;
}

/** Why one task stopped, in a few words: exit code or the stop reason. */
function stopInWords(task: TaskRecord): string {
  const code = failedExitCode(task);
  if (task.stopCode === 'EssentialContainerExited' && code !== null) return `essential container exited with code ${exitCodeInWords(code)}`;
  return task.stoppedReason ?? task.stopCode ?? 'stopped';
}

function isErrorStop(task: TaskRecord): boolean {
  if (task.lastStatus !== 'STOPPED') return false;
  if (task.stopCode === 'TaskFailedToStart') return true;
  if (task.stopCode === 'EssentialContainerExited') return failedExitCode(task) !== null || ERROR_REASON.test(task.stoppedReason ?? '');
  return ERROR_REASON.test(task.stoppedReason ?? '');
}

function recentStops(input: RuleInput, windowMs: number): TaskRecord[] {
  return input.tasks.filter((t) => t.lastStatus === 'STOPPED' && t.stoppedAt !== null && input.now - t.stoppedAt <= windowMs);
}

function byGroup(tasks: readonly TaskRecord[]): Map<string, TaskRecord[]> {
  const groups = new Map<string, TaskRecord[]>();
  for (const t of tasks) {
    const key = t.serviceName ?? t.arn;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const list of groups.values()) list.sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0));
  return groups;
}

/** Where a group of tasks is best looked at: their service, else the latest task. */
function targetOf(input: RuleInput, serviceName: string | null, latest: TaskRecord): { arn: string; label: string; serviceArn: string | null } {
  const service = serviceName ? input.services.find((s) => s.name === serviceName) : undefined;
  return service ? { arn: service.arn, label: service.name, serviceArn: service.arn } : { arn: latest.arn, label: serviceName ?? `task ${latest.id}`, serviceArn: null };
}

/** >= 3 stops of one service within 10 min because its container exited or it failed to start. */
export function crashLoops(input: RuleInput): Problem[] {
  const out: Problem[] = [];
  const crashes = recentStops(input, CRASH_LOOP_WINDOW_MS).filter((t) => t.serviceName !== null && CRASH_STOP_CODES.has(t.stopCode ?? ''));
  for (const [name, tasks] of byGroup(crashes)) {
    if (tasks.length < CRASH_LOOP_MIN_STOPS) continue;
    const target = targetOf(input, name, tasks[0]);
    out.push(
      problem(input, {
        severity: 'critical',
        kind: 'crash-loop',
        targetArn: target.arn,
        title: `${target.label}: crash loop`,
        detail: `${tasks.length} tasks stopped in ${minutes(CRASH_LOOP_WINDOW_MS)}: ${stopInWords(tasks[0])}`,
        since: tasks[tasks.length - 1].stoppedAt ?? input.now,
      }),
    );
  }
  return out;
}

/** Tasks stopped with errors in the last hour (non-zero exit, image pull, ...), per service; crash loops aside. */
export function erroredTasks(input: RuleInput, crashLooping: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  for (const tasks of byGroup(recentStops(input, RECENT_STOPS_MS).filter(isErrorStop)).values()) {
    const latest = tasks[0];
    const target = targetOf(input, latest.serviceName, latest);
    if (crashLooping.has(target.arn)) continue;
    const count = tasks.length === 1 ? 'A task' : `${tasks.length} tasks`;
    out.push(
      problem(input, {
        severity: 'error',
        kind: 'task-stopped-error',
        targetArn: tasks.length === 1 ? latest.arn : target.arn,
        serviceArn: target.serviceArn,
        title: `${target.label}: ${tasks.length === 1 ? 'task' : 'tasks'} stopped with an error`,
        detail: `${count} stopped in the last hour; latest (${latest.id}): ${stopInWords(latest)}`,
        since: tasks[tasks.length - 1].stoppedAt ?? input.now,
      }),
    );
  }
  return out;
}

/** Tasks stopped by a Spot interruption or an instance termination notice in the last hour. */
export function spotInterruptions(input: RuleInput): Problem[] {
  const hit = recentStops(input, RECENT_STOPS_MS).filter((t) => t.stopCode === 'SpotInterruption' || t.stopCode === 'TerminationNotice');
  return [...byGroup(hit).values()].map((tasks) => {
    const latest = tasks[0];
    const target = targetOf(input, latest.serviceName, latest);
    return problem(input, {
      severity: 'warning',
      kind: 'spot-interruption',
      targetArn: target.arn,
      title: `${target.label}: Spot capacity reclaimed`,
      detail: `${tasks.length} ${tasks.length === 1 ? 'task was' : 'tasks were'} stopped in the last hour (${latest.stopCode}): ${clause(latest.stoppedReason ?? 'the instance was reclaimed')}. ECS replaces them; check the capacity provider strategy if it repeats.`,
      since: tasks[tasks.length - 1].stoppedAt ?? input.now,
    });
  });
}

/** Fewer tasks running than desired for a few minutes, outside a rollout that is going fine. */
export function belowDesired(input: RuleInput): Problem[] {
  const out: Problem[] = [];
  for (const s of input.services) {
    if (s.status !== 'ACTIVE' || s.runningCount >= s.desiredCount) continue;
    const rollingOut = s.deployments.some((d) => d.rolloutState === 'IN_PROGRESS') && !s.deployments.some((d) => d.rolloutState === 'FAILED');
    if (rollingOut) continue;
    const id = `below-desired:${s.arn}`;
    const since = input.firstSeen(id);
    if (input.now - since < BELOW_DESIRED_AFTER_MS) continue;
    out.push(
      problem(input, {
        severity: s.runningCount === 0 ? 'error' : 'warning',
        kind: 'below-desired',
        targetArn: s.arn,
        title: `${s.name}: ${s.runningCount} of ${s.desiredCount} tasks running`,
        detail: `Below its desired count for ${minutes(input.now - since)}${s.pendingCount ? ` (${s.pendingCount} pending)` : ''}. The service events say why (placement, capacity, failing tasks).`,
        since,
      }),
    );
  }
  return out;
}

/** Instances whose agent lost its connection, and instances being drained. */
export function instanceTrouble(input: RuleInput): Problem[] {
  const out: Problem[] = [];
  for (const i of input.instances) {
    const name = i.ec2InstanceId ?? i.id;
    if (!i.agentConnected && (i.status === 'ACTIVE' || i.status === 'DRAINING')) {
      out.push(
        problem(input, {
          severity: 'error',
          kind: 'instance-disconnected',
          targetArn: i.arn,
          title: `${name}: ECS agent disconnected`,
          detail: `The agent on ${name}${i.availabilityZone ? ` (${i.availabilityZone})` : ''} is not connected: ECS cannot place or stop tasks there. ${i.runningTasksCount} tasks were running on it.`,
          since: input.firstSeen(`instance-disconnected:${i.arn}`),
        }),
      );
    }
    if (i.status === 'DRAINING') {
      out.push(
        problem(input, {
          severity: 'warning',
          kind: 'instance-draining',
          targetArn: i.arn,
          title: `${name}: draining`,
          detail: `${i.runningTasksCount} tasks still running on it${i.statusReason ? `; ${clause(i.statusReason)}` : ''}. ECS moves service tasks away before the instance goes.`,
          since: input.firstSeen(`instance-draining:${i.arn}`),
        }),
      );
    }
  }
  return out;
}
