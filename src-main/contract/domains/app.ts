import { z } from 'zod';

/** App-level calls: what the shell is, and the user's settings. */
export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  /** The embedded sim's scenario when the Demo account is served by it. */
  demoScenario: z.string().nullable(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z.object({
  /** Share of AWS's documented refill rate Wharf allows itself (0.05 to 1). */
  apiBudgetShare: z.number().min(0.05).max(1),
  /** Regions shown in the all-clusters overview. */
  overviewRegions: z.array(z.string().max(30)).max(30),
  /** Exec is a mutation; read-only profiles may exec only when this is on. */
  allowExecOnReadOnly: z.boolean(),
  /** Profiles the user marked production: the frame turns red. */
  productionProfiles: z.array(z.string().max(200)).max(500),
  /** Profiles the user marked read-only, in addition to those named `*readonly*`. */
  readOnlyProfiles: z.array(z.string().max(200)).max(500),
  mutedClusters: z.array(z.string().max(2048)).max(1000),
  theme: z.enum(['system', 'dark', 'light']),
  /** History (the time bar, what changed, the events feed) keeps this many days... */
  historyRetentionDays: z.number().int().min(1).max(90),
  /** ...and at most this many MB on disk, the oldest dropped first. */
  historyMaxMb: z.number().int().min(50).max(20_000),
});
export type Settings = z.infer<typeof Settings>;

export const appMethods = {
  'app.info': { args: z.object({}).strict(), result: AppInfo },
  'settings.get': { args: z.object({}).strict(), result: Settings },
  'settings.update': { args: Settings.partial().strict(), result: Settings },
  /** Opens an https AWS console URL in the system browser; other hosts are refused. */
  'app.openExternal': { args: z.object({ url: z.string().url().max(4096) }).strict(), result: z.object({ opened: z.boolean() }) },
} as const;

export const appEvents = {
  'settings.changed': Settings,
} as const;
