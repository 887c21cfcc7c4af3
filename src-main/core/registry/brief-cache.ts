/**
 * Get-or-load with a short lifetime. Concurrent callers of the same key share one load (the
 * registry view and a rollback picker opening together make one set of calls); a failed load
 * is not kept. The lifetime counts from the answer: a load slower than the lifetime (every
 * task definition of a large region) is shared until it ends, never started over.
 */
export class BriefCache<T> {
  private readonly entries = new Map<string, { at: number | null; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>, opts: { force?: boolean } = {}): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && !opts.force && (hit.at === null || this.now() - hit.at < this.ttlMs)) return hit.value;
    const value = load();
    const entry: { at: number | null; value: Promise<T> } = { at: null, value };
    this.entries.set(key, entry);
    value.then(
      () => void (entry.at = this.now()),
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
export async function mapLimit<I, O>(items: readonly I[], limit: number, fn: (item: I) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
