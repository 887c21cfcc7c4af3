import type { z } from 'zod';
import { actionsEvents, actionsMethods } from './domains/actions';
import { appEvents, appMethods } from './domains/app';
import { auditEvents, auditMethods } from './domains/audit';
import { deploymentsEvents, deploymentsMethods } from './domains/deployments';
import { eksEvents, eksMethods } from './domains/eks';
import { execEvents, execMethods } from './domains/exec';
import { historyEvents, historyMethods } from './domains/history';
import { inventoryEvents, inventoryMethods } from './domains/inventory';
import { liveEvents, liveMethods } from './domains/live';
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
  ...liveMethods,
  ...deploymentsMethods,
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
  ...liveEvents,
  ...deploymentsEvents,
  ...eksEvents,
  ...historyEvents,
} as const;

/**
 * Every method that changes AWS, read off the contract: a method whose args take a `requestId`
 * (one intent, done at most once by core's operation runner) is a mutation, so a domain that
 * adds one lists it nowhere else. tests/unit/contract/mutations.test.ts holds the rule: each
 * requires its `requestId`.
 */
export const mutationMethods: readonly MethodName[] = (Object.keys(methods) as MethodName[]).filter((method) => {
  const shape = (methods[method].args as { shape?: Record<string, unknown> }).shape;
  return !!shape && 'requestId' in shape;
});

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
