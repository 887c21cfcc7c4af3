/**
 * EventBridge's request throttling for the calls the sim serves (rules and targets): "all
 * EventBridge APIs other than PutEvents are limited to 50 requests per second by default",
 * per account and region (EventBridge quotas; docs/aws-quotas.md). Wall clock, like ECS's.
 */
import { SimError } from '../http/types';
import { TokenBucket } from './token-bucket';

export const EVENTS_API_RATE = 50;

export class EventsThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  take(accountId: string, region: string): void {
    const key = `${accountId}|${region}`;
    const now = this.wallNow();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(EVENTS_API_RATE, EVENTS_API_RATE, now);
      this.buckets.set(key, bucket);
    }
    if (!bucket.tryTake(now)) throw new SimError('ThrottlingException', 'Rate exceeded', 400);
  }
}
