import type { z } from 'zod';
import { actionsEvents, actionsMethods, actionsMutations } from './domains/actions';
import { appEvents, appMethods } from './domains/app';
import { auditEvents, auditMethods } from './domains/audit';
import { eksEvents, eksMethods } from './domains/eks';
import { execEvents, execMethods } from './domains/exec';
import { historyEvents, historyMethods } from './domains/history';
import { inventoryEvents, inventoryMethods } from './domains/inventory';
import { logsEvents, logsMethods } from './domains/logs';
import { metricsEvents, metricsMethods } from './domains/metrics';
import { notificationsEvents, notificationsMethods } from './domains/notifications';
import { summaryEvents, summaryMethods } from './domains/summary';
import { registryEvents, registryMethods } from './domains/registry';
import { sessionEvents, sessionMethods } from './domains/session';
import { statusEvents, statusMethods } from './domains/status';

/**
 * The one API between renderer and main. Each domain declares its methods (args and result
 * schemas) and events in `domains/`; this file joins them. Main validates every call's args
 * against `methods[name].args` before a handler sees them.
 */
export const methods = {
  ...appMethods,
  ...sessionMethods,
  ...statusMethods,
  ...auditMethods,
  ...registryMethods,
  ...actionsMethods,
  ...execMethods,
  ...inventoryMethods,
  ...logsMethods,
  ...metricsMethods,
  ...notificationsMethods,
  ...summaryMethods,
  ...eksMethods,
  ...historyMethods,
} as const;

export const events = {
  ...appEvents,
  ...sessionEvents,
  ...statusEvents,
  ...auditEvents,
  ...registryEvents,
  ...actionsEvents,
  ...execEvents,
  ...inventoryEvents,
  ...logsEvents,
  ...metricsEvents,
  ...notificationsEvents,
  ...summaryEvents,
  ...eksEvents,
  ...historyEvents,
} as const;

/**
 * Every method that changes AWS. Each requires a `requestId` (one intent, done at most once)
 * and a typed `confirmation`; a domain that adds a mutation lists it here
 * (tests/unit/contract/mutations.test.ts holds the rule).
 */
export const mutationMethods: readonly MethodName[] = [...actionsMutations];

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ArgsOf<M extends MethodName> = z.input<Methods[M]['args']>;
export type ParsedArgsOf<M extends MethodName> = z.output<Methods[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
