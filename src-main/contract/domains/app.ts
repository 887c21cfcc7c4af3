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
