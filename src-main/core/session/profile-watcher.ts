import { watch, watchFile, unwatchFile, type FSWatcher, type StatsListener } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Watches the AWS shared config and credentials files (wherever AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE put them) and calls `onChange` once per burst of changes.
 *
 * Two watchers per file, because each misses something: fs.watch on the file's folder hears
 * a change at once, including an editor's save-by-rename and a file created later, but needs
 * the folder to exist (~/.aws may not yet); fs.watchFile polls the file's stat every few
 * seconds and sees a file (and its folder) appear, on any file system. `onChange` is
 * debounced: `aws configure` writes both files, an editor writes a temporary file and renames
 * it, and one reload of the profiles is enough for all of it.
 */
export interface ProfileWatcherOptions {
  paths: () => readonly string[];
  onChange: () => void;
  debounceMs?: number;
  pollMs?: number;
}

export class ProfileWatcher {
  private readonly folderWatchers = new Map<string, FSWatcher>();
  private readonly polled = new Map<string, StatsListener>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly opts: ProfileWatcherOptions) {}

  start(): void {
    for (const path of this.opts.paths()) {
      this.watchFolder(path);
      if (this.polled.has(path)) continue;
      const listener: StatsListener = (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) {
          // The folder may have just been created: watch it from now on.
          this.watchFolder(path);
          this.changed();
        }
      };
      this.polled.set(path, listener);
      watchFile(path, { interval: this.opts.pollMs ?? 2000, persistent: false }, listener);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.folderWatchers.values()) w.close();
    this.folderWatchers.clear();
    for (const [path, listener] of this.polled) unwatchFile(path, listener);
    this.polled.clear();
  }

  private watchFolder(path: string): void {
    const folder = dirname(path);
    if (this.folderWatchers.has(folder) || this.closed) return;
    const names = () => new Set(this.opts.paths().filter((p) => dirname(p) === folder).map((p) => basename(p)));
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        // No name (some platforms): assume it was one of ours.
        if (!name || names().has(String(name))) this.changed();
      });
      watcher.on('error', () => {
        // The folder went away (removed, unmounted): polling carries on and re-arms this.
        watcher.close();
        this.folderWatchers.delete(folder);
      });
      this.folderWatchers.set(folder, watcher);
    } catch {
      // No folder yet: the stat poll sees the file appear and calls back here.
    }
  }

  private changed(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.opts.onChange();
    }, this.opts.debounceMs ?? 250);
  }
}
