/** A service's `events[]`: newest first, the latest 100 kept, worded as ECS words them. */
import type { ServiceRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';

const MAX_EVENTS = 100;

export function addServiceEvent(ctx: EngineContext, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: ctx.random.uuid(), createdAt: ctx.now(), message: `(service ${service.name}) ${message}` });
  if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS;
}

export function taskList(tasks: TaskRecord[]): string {
  return tasks.map((t) => `(task ${t.id})`).join(' ');
}
