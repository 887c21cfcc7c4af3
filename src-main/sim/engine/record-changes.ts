/**
 * Where a task or a container instance changes, its `version` moves on (as ECS's does, so a
 * reader can order what it hears) and the change feed is told (see changes.ts).
 */
import type { ContainerInstanceRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';

export function touchTask(ctx: Pick<EngineContext, 'changed'>, task: TaskRecord): void {
  task.version++;
  ctx.changed({ kind: 'task', task });
}

export function touchInstance(ctx: Pick<EngineContext, 'changed'>, instance: ContainerInstanceRecord): void {
  instance.version++;
  ctx.changed({ kind: 'instance', instance });
}
