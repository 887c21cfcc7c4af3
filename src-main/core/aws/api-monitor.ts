import { realClock, type Clock } from './clock';
import type { FailureKind } from './failure-kind';
import { SlidingWindowCounter } from './sliding-window';

/**
 * Counts what Wharf asks of AWS: requests (every attempt, retries included), throttles and
 * errors per category over the last minute. Feeds the status bar; knows nothing of sessions.
 */
export interface CategoryCounts {
  category: string;
  requestsLastMinute: number;
  throttlesLastMinute: number;
  errorsLastMinute: number;
}

/** The latest failure of a kind: what the status bar names as the cause of old data. */
export interface Trouble {
  kind: FailureKind | 'throttled';
  /** The call and AWS's words ("DescribeServices: ThrottlingException: Rate exceeded"). */
  message: string;
  /** Performance-clock ms of the latest one. */
  at: number;
  /** How many in the last minute. */
  count: number;
  /** True once a call of the same category succeeded after it. */
  recovered: boolean;
}

export interface MonitorSnapshot {
  requestsLastMinute: number;
  throttlesLastMinute: number;
  errorsLastMinute: number;
  throttledTotal: number;
  lastError: string | null;
  categories: CategoryCounts[];
  /** The latest trouble of the last minute (throttles and errors alike), or null: the cause to name. */
  trouble: Trouble | null;
  /** Operations the endpoint does not implement (said once, never retried). */
  unsupported: string[];
}

/** Failures older than this are no longer a cause of anything on screen. */
export const TROUBLE_WINDOW_MS = 60_000;

interface CategoryWindows {
  requests: SlidingWindowCounter;
  throttles: SlidingWindowCounter;
  errors: SlidingWindowCounter;
}

export class ApiMonitor {
  private readonly windows = new Map<string, CategoryWindows>();
  private readonly listeners = new Set<() => void>();
  private throttledTotal = 0;
  private lastError: string | null = null;
  /** The latest failure of each kind, with its category. */
  private readonly troubles = new Map<Trouble['kind'], { message: string; at: number; category: string; times: SlidingWindowCounter }>();
  private readonly lastSuccess = new Map<string, number>();
  private readonly unsupported = new Set<string>();

  constructor(private readonly clock: Clock = realClock) {}

  recordRequest(category: string): void {
    this.windowsOf(category).requests.add(this.clock.now());
    this.notify();
  }

  recordThrottle(category: string, message = `${category}: ThrottlingException`): void {
    this.windowsOf(category).throttles.add(this.clock.now());
    this.throttledTotal += 1;
    this.noteTrouble('throttled', category, message);
    this.notify();
  }

  /** `message` is shown in the status bar: an AWS error code and text, never a credential. */
  recordError(category: string, message: string, kind: FailureKind = 'other'): void {
    this.windowsOf(category).errors.add(this.clock.now());
    this.lastError = message.slice(0, 300);
    this.noteTrouble(kind, category, message);
    this.notify();
  }

  /** A new session: the last one's troubles and its endpoint's missing operations are not this one's. */
  resetTroubles(): void {
    this.troubles.clear();
    this.lastSuccess.clear();
    this.unsupported.clear();
    this.lastError = null;
    this.notify();
  }

  /** A call that got its answer: troubles of its category before now are over. */
  recordSuccess(category: string): void {
    this.lastSuccess.set(category, this.clock.now());
  }

  /** The endpoint lacks `operation` (e.g. an emulator without ListServiceDeployments): said once. */
  recordUnsupported(operation: string): void {
    if (this.unsupported.has(operation)) return;
    this.unsupported.add(operation);
    this.notify();
  }

  /**
   * The cause to name when data on screen is old: the latest throttle or error of the last
   * minute, whichever came last (a 5xx from minutes ago is not why a storm of throttles
   * holds the data back), with whether its category has answered since.
   */
  trouble(): Trouble | null {
    const now = this.clock.now();
    let latest: Trouble | null = null;
    for (const [kind, t] of this.troubles) {
      if (now - t.at > TROUBLE_WINDOW_MS) continue;
      if (!latest || t.at > latest.at) {
        latest = { kind, message: t.message, at: t.at, count: t.times.count(now), recovered: (this.lastSuccess.get(t.category) ?? -Infinity) > t.at };
      }
    }
    return latest;
  }

  private noteTrouble(kind: Trouble['kind'], category: string, message: string): void {
    const now = this.clock.now();
    const known = this.troubles.get(kind);
    const times = known?.times ?? new SlidingWindowCounter();
    times.add(now);
    this.troubles.set(kind, { message: message.slice(0, 300), at: now, category, times });
  }

  snapshot(): MonitorSnapshot {
    const now = this.clock.now();
    const categories = [...this.windows.entries()].map(([category, w]) => ({
      category,
      requestsLastMinute: w.requests.count(now),
      throttlesLastMinute: w.throttles.count(now),
      errorsLastMinute: w.errors.count(now),
    }));
    const sum = (key: keyof Omit<CategoryCounts, 'category'>) => categories.reduce((n, c) => n + c[key], 0);
    return {
      requestsLastMinute: sum('requestsLastMinute'),
      throttlesLastMinute: sum('throttlesLastMinute'),
      errorsLastMinute: sum('errorsLastMinute'),
      throttledTotal: this.throttledTotal,
      lastError: this.lastError,
      categories: categories.sort((a, b) => a.category.localeCompare(b.category)),
      trouble: this.trouble(),
      unsupported: [...this.unsupported].sort(),
    };
  }

  /** Called on every recorded event; the status service rate-limits what it sends on. */
  onActivity(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private windowsOf(category: string): CategoryWindows {
    let w = this.windows.get(category);
    if (!w) {
      w = { requests: new SlidingWindowCounter(), throttles: new SlidingWindowCounter(), errors: new SlidingWindowCounter() };
      this.windows.set(category, w);
    }
    return w;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
