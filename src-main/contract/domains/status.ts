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

/**
 * Why the data on screen may be old, in core's words: the latest trouble of the last minute
 * (a storm of throttles is named as such, not as the 5xx of minutes before), with the fix for
 * this profile's kind. Null when nothing failed lately.
 */
export const StatusCondition = z.object({
  kind: z.enum(['throttled', 'credentials', 'access-denied', 'unreachable', 'server', 'other', 'demo-sim']),
  message: z.string(),
  fix: z.string().nullable(),
  /** Failures of this kind in the last minute. */
  count: z.number(),
  /** Calls of the same kind succeeded since: it is clearing by itself. */
  recovered: z.boolean(),
});
export type StatusCondition = z.infer<typeof StatusCondition>;

/** The embedded sim behind the Demo account, when it stopped: restarted (and said so) by the entry point. */
export const DemoSimState = z.object({
  state: z.enum(['running', 'restarting', 'down']),
  /** In words: "The Demo account's simulator stopped (SIGKILL); Wharf restarted it." */
  message: z.string(),
  /** Epoch ms of the last change. */
  at: z.number(),
  restarts: z.number(),
});
export type DemoSimState = z.infer<typeof DemoSimState>;

export const StatusSnapshot = z.object({
  requestsLastMinute: z.number(),
  throttlesLastMinute: z.number(),
  errorsLastMinute: z.number(),
  throttledTotal: z.number(),
  /** Epoch ms of the oldest data on screen for the focused cluster, or null before any. */
  oldestFetchedAt: z.number().nullable(),
  lastError: z.string().nullable(),
  categories: z.array(ApiCategoryStats),
  /**
   * How far AWS's clock (the Date header of its answers in the session's region) is ahead of
   * the local one, ms. The renderer's "now" is the local clock plus this, so ages count on
   * AWS's time (every timestamp on screen is AWS's).
   */
  awsClockSkewMs: z.number(),
  condition: StatusCondition.nullable(),
  /** Operations the endpoint does not implement (an emulator's gaps), each said once. */
  unsupported: z.array(z.string()),
  /**
   * The refresh promise of what is on screen: how old its data may get between two refreshes
   * while all is well (the focused cluster's jobs, or the region's summaries), ms. Null before
   * the first refresh. `refreshLimitedBy` says 'budget' when the API budget, not the schedule,
   * sets it (a large cluster takes that long to read at Wharf's share of the rate).
   */
  refreshEveryMs: z.number().nullable(),
  refreshLimitedBy: z.enum(['budget']).nullable(),
  demoSim: DemoSimState.nullable(),
});
export type StatusSnapshot = z.infer<typeof StatusSnapshot>;

export const statusMethods = {
  'status.get': { args: z.object({}).strict(), result: StatusSnapshot },
} as const;

export const statusEvents = {
  'status.changed': StatusSnapshot,
} as const;
