import { fingerprint } from './fingerprint';

export interface Fresh {
  fetchedAt: number;
  stale: boolean;
}

/**
 * One kind of record (services, tasks, ...) of one cluster, keyed by ARN (capacity providers
 * by name). Each row keeps the record and its fingerprint, so an upsert can tell whether
 * anything that matters changed and the caller sends only those.
 */
export class RecordTable<R extends Fresh> {
  private readonly rows = new Map<string, { record: R; print: number }>();

  constructor(private readonly keyOf: (record: R) => string) {}

  get size(): number {
    return this.rows.size;
  }

  get(key: string): R | undefined {
    return this.rows.get(key)?.record;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  keys(): IterableIterator<string> {
    return this.rows.keys();
  }

  *values(): IterableIterator<R> {
    for (const row of this.rows.values()) yield row.record;
  }

  /** Stores the record (always: its fetchedAt moves on); true when data or staleness changed. */
  upsert(record: R): boolean {
    const key = this.keyOf(record);
    const print = fingerprint(record);
    const before = this.rows.get(key);
    this.rows.set(key, { record, print });
    return !before || before.print !== print || before.record.stale !== record.stale;
  }

  /** Marks a known record stale; returns it when that is news (it was fresh). */
  markStale(key: string): R | null {
    const row = this.rows.get(key);
    if (!row || row.record.stale) return null;
    row.record = { ...row.record, stale: true };
    return row.record;
  }

  /** Confirms an unchanged record (e.g. a STOPPED task still listed) as of `at`. */
  touch(key: string, at: number): void {
    const row = this.rows.get(key);
    if (row && !row.record.stale && row.record.fetchedAt < at) row.record = { ...row.record, fetchedAt: at };
  }

  /** Replaces a record without a change check (e.g. problemCount set by core). */
  replace(record: R): void {
    this.rows.set(this.keyOf(record), { record, print: fingerprint(record) });
  }

  remove(key: string): boolean {
    return this.rows.delete(key);
  }

  /** The oldest fetchedAt in the table, or null when empty. */
  oldestFetchedAt(): number | null {
    let oldest: number | null = null;
    for (const { record } of this.rows.values()) if (oldest === null || record.fetchedAt < oldest) oldest = record.fetchedAt;
    return oldest;
  }
}
