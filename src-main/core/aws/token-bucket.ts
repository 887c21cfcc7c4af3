import { realClock, type Clock } from './clock';
import type { BucketSpec } from './throttle-categories';

/**
 * Wharf's own token bucket for one throttle category, at `share` of AWS's burst and refill.
 * A request takes a token before every attempt and waits in FIFO order when none is left, so
 * a burst of calls queues here instead of hitting AWS's bucket and coming back throttled.
 *
 * Adaptive back-off (AIMD): a ThrottlingException means someone else (a pipeline, the
 * console) is spending the account's budget, so the refill rate is cut multiplicatively and
 * the bucket emptied; the rate then recovers additively, slowly, while no throttle comes.
 */
export interface AimdOptions {
  /** Factor applied to the rate on a throttle. */
  decrease: number;
  /** The rate never drops below this share of the nominal one. */
  minFactor: number;
  /** Share of the nominal rate regained per second without a throttle. */
  increasePerSecond: number;
  /** Throttles closer together than this count as one (they answer the same burst). */
  cooldownMs: number;
}

export const DEFAULT_AIMD: AimdOptions = { decrease: 0.5, minFactor: 0.1, increasePerSecond: 0.02, cooldownMs: 1000 };

export class TokenBucket {
  private tokens: number;
  private lastRefill: number;
  /** Multiplier on the refill rate: 1 normally, lower while backing off. */
  private factor = 1;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private readonly waiters: Array<() => void> = [];
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly spec: BucketSpec,
    private share: number,
    private readonly clock: Clock = realClock,
    private readonly aimd: AimdOptions = DEFAULT_AIMD,
  ) {
    this.tokens = this.capacity;
    this.lastRefill = clock.now();
  }

  get capacity(): number {
    return Math.max(1, this.spec.burst * this.share);
  }

  /** Tokens per second right now, after any back-off. */
  get rate(): number {
    this.refill();
    return this.currentRate();
  }

  get available(): number {
    this.refill();
    return this.tokens;
  }

  get backingOff(): boolean {
    this.refill();
    return this.factor < 1;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves when a token is taken; callers queue in arrival order. */
  take(): Promise<void> {
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }

  /** AWS answered ThrottlingException: empty the bucket and cut the rate. */
  onThrottle(): void {
    this.refill();
    const now = this.clock.now();
    if (now - this.lastCutAt >= this.aimd.cooldownMs) {
      this.factor = Math.max(this.aimd.minFactor, this.factor * this.aimd.decrease);
      this.lastCutAt = now;
    }
    this.tokens = Math.min(this.tokens, 0);
    this.reschedule();
  }

  /** The user changed `apiBudgetShare`. */
  setShare(share: number): void {
    this.refill();
    this.share = share;
    this.tokens = Math.min(this.tokens, this.capacity);
    this.reschedule();
  }

  /** Lets queued callers go (without tokens) and stops the timer: the session is closing. */
  drain(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private refill(): void {
    const now = this.clock.now();
    const seconds = (now - this.lastRefill) / 1000;
    if (seconds <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + seconds * this.currentRate());
    this.factor = Math.min(1, this.factor + seconds * this.aimd.increasePerSecond);
    this.lastRefill = now;
  }

  private currentRate(): number {
    return this.spec.refillPerSecond * this.share * this.factor;
  }

  private readonly pump = (): void => {
    this.cancelTimer = null;
    this.refill();
    while (this.waiters.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiters.shift()!();
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.waiters.length === 0 || this.cancelTimer) return;
    const ms = Math.max(1, Math.ceil(((1 - this.tokens) / this.currentRate()) * 1000));
    this.cancelTimer = this.clock.setTimer(this.pump, ms);
  }

  private reschedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.schedule();
  }
}
