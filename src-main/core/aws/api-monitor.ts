import { realClock, type Clock } from './clock';
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

export interface MonitorSnapshot {
  requestsLastMinute: number;
  throttlesLastMinute: number;
  errorsLastMinute: number;
  throttledTotal: number;
  lastError: string | null;
  categories: CategoryCounts[];
}

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

  constructor(private readonly clock: Clock = realClock) {}

  recordRequest(category: string): void {
    this.windowsOf(category).requests.add(this.clock.now());
    this.notify();
  }

  recordThrottle(category: string): void {
    this.windowsOf(category).throttles.add(this.clock.now());
    this.throttledTotal += 1;
    this.notify();
  }

  /** `message` is shown in the status bar: an AWS error code and text, never a credential. */
  recordError(category: string, message: string): void {
    this.windowsOf(category).errors.add(this.clock.now());
    this.lastError = message.slice(0, 300);
    this.notify();
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
