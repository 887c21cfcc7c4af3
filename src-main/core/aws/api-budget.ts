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

  setShare(share: number): void {
    this.share = share;
    for (const bucket of this.buckets.values()) bucket.setShare(share);
  }

  /** The buckets used so far, for the status bar. */
  states(): BucketState[] {
    return [...this.buckets.entries()].map(([category, b]) => ({ category, tokens: Math.floor(b.available), backingOff: b.backingOff, queued: b.queued }));
  }

  drain(): void {
    for (const bucket of this.buckets.values()) bucket.drain();
  }
}
