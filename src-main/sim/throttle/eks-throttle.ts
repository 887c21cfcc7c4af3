/**
 * EKS's request throttling. AWS does not publish per-action rates for the EKS API (the
 * EKS service quotas page lists resource quotas only; the API answers ThrottlingException,
 * HTTP 429, "Rate exceeded"). The sim assumes one bucket per account and region for the read
 * calls Wharf makes, of a size like ECS's read categories: bursts of 50, then 10 a second
 * (docs/aws-quotas.md). Wall clock, as for ECS.
 */
import { SimError } from '../http/types';
import { TokenBucket } from './token-bucket';

export const EKS_READ_BUCKET = { burst: 50, refillPerSecond: 10 };

export class EksThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  take(accountId: string, region: string): void {
    const key = `${accountId}|${region}`;
    const now = this.wallNow();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(EKS_READ_BUCKET.burst, EKS_READ_BUCKET.refillPerSecond, now);
      this.buckets.set(key, bucket);
    }
    if (!bucket.tryTake(now)) throw new SimError('ThrottlingException', 'Rate exceeded', 429);
  }
}
