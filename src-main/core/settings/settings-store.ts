import { copyFile, mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir } from '../files/durable';
import { WharfError } from '../../contract/errors';
import { Settings, type SettingsProblem, type SettingsResolution } from '../../contract/domains/app';
import { salvageObject } from './settings-salvage';

export const DEFAULT_SETTINGS: Settings = {
  apiBudgetShare: 0.5,
  overviewRegions: [],
  allowExecOnReadOnly: false,
  productionProfiles: [],
  readOnlyProfiles: [],
  mutedClusters: [],
  theme: 'system',
  historyRetentionDays: 7,
  historyMaxMb: 500,
};

const FILE = 'settings.json';

/**
 * The user's settings as a JSON file in the data folder. No file yet means the defaults. A
 * file that does not read as settings is never replaced without the user's word: a copy is
 * kept aside (`settings.json.corrupt-<time>`), Wharf runs on what it could recover from it
 * plus defaults, `problem()` says so (the window shows it), and `update` refuses until
 * `resolve` is called. Writes go to a temporary file, are flushed to disk, then renamed over
 * the old one, so a crash leaves either the old settings or the new.
 */
export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };
  private trouble: SettingsProblem | null = null;
  readonly file: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(dataDir, FILE);
  }

  async load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.current = { ...DEFAULT_SETTINGS };
        this.trouble = null;
        return this.current;
      }
      this.current = { ...DEFAULT_SETTINGS };
      this.trouble = { file: this.file, keptAs: null, error: `Wharf could not read it: ${(err as Error).message}`, recovered: [], partial: [], mutationsHeld: true, at: this.now() };
      return this.current;
    }
    const parsed = parseSettings(text);
    if (parsed.ok) {
      this.current = { ...DEFAULT_SETTINGS, ...parsed.settings };
      this.trouble = null;
      return this.current;
    }
    const salvaged = salvageSettings(text);
    this.current = { ...DEFAULT_SETTINGS, ...salvaged.settings };
    this.trouble = {
      file: this.file,
      keptAs: await this.keepAside(text),
      error: parsed.error,
      recovered: salvaged.recovered,
      partial: salvaged.partial,
      // The read-only marks are what stops a change: unless they are known, every change is held.
      mutationsHeld: !salvaged.recovered.includes('readOnlyProfiles') && !parsed.absent.includes('readOnlyProfiles'),
      at: this.now(),
    };
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  /** The damaged file Wharf is holding back from, or null. */
  problem(): SettingsProblem | null {
    return this.trouble;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    if (this.trouble) {
      throw new WharfError('PRECONDITION', 'settings.json could not be read, and Wharf does not overwrite it until you decide what to keep.', {
        fix: 'Choose in the banner at the top of the window: keep what was recovered, start from the defaults, or fix the file and read it again.',
      });
    }
    const next = Settings.parse({ ...this.current, ...patch });
    await this.write(next);
    this.current = next;
    return this.current;
  }

  /** Ends a settings problem: writes the recovered settings or the defaults, or reads the file again. */
  async resolve(choice: SettingsResolution): Promise<Settings> {
    if (choice === 'reread') {
      await this.load();
      if (this.trouble) {
        throw new WharfError('PRECONDITION', `settings.json still does not read as settings: ${this.trouble.error}`, {
          fix: 'Fix the file (it is JSON), or keep what was recovered, or start from the defaults.',
        });
      }
      return this.current;
    }
    const next = choice === 'defaults' ? { ...DEFAULT_SETTINGS } : Settings.parse(this.current);
    await this.write(next);
    this.current = next;
    this.trouble = null;
    return this.current;
  }

  /** What `resolve(choice)` would leave in force (for the confirmation of a safety change). */
  preview(choice: Exclude<SettingsResolution, 'reread'>): Settings {
    return choice === 'defaults' ? { ...DEFAULT_SETTINGS } : this.current;
  }

  private async write(settings: Settings): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(settings, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
    await syncDir(this.dataDir);
  }

  /** A copy of the damaged file beside it; one copy per distinct content. */
  private async keepAside(text: string): Promise<string | null> {
    try {
      for (const name of await readdir(this.dataDir)) {
        if (!name.startsWith(`${FILE}.corrupt-`)) continue;
        const earlier = join(this.dataDir, name);
        if ((await readFile(earlier, 'utf8').catch(() => null)) === text) return earlier;
      }
      const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
      const target = join(this.dataDir, `${FILE}.corrupt-${stamp}`);
      await copyFile(this.file, target);
      return target;
    } catch {
      return null;
    }
  }
}

/**
 * The settings in a file's text, or why not; `absent` names the settings a complete JSON object
 * did not hold (known to be the defaults, not lost).
 */
function parseSettings(text: string): { ok: true; settings: Partial<Settings> } | { ok: false; error: string; absent: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: text.trim() === '' ? 'The file is empty.' : `It is not valid JSON (${(err as Error).message}).`, absent: [] };
  }
  const parsed = Settings.partial().safeParse(json);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  const isObject = !!json && typeof json === 'object' && !Array.isArray(json);
  const absent = isObject ? Object.keys(Settings.shape).filter((k) => !(k in (json as object))) : [];
  return { ok: false, error: `It is JSON but not Wharf's settings (${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}).`, absent };
}

/** Every setting that reads back valid from a damaged file, and the lists that were cut short. */
function salvageSettings(text: string): { settings: Partial<Settings>; recovered: string[]; partial: string[] } {
  const { complete, partial } = salvageObject(text);
  const shape = Settings.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  const settings: Record<string, unknown> = {};
  const recovered: string[] = [];
  const cut: string[] = [];
  for (const [key, value] of Object.entries(complete)) {
    const field = shape[key]?.safeParse(value);
    if (field?.success) {
      settings[key] = field.data;
      recovered.push(key);
    }
  }
  for (const [key, items] of Object.entries(partial)) {
    const field = shape[key]?.safeParse(items);
    if (field?.success) {
      settings[key] = field.data;
      cut.push(key);
    }
  }
  return { settings: settings as Partial<Settings>, recovered, partial: cut };
}
