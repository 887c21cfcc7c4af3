import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir } from '../files/durable';
import { AuditEntry } from '../../contract/domains/audit';
import type { EventBus } from '../events';
import { redact, redactString } from './redact';

export type NewAuditEntry = Omit<AuditEntry, 'time'> & { time?: number };

/**
 * The append-only audit log: `audit.jsonl` in the data folder, one JSON object per line.
 * Appends are serialized so concurrent mutations never interleave a line; `before` and
 * `after` pass through `redact` so no credential or secret value is ever written. Each append
 * is flushed to disk before it counts. A last line torn by a crash mid-write is left as it is
 * (reading skips it) and the next entry starts on a line of its own, so it is not glued to the
 * fragment and lost with it at the next start.
 */
export class AuditLog {
  readonly file: string;
  private tail: Promise<void> = Promise.resolve();
  /** The file is known to end with a newline (checked once, kept true by our own appends). */
  private endsClean = false;

  constructor(
    private readonly dataDir: string,
    private readonly events?: EventBus,
  ) {
    this.file = join(dataDir, 'audit.jsonl');
  }

  append(input: NewAuditEntry): Promise<AuditEntry> {
    const entry: AuditEntry = {
      time: input.time ?? Date.now(),
      profile: input.profile,
      accountId: input.accountId,
      region: input.region,
      action: input.action,
      target: redactString(input.target),
      before: redact(input.before ?? null),
      after: redact(input.after ?? null),
      result: input.result,
      ...(input.error ? { error: redactString(String(input.error)).slice(0, 2000) } : {}),
    };
    const line = JSON.stringify(entry) + '\n';
    const write = this.tail.then(() => this.write(line));
    // A failed write must not block the next one; the caller still sees this one fail.
    this.tail = write.catch(() => {});
    return write.then(() => {
      this.events?.emit('audit.appended', entry);
      return entry;
    });
  }

  private async write(line: string): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const handle = await open(this.file, 'a+', 0o600);
    try {
      const created = (await handle.stat()).size === 0;
      const repair = !this.endsClean && (await endsTorn(handle));
      // Until this write is on disk, the end of the file is not known to be clean.
      this.endsClean = false;
      await handle.write(repair ? `\n${line}` : line, null, 'utf8');
      await handle.sync();
      this.endsClean = true;
      if (created) await syncDir(this.dataDir);
    } finally {
      await handle.close();
    }
  }

  /** Newest first, at most `limit`, only entries older than `before` (epoch ms) when given. */
  async read({ limit = 200, before }: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    await this.tail;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: AuditEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = parseLine(lines[i]);
      if (entry && (before === undefined || entry.time < before)) out.push(entry);
    }
    return out;
  }
}

/** A line of the file, parsed with the contract's schema: a torn or foreign line is skipped, the rest kept. */
function parseLine(line: string): AuditEntry | null {
  if (!line.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null; // a torn last line after a crash
  }
  const entry = AuditEntry.safeParse(value);
  return entry.success ? entry.data : null;
}

/** The file's last byte is not a newline: a line was cut short. */
async function endsTorn(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
