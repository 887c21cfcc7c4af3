import { z } from 'zod';

/**
 * Container logs. The renderer names what it wants to read (a task, one container of it, or
 * a whole service); core finds where those logs are from the task definition's
 * `logConfiguration` and reads CloudWatch Logs. Where logs go somewhere Wharf can't read,
 * the source says where in words instead.
 */
const Arn = z.string().min(1).max(2048);
const ContainerName = z.string().min(1).max(255);

export const LogScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('task'), taskArn: Arn, container: ContainerName.optional() }).strict(),
  z.object({ kind: z.literal('service'), clusterArn: Arn, serviceName: z.string().min(1).max(255), container: ContainerName.optional() }).strict(),
]);
export type LogScope = z.infer<typeof LogScope>;

/** Where one container's logs are. `readable: false` sources carry a sentence instead. */
export const LogSource = z.discriminatedUnion('readable', [
  z.object({
    readable: z.literal(true),
    container: z.string(),
    taskId: z.string(),
    driver: z.enum(['awslogs', 'awsfirelens']),
    group: z.string(),
    region: z.string(),
    stream: z.string(),
  }),
  z.object({
    readable: z.literal(false),
    container: z.string(),
    taskId: z.string(),
    driver: z.string().nullable(),
    /** Where the logs go and why Wharf cannot show them, e.g. "FireLens sends them to Datadog". */
    where: z.string(),
  }),
]);
export type LogSource = z.infer<typeof LogSource>;
export type ReadableLogSource = Extract<LogSource, { readable: true }>;

export const LogLine = z.object({
  /** Stable across reads of the same event (CloudWatch's eventId, or stream + position). */
  id: z.string(),
  timestamp: z.number(),
  message: z.string(),
  container: z.string(),
  taskId: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

/** Opaque to the renderer: where the next `logs.follow` continues from. */
const Cursor = z.string().max(200_000);

export const LogReadArgs = z
  .object({
    scope: LogScope,
    /** Epoch ms; both optional. Without a range: the latest lines. */
    startTime: z.number().int().nonnegative().optional(),
    endTime: z.number().int().nonnegative().optional(),
    /** A CloudWatch Logs filter pattern (FilterLogEvents), e.g. `ERROR` or `"connection refused"`. */
    pattern: z.string().max(1024).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type LogReadArgs = z.infer<typeof LogReadArgs>;

export const LogReadResult = z.object({
  sources: z.array(LogSource),
  /** Oldest first. */
  lines: z.array(LogLine),
  /** True when more lines matched than `limit` (older ones were left out). */
  truncated: z.boolean(),
  /** Pass to `logs.follow` to get what arrives after these lines. */
  cursor: Cursor,
  /** Why there are no lines, when there are none (no readable source, empty stream, ...). */
  empty: z.string().nullable(),
});
export type LogReadResult = z.infer<typeof LogReadResult>;

export const logsMethods = {
  /** Where the scope's logs are (per container and task), without reading them. */
  'logs.sources': { args: z.object({ scope: LogScope }).strict(), result: z.object({ sources: z.array(LogSource) }) },
  /** The latest lines, a time range, or the lines matching a pattern. */
  'logs.read': { args: LogReadArgs, result: LogReadResult },
  /** What arrived since `cursor` (live follow; the renderer paces its calls). */
  'logs.follow': {
    args: z.object({ scope: LogScope, cursor: Cursor, pattern: z.string().max(1024).optional() }).strict(),
    result: z.object({ lines: z.array(LogLine), cursor: Cursor }),
  },
} as const;

export const logsEvents = {} as const;
