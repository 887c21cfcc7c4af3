import { z } from 'zod';

/** What the status bar tells: the API rate, throttles, errors and the age of the data. */
export const ApiCategoryStats = z.object({
  category: z.string(),
  requestsLastMinute: z.number(),
  throttlesLastMinute: z.number(),
  /** Tokens left in Wharf's own bucket for this category. */
  tokens: z.number(),
  /** True while Wharf is backing off after a ThrottlingException. */
  backingOff: z.boolean(),
});

export const StatusSnapshot = z.object({
  requestsLastMinute: z.number(),
  throttlesLastMinute: z.number(),
  errorsLastMinute: z.number(),
  throttledTotal: z.number(),
  /** Epoch ms of the oldest data on screen for the focused cluster, or null before any. */
  oldestFetchedAt: z.number().nullable(),
  lastError: z.string().nullable(),
  categories: z.array(ApiCategoryStats),
});
export type StatusSnapshot = z.infer<typeof StatusSnapshot>;

export const statusMethods = {
  'status.get': { args: z.object({}).strict(), result: StatusSnapshot },
} as const;

export const statusEvents = {
  'status.changed': StatusSnapshot,
} as const;
