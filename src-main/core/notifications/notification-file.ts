import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppNotification } from '../../contract/domains/notifications';

/**
 * What notifications remember across restarts, as one JSON file in the data folder: the open
 * occurrences (so a restart does not notify them again) and the recent list (the bell's).
 * A missing or damaged file starts empty; writes are serialized and atomic (tmp + rename).
 */
const FileShape = z.object({
  occurrences: z.record(z.string(), z.object({ key: z.string(), openedAt: z.number(), goneSince: z.number().nullable() })),
  recent: z.array(AppNotification),
});
export type NotificationFileData = z.infer<typeof FileShape>;

export class NotificationFile {
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'notifications.json');
  }

  async load(): Promise<NotificationFileData> {
    try {
      const parsed = FileShape.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // No file yet, or unreadable: start empty.
    }
    return { occurrences: {}, recent: [] };
  }

  /** Queues a write of `data` after any in flight; resolves when it is on disk. */
  save(data: NotificationFileData): Promise<void> {
    const text = JSON.stringify(data);
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(this.dataDir, { recursive: true });
        const tmp = `${this.file}.tmp`;
        await writeFile(tmp, text);
        await rename(tmp, this.file);
      } catch {
        // A full disk must not stop notifications; the next change tries again.
      }
    });
    return this.writing;
  }
}
