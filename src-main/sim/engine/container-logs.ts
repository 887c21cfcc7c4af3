/**
 * What containers write to CloudWatch Logs (awslogs driver): start-up lines, steady request
 * lines, and the last lines before a crash. Stream names follow awslogs:
 * `<awslogs-stream-prefix>/<container name>/<task id>`.
 */
import type { ContainerRecord, TaskRecord } from '../world/types';
import type { EngineContext } from './context';

/** Fills the container's log group and stream from its logConfiguration (awslogs only). */
export function assignLogStream(container: ContainerRecord, definition: Record<string, unknown>, taskId: string): void {
  const config = definition.logConfiguration as { logDriver?: string; options?: Record<string, string> } | undefined;
  if (config?.logDriver !== 'awslogs' || !config.options?.['awslogs-group']) return;
  container.logGroup = config.options['awslogs-group'];
  const prefix = config.options['awslogs-stream-prefix'];
  container.logStream = prefix ? `${prefix}/${container.name}/${taskId}` : `${container.name}/${taskId}`;
}

function write(ctx: EngineContext, container: ContainerRecord, messages: string[], at = ctx.now()): void {
  if (!container.logGroup || !container.logStream) return;
  ctx.logs.putEvents(container.logGroup, container.logStream, messages.map((message, i) => ({ timestamp: at + i * 7, message })));
}

export function writeStartupLogs(ctx: EngineContext, task: TaskRecord): void {
  for (const container of task.containers) {
    const version = container.image.split(':').pop() ?? 'latest';
    write(ctx, container, [
      `level=info msg="starting ${container.name}" version=${version} task=${task.id}`,
      `level=info msg="loaded configuration" env=production region=${ctx.world.region}`,
      `level=info msg="listening" addr=0.0.0.0:8080`,
    ]);
  }
}

const PATHS = ['/healthz', '/api/orders', '/api/orders/42', '/api/users/me', '/api/cart', '/metrics'];

export function writeRequestLogs(ctx: EngineContext, task: TaskRecord): void {
  const container = task.containers[0];
  if (!container) return;
  const status = ctx.random.chance(0.03) ? 500 : ctx.random.chance(0.05) ? 404 : 200;
  const level = status >= 500 ? 'error' : 'info';
  write(ctx, container, [
    `level=${level} method=GET path=${ctx.random.pick(PATHS)} status=${status} duration_ms=${ctx.random.int(2, 480)} request_id=${ctx.random.uuid()}`,
  ]);
}

/** The last lines of a process that is about to exit 1. */
export function writeCrashLogs(ctx: EngineContext, task: TaskRecord, container: ContainerRecord): void {
  write(ctx, container, [
    `level=info msg="connecting to database" host=db.internal:5432 attempt=3`,
    `level=error msg="dial tcp 10.0.12.7:5432: connect: connection refused"`,
    `FATAL: could not connect to database at db.internal:5432 after 3 attempts: connection refused`,
    `    at Database.connect (/app/dist/db.js:88:13)`,
    `    at async Server.start (/app/dist/server.js:41:5)`,
    `    at async main (/app/dist/index.js:12:3)`,
    `npm ERR! code ELIFECYCLE`,
    `npm ERR! errno 1`,
    `process exited with code 1 (task ${task.id})`,
  ]);
}
