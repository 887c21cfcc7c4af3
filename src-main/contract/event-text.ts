/**
 * Pure helpers on the text of ECS service events, shared by core (which files each event under
 * a kind as it records it) and the renderer (which links the task IDs an event names).
 * ECS writes events as "(service ledger) has started 2 tasks: (task 0f3e…) (task 9a1b…).";
 * the phrases below are the ones its documentation lists under "Service event messages".
 */
import type { EventKind } from './domains/history';

const RULES: Array<[EventKind, RegExp]> = [
  ['steady-state', /has reached a steady state/i],
  ['unable-to-place', /was unable to place a task|unable to place/i],
  ['deployment-failed', /deployment failed|circuit breaker|rolling back|rolled back/i],
  ['deployment-completed', /deployment completed|deployment .* completed/i],
  ['unhealthy', /unhealthy|failed container health checks|failed (elb )?health checks/i],
  ['draining', /draining|has begun draining/i],
  ['deregistered-targets', /deregistered \d+ targets?/i],
  ['registered-targets', /registered \d+ targets?/i],
  ['started-tasks', /has started \d+ tasks?/i],
  ['stopped-tasks', /has stopped \d+ (running )?tasks?/i],
];

/** The kind of a service event, from its message (first rule that matches; else 'other'). */
export function eventKindOf(message: string): EventKind {
  for (const [kind, re] of RULES) if (re.test(message)) return kind;
  return 'other';
}

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  'steady-state': 'steady state',
  'unable-to-place': 'unable to place',
  unhealthy: 'unhealthy',
  'started-tasks': 'started tasks',
  'stopped-tasks': 'stopped tasks',
  'deployment-completed': 'deployment completed',
  'deployment-failed': 'deployment failed',
  'registered-targets': 'registered targets',
  'deregistered-targets': 'deregistered targets',
  draining: 'draining',
  other: 'other',
};

/** A piece of an event message: plain text, or a task ID to link. */
export type EventTextPart = { text: string; taskId?: undefined } | { text: string; taskId: string };

const TASK_RE = /\(task ([0-9a-f]{32}|[0-9a-f-]{36})\)/gi;

/** Splits a message around the task IDs it names ("(task 0f3e…)"), so a view can link them. */
export function eventTextParts(message: string): EventTextPart[] {
  const parts: EventTextPart[] = [];
  let last = 0;
  for (const m of message.matchAll(TASK_RE)) {
    const at = m.index ?? 0;
    const idStart = at + m[0].indexOf(m[1]);
    if (idStart > last) parts.push({ text: message.slice(last, idStart) });
    parts.push({ text: m[1], taskId: m[1] });
    last = idStart + m[1].length;
  }
  if (last < message.length) parts.push({ text: message.slice(last) });
  return parts;
}

/** The task IDs an event names, in order. */
export function taskIdsIn(message: string): string[] {
  return eventTextParts(message).flatMap((p) => (p.taskId ? [p.taskId] : []));
}
