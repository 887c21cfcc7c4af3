import { z } from 'zod';

/** What runs Wharf's main side: Electron (with its Chromium and Node), or plain Node in browser mode. */
export const RuntimeInfo = z.object({
  /** Electron's version; null in browser mode. */
  electron: z.string().nullable(),
  /** The Chromium Electron embeds; null in browser mode (the page runs in the user's browser). */
  chrome: z.string().nullable(),
  node: z.string(),
  v8: z.string(),
  platform: z.string(),
  arch: z.string(),
});
export type RuntimeInfo = z.infer<typeof RuntimeInfo>;

/** Whether Wharf looks for updates, and where (or why not). */
export const UpdateInfo = z.object({
  state: z.enum(['on', 'off']),
  /** "GitHub Releases of owner/repo", or why updates are off. */
  detail: z.string(),
});
export type UpdateInfo = z.infer<typeof UpdateInfo>;

/** App-level calls: what the shell is, and the user's settings. */
export const AppInfo = z.object({
  version: z.string(),
  /** The git commit the app was built from ("unknown" outside a git checkout). */
  commit: z.string(),
  transport: z.enum(['electron', 'web']),
  runtime: RuntimeInfo,
  updates: UpdateInfo,
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

/**
 * `settings.json` could not be read as settings (a crash mid-write, a hand edit): Wharf keeps
 * a copy aside, runs on what it could recover plus defaults, and never writes the file until
 * the user decides (`settings.resolveProblem`).
 */
export const SettingsProblem = z.object({
  /** The settings file. */
  file: z.string(),
  /** The copy kept aside (`settings.json.corrupt-<time>`), or null when it could not be made. */
  keptAs: z.string().nullable(),
  /** What was wrong, e.g. "Unexpected end of JSON input". */
  error: z.string(),
  /** Settings read back in full from the damaged file. */
  recovered: z.array(z.string()),
  /** Lists cut short by the damage: their complete items are kept, the rest is lost. */
  partial: z.array(z.string()),
  /** True while the read-only profiles are not known: every change to AWS is refused until the user decides. */
  mutationsHeld: z.boolean(),
  /** Epoch ms when it was found. */
  at: z.number(),
});
export type SettingsProblem = z.infer<typeof SettingsProblem>;

/**
 * What the user decided about a damaged settings file: keep what Wharf recovered, start from
 * the defaults, or read the file again after fixing it by hand.
 */
export const SettingsResolution = z.enum(['keep-recovered', 'defaults', 'reread']);
export type SettingsResolution = z.infer<typeof SettingsResolution>;

export const appMethods = {
  'app.info': { args: z.object({}).strict(), result: AppInfo },
  'settings.get': { args: z.object({}).strict(), result: Settings },
  /**
   * Saves a change; every change is audited with before and after. A change that lowers a
   * safety setting (see settings-safety.ts) needs `confirmation` as for a mutation.
   */
  'settings.update': { args: Settings.partial().extend({ confirmation: z.string().max(1000).optional() }).strict(), result: Settings },
  /** The damaged settings file Wharf is holding back from, or null. */
  'settings.problem': { args: z.object({}).strict(), result: z.object({ problem: SettingsProblem.nullable() }) },
  /** Ends a settings problem as the user chose; `defaults` that drops safety marks needs `confirmation`. */
  'settings.resolveProblem': { args: z.object({ choice: SettingsResolution, confirmation: z.string().max(1000).optional() }).strict(), result: Settings },
  /** Opens an https AWS console URL in the system browser; other hosts are refused. */
  'app.openExternal': { args: z.object({ url: z.string().url().max(4096) }).strict(), result: z.object({ opened: z.boolean() }) },
} as const;

export const appEvents = {
  'settings.changed': Settings,
  'settings.problem': SettingsProblem.nullable(),
} as const;
