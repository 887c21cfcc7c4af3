import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LiveConfig } from '../../contract/domains/live';

const StoredLive = z.object({
  /** This install's id: in the names of what it creates, so two installs never share a queue. */
  installId: z.string().regex(/^[a-f0-9]{8}$/),
  reconcileMinutes: z.number().min(1).max(120),
  configs: z.array(LiveConfig),
});
type StoredLive = z.infer<typeof StoredLive>;

export const DEFAULT_RECONCILE_MINUTES = 10;

/**
 * Live events' own file in the data folder (`live-events.json`): which profile and region use
 * which queue and rule. Kept apart from Settings: what is in it is written only by set-up,
 * use-a-queue and removal, never by a settings update.
 */
export class LiveConfigStore {
  private data: StoredLive = { installId: newInstallId(), reconcileMinutes: DEFAULT_RECONCILE_MINUTES, configs: [] };
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'live-events.json');
  }

  async load(): Promise<void> {
    try {
      const parsed = StoredLive.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) {
        this.data = parsed.data;
        return;
      }
    } catch {
      // No file yet: a new install id, saved with the first set-up.
    }
  }

  get installId(): string {
    return this.data.installId;
  }

  get reconcileMs(): number {
    return this.data.reconcileMinutes * 60_000;
  }

  all(): LiveConfig[] {
    return this.data.configs.map((c) => ({ ...c }));
  }

  find(profile: string, region: string): LiveConfig | null {
    return this.data.configs.find((c) => c.profile === profile && c.region === region) ?? null;
  }

  put(config: LiveConfig): Promise<void> {
    this.data.configs = [...this.data.configs.filter((c) => !(c.profile === config.profile && c.region === config.region)), config];
    return this.save();
  }

  remove(profile: string, region: string): Promise<void> {
    this.data.configs = this.data.configs.filter((c) => !(c.profile === profile && c.region === region));
    return this.save();
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.data, null, 2);
    this.writing = this.writing.then(async () => {
      await mkdir(this.dataDir, { recursive: true });
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}

function newInstallId(): string {
  return randomBytes(4).toString('hex');
}
