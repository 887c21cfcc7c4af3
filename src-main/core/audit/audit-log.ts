import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '../../contract/domains/audit';
import type { EventBus } from '../events';
import { redact, redactString } from './redact';

export type NewAuditEntry = Omit<AuditEntry, 'time'> & { time?: number };

/**
 * The append-only audit log: `audit.jsonl` in the data folder, one JSON object per line.
 * Appends are serialized so concurrent mutations never interleave a line; `before` and
 * `after` pass through `redact` so no credential or secret value is ever written.
 */
export class AuditLog {
  readonly file: string;
  private tail: Promise<void> = Promise.resolve();

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
    const write = this.tail.then(async () => {
      await mkdir(this.dataDir, { recursive: true });
      await appendFile(this.file, line, { encoding: 'utf8', mode: 0o600 });
    });
    // A failed write must not block the next one; the caller still sees this one fail.
    this.tail = write.catch(() => {});
    return write.then(() => {
      this.events?.emit('audit.appended', entry);
      return entry;
    });
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

function parseLine(line: string): AuditEntry | null {
  if (!line.trim()) return null;
  try {
    const value = JSON.parse(line) as AuditEntry;
    return typeof value.time === 'number' && typeof value.action === 'string' ? value : null;
  } catch {
    return null; // a torn last line after a crash: skip it, keep the rest
  }
}
