import { z } from 'zod';

/**
 * ECS Exec: shells into running containers, spoken by main over the SSM data channel. The
 * renderer starts a session, sends keystrokes and sizes, and receives output and state as
 * events; several sessions may be open at once, each named by ExecuteCommand's session id.
 */

export const ExecState = z.enum(['connecting', 'open', 'closed']);
export type ExecState = z.infer<typeof ExecState>;

const Arn = z.string().startsWith('arn:').max(2048);
const SessionId = z.string().min(1).max(200);
const Cols = z.number().int().min(1).max(1000);
const Rows = z.number().int().min(1).max(1000);

/** What a terminal tab's header shows. */
export const ExecSessionInfo = z.object({
  sessionId: z.string(),
  clusterArn: z.string(),
  clusterName: z.string(),
  /** From the task's group `service:<name>`; null for a standalone task. */
  serviceName: z.string().nullable(),
  taskArn: z.string(),
  taskId: z.string(),
  container: z.string(),
  command: z.string(),
  /** Epoch ms. */
  startedAt: z.number(),
  state: ExecState,
  /** Why the session closed, in words a person can act on. */
  reason: z.string().optional(),
  /** True when the cluster's exec KMS key encrypts the session. */
  encrypted: z.boolean(),
  /** HandshakeComplete's CustomerMessage, when the agent sent one. */
  customerMessage: z.string().nullable(),
});
export type ExecSessionInfo = z.infer<typeof ExecSessionInfo>;

export const execMethods = {
  'exec.start': {
    args: z
      .object({
        clusterArn: Arn,
        taskArn: Arn,
        container: z.string().min(1).max(255),
        /** Default `/bin/sh`. */
        command: z.string().min(1).max(1000).optional(),
        cols: Cols,
        rows: Rows,
      })
      .strict(),
    result: ExecSessionInfo,
  },
  /** Keystrokes or pasted text, as the terminal produced them. */
  'exec.input': { args: z.object({ sessionId: SessionId, data: z.string().max(65536) }).strict(), result: z.object({ accepted: z.boolean() }) },
  'exec.resize': { args: z.object({ sessionId: SessionId, cols: Cols, rows: Rows }).strict(), result: z.object({ accepted: z.boolean() }) },
  /** Ends a session (or forgets a closed one). */
  'exec.close': { args: z.object({ sessionId: SessionId }).strict(), result: z.object({ closed: z.boolean() }) },
  /** A new ExecuteCommand for the same task and container; the old session is closed. */
  'exec.reconnect': { args: z.object({ sessionId: SessionId, cols: Cols, rows: Rows }).strict(), result: ExecSessionInfo },
  'exec.list': { args: z.object({}).strict(), result: z.object({ sessions: z.array(ExecSessionInfo) }) },
} as const;

export const execEvents = {
  /** Terminal output, decoded from the UTF-8 stream (never a split character). */
  'exec.output': z.object({ sessionId: z.string(), data: z.string() }),
  'exec.state': z.object({
    sessionId: z.string(),
    state: ExecState,
    reason: z.string().optional(),
    customerMessage: z.string().optional(),
  }),
} as const;
