import { open } from 'node:fs/promises';

/**
 * Flushes a folder's entries (a new file, a rename) to disk, so a crash right after cannot
 * undo them. Not every platform can open a folder for that (Windows); there it does nothing.
 */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here
  }
}
