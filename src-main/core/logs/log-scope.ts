import { DescribeTasksCommand, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { TaskDefinitionDoc, TaskRecord } from '../../contract/domains/inventory';
import type { LogScope, LogSource } from '../../contract/domains/logs';
import { clusterArnOf, clusterNameOf } from '../../contract/arn';
import { WharfError } from '../../contract/errors';
import { normalizeTask } from '../inventory/normalize';
import { resolveLogSource, type LogConfiguration } from './log-sources';

/**
 * From a scope (a task, a container, a service) to the tasks it covers and each container's
 * log source. Tasks come from the inventory's model when it has them (no extra API call),
 * else from ECS directly; task definitions from the inventory's cache.
 */
export interface ScopeDeps {
  /** Tasks the inventory already holds for a cluster (empty when it has not loaded it). */
  knownTasks(clusterArn: string): TaskRecord[];
  taskDefinition(arn: string): Promise<TaskDefinitionDoc>;
  ecs(): Pick<ECSClient, 'send'>;
  region: string;
  now(): number;
  /**
   * The task as history last recorded it, for a task ECS no longer lists (stopped tasks are
   * kept about an hour): its definition names its log streams, which CloudWatch keeps.
   */
  recordedTask?(taskArn: string): Promise<TaskRecord | null>;
}

/** How many of a service's tasks (newest first) a service-wide read covers. */
export const SERVICE_TASKS = 20;

export interface ScopedTask {
  task: TaskRecord;
  sources: LogSource[];
}

export async function resolveScope(deps: ScopeDeps, scope: LogScope): Promise<ScopedTask[]> {
  const tasks = scope.kind === 'task' ? [await findTask(deps, scope.taskArn)] : await serviceTasks(deps, scope.clusterArn, scope.serviceName);
  const out: ScopedTask[] = [];
  for (const task of tasks) {
    const definition = await deps.taskDefinition(task.taskDefinitionArn);
    let sources = sourcesOf(task, definition, deps.region);
    if (scope.container) sources = sources.filter((s) => s.container === scope.container);
    if (scope.kind === 'task' && scope.container && !sources.length) {
      throw new WharfError('NOT_FOUND', `Task ${task.id} has no container named ${scope.container}.`);
    }
    out.push({ task, sources });
  }
  return out;
}

/** Every container of the definition, in its order, with where its logs go. */
export function sourcesOf(task: TaskRecord, definition: TaskDefinitionDoc, region: string): LogSource[] {
  return definition.containerDefinitions.map((def) =>
    resolveLogSource(def.logConfiguration as LogConfiguration | undefined, {
      container: def.name,
      taskId: task.id,
      taskArn: task.arn,
      clusterName: clusterNameOf(task.arn) ?? clusterNameOf(task.clusterArn) ?? '',
      defaultRegion: region,
      runtimeId: task.containers.find((c) => c.name === def.name)?.runtimeId ?? null,
    }),
  );
}

async function findTask(deps: ScopeDeps, taskArn: string): Promise<TaskRecord> {
  const cluster = clusterNameOf(taskArn);
  const clusterArn = clusterArnOf(taskArn);
  if (clusterArn) {
    const known = deps.knownTasks(clusterArn).find((t) => t.arn === taskArn);
    if (known) return known;
  }
  const res = await deps.ecs().send(new DescribeTasksCommand({ cluster: cluster ?? undefined, tasks: [taskArn] }));
  const task = res.tasks?.[0];
  if (!task) {
    const recorded = await deps.recordedTask?.(taskArn).catch(() => null);
    if (recorded) return recorded;
    throw new WharfError('NOT_FOUND', `ECS no longer knows task ${taskArn.split('/').pop()}: stopped tasks are kept about an hour.`, {
      fix: 'Open the service\'s logs instead: its log group keeps older tasks\' streams.',
    });
  }
  return normalizeTask(task, deps.now());
}

async function serviceTasks(deps: ScopeDeps, clusterArn: string, serviceName: string): Promise<TaskRecord[]> {
  let tasks = deps.knownTasks(clusterArn).filter((t) => t.serviceName === serviceName);
  if (!tasks.length) tasks = await listServiceTasks(deps, clusterArn, serviceName);
  if (!tasks.length) throw new WharfError('NOT_FOUND', `Service ${serviceName} has no running or recently stopped tasks, so there are no task logs to find.`);
  return [...tasks].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0)).slice(0, SERVICE_TASKS);
}

async function listServiceTasks(deps: ScopeDeps, clusterArn: string, serviceName: string): Promise<TaskRecord[]> {
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const page = await deps.ecs().send(new ListTasksCommand({ cluster: clusterArn, serviceName, desiredStatus, maxResults: 100 }));
    arns.push(...(page.taskArns ?? []));
  }
  if (!arns.length) return [];
  const res = await deps.ecs().send(new DescribeTasksCommand({ cluster: clusterArn, tasks: arns.slice(0, 100) }));
  return (res.tasks ?? []).map((t) => normalizeTask(t, deps.now()));
}
