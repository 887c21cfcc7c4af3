import { realClock, type Clock } from './clock';
import { CATEGORY_SPECS, type ThrottleCategory } from './throttle-categories';
import { TokenBucket } from './token-bucket';

/**
 * The token buckets of one account and region (AWS throttles per account per region), one per
 * category, created on first use at `share` of AWS's figures.
 */
export interface BucketState {
  category: ThrottleCategory;
  tokens: number;
  backingOff: boolean;
  queued: number;
}

export class ApiBudget {
  private readonly buckets = new Map<ThrottleCategory, TokenBucket>();
  /** Buckets of one category per target (the Kubernetes API's: one per cluster endpoint). */
  private readonly keyed = new Map<string, { category: ThrottleCategory; bucket: TokenBucket }>();

  constructor(
    private share: number,
    private readonly clock: Clock = realClock,
  ) {}

  bucket(category: ThrottleCategory): TokenBucket {
    let bucket = this.buckets.get(category);
    if (!bucket) {
      bucket = new TokenBucket(CATEGORY_SPECS[category], this.share, this.clock);
      this.buckets.set(category, bucket);
    }
    return bucket;
  }

  /** A bucket of `category`'s figures for one target, e.g. one cluster's API server. */
  bucketFor(category: ThrottleCategory, key: string): TokenBucket {
    const id = `${category}|${key}`;
    let entry = this.keyed.get(id);
    if (!entry) {
      entry = { category, bucket: new TokenBucket(CATEGORY_SPECS[category], this.share, this.clock) };
      this.keyed.set(id, entry);
    }
    return entry.bucket;
  }

  setShare(share: number): void {
    this.share = share;
    for (const bucket of this.buckets.values()) bucket.setShare(share);
    for (const { bucket } of this.keyed.values()) bucket.setShare(share);
  }

  /** The buckets used so far, for the status bar. */
  states(): BucketState[] {
    const all = [...this.buckets.entries()].map(([category, bucket]) => ({ category, bucket })).concat([...this.keyed.values()]);
    return all.map(({ category, bucket: b }) => ({ category, tokens: Math.floor(b.available), backingOff: b.backingOff, queued: b.queued }));
  }

  drain(): void {
    for (const bucket of this.buckets.values()) bucket.drain();
    for (const { bucket } of this.keyed.values()) bucket.drain();
  }
}
