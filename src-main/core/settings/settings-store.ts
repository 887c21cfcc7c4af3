import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Settings } from '../../contract/domains/app';

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

/** The user's settings as a JSON file in the data folder; a bad file falls back to defaults. */
export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };
  private readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'settings.json');
  }

  async load(): Promise<Settings> {
    try {
      const parsed = Settings.partial().safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) this.current = { ...DEFAULT_SETTINGS, ...parsed.data };
    } catch {
      // No file yet, or unreadable: defaults.
    }
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    this.current = Settings.parse({ ...this.current, ...patch });
    await mkdir(this.dataDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(this.current, null, 2));
    await rename(tmp, this.file);
    return this.current;
  }
}
