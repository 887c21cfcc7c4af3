import type { ServiceRecord, TaskRecord } from '@contract/domains/inventory';
import type { SessionInfo } from '@contract/domains/session';

/**
 * The words and rules of the scale, force-deploy and stop-task dialogs, kept apart from the
 * components so they can be tested: each change reads as one sentence naming the account
 * ("… in <profile> / <region>"), what must be typed to confirm it, and why it cannot be made.
 */

/** The place a change lands, as the account line names it. */
export function inScope(session: Pick<SessionInfo, 'profile' | 'region'>): string {
  return `in ${session.profile} / ${session.region}`;
}

const tasks = (n: number) => `${n} ${n === 1 ? 'task' : 'tasks'}`;

/** "Scale checkout from 4 to 6 tasks in prod-admin / eu-west-1". */
export function scaleSentence(service: string, from: number, to: number, session: Pick<SessionInfo, 'profile' | 'region'>): string {
  return `Scale ${service} from ${from} to ${tasks(to)} ${inScope(session)}`;
}

/** ECS's limit on desiredCount (UpdateService accepts up to this many tasks per service). */
export const MAX_DESIRED_COUNT = 5000;

/** A field as typed: its value, or why it cannot be sent. */
export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

/** The desired count as typed: a whole number from 0 to 5,000, other than the current one. */
export function parseDesiredCount(text: string, current: number): Checked<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, why: 'Type a whole number of tasks, 0 or more.' };
  const value = Number(trimmed);
  if (value > MAX_DESIRED_COUNT) return { ok: false, why: `ECS runs at most ${MAX_DESIRED_COUNT.toLocaleString('en-US')} tasks per service.` };
  if (value === current) return { ok: false, why: `The service already wants ${tasks(current)}.` };
  return { ok: true, value };
}

/** A note under the scale sentence: scaling to zero stops every task. */
export function scaleNote(from: number, to: number): string | null {
  if (to === 0) return 'Every task of the service stops; it serves nothing until scaled up again.';
  if (to < from) return `ECS stops ${tasks(from - to)}, draining load balancer targets first.`;
  return null;
}

/** "Force a new deployment of checkout in prod-admin / eu-west-1". */
export function forceDeploySentence(service: string, session: Pick<SessionInfo, 'profile' | 'region'>): string {
  return `Force a new deployment of ${service} ${inScope(session)}`;
}

/** What a forced deployment does to this service, in a sentence. */
export function forceDeployNote(service: Pick<ServiceRecord, 'runningCount' | 'taskDefinition'>): string {
  const revision = service.taskDefinition.split('/').pop() ?? service.taskDefinition;
  return `ECS replaces ${service.runningCount === 1 ? 'the running task' : `all ${service.runningCount} running tasks`} with new ones of ${revision}, pulling images again (a mutable tag may now name a newer image).`;
}

/** "Stop task 0f3c… of checkout in prod-admin / eu-west-1". */
export function stopTaskSentence(task: Pick<TaskRecord, 'id' | 'serviceName'>, session: Pick<SessionInfo, 'profile' | 'region'>): string {
  return `Stop task ${task.id}${task.serviceName ? ` of ${task.serviceName}` : ''} ${inScope(session)}`;
}

/** Core's rule: a service's task is confirmed with the service's name, a standalone task with its id. */
export function stopTaskConfirmText(task: Pick<TaskRecord, 'id' | 'group'>): string {
  return task.group?.startsWith('service:') ? task.group.slice('service:'.length) : task.id;
}

export function stopTaskNote(task: Pick<TaskRecord, 'serviceName'>): string {
  return task.serviceName ? `The service starts a replacement to keep its desired count.` : 'This task is not part of a service: nothing replaces it.';
}

/** The reason ECS records as the task's stoppedReason (StopTask takes up to 255 characters). */
export const MAX_REASON = 255;

export function checkReason(text: string): Checked<string> {
  const reason = text.trim();
  if (!reason) return { ok: false, why: 'Say why: ECS keeps the reason with the stopped task.' };
  if (reason.length > MAX_REASON) return { ok: false, why: `At most ${MAX_REASON} characters (${reason.length} now).` };
  return { ok: true, value: reason };
}

/**
 * Whether the open profile is read-only now: marked in its config (`wharf_read_only`, known at
 * open) or in Settings (read again at every change, as core does): the badge and every
 * mutation's button follow a mark made in Settings at once.
 */
export function isReadOnly(session: Pick<SessionInfo, 'profile' | 'readOnly'> | null, readOnlyProfiles: readonly string[] = []): boolean {
  return !!session && (session.readOnly || readOnlyProfiles.includes(session.profile));
}

/** Why no change can be made through this session at all (core refuses them too), or null. */
export function readOnlyReason(session: Pick<SessionInfo, 'profile' | 'readOnly'> | null, readOnlyProfiles: readonly string[] = []): string | null {
  if (!session) return 'No profile is open yet.';
  if (isReadOnly(session, readOnlyProfiles)) return `${session.profile} is read-only: Wharf changes nothing through it. Settings lists the read-only profiles.`;
  return null;
}

/** Why this service cannot be scaled or redeployed, or null. */
export function serviceBlock(service: Pick<ServiceRecord, 'status' | 'schedulingStrategy'>, action: 'scale' | 'forceDeployment'): string | null {
  if (service.status !== 'ACTIVE') return `The service is ${service.status}: ECS accepts no changes to it.`;
  if (action === 'scale' && service.schedulingStrategy === 'DAEMON') return 'A daemon service runs one task per instance: it has no desired count to set.';
  return null;
}

/** Why this task cannot be stopped, or null. */
export function stopTaskBlock(task: Pick<TaskRecord, 'lastStatus' | 'desiredStatus'>): string | null {
  if (task.lastStatus === 'STOPPED') return 'The task has already stopped.';
  if (task.desiredStatus === 'STOPPED') return 'The task is already stopping.';
  return null;
}

/**
 * A fresh id for one intent. Sent with the change, it makes a double click or a retry after a
 * lost answer run once in core; a new one is made when what is asked changes.
 */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
