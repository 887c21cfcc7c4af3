import { z } from 'zod';

/**
 * The audit log: one entry per mutation Wharf made or refused (rollback, scale, force new
 * deployment, stop task, exec). Stored as JSON lines in the data folder; never a credential.
 */
export const AuditResult = z.enum(['ok', 'error', 'refused']);
export type AuditResult = z.infer<typeof AuditResult>;

export const AuditEntry = z.object({
  /** Epoch ms. */
  time: z.number(),
  profile: z.string(),
  accountId: z.string().nullable(),
  region: z.string().nullable(),
  /** What was done, e.g. `ecs.UpdateService`, `rollback.image`, `exec.open`. */
  action: z.string(),
  /** What it was done to: an ARN, or cluster/service. */
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  result: AuditResult,
  error: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditMethods = {
  /** Newest first; `before` (epoch ms) pages back through older entries. */
  'audit.list': {
    args: z.object({ limit: z.number().int().min(1).max(1000).optional(), before: z.number().optional() }).strict(),
    result: z.object({ entries: z.array(AuditEntry) }),
  },
} as const;

export const auditEvents = {
  'audit.appended': AuditEntry,
} as const;
