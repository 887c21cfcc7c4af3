import type { StatusSnapshot } from '../../contract/domains/status';
import type { ApiMonitor } from '../aws/api-monitor';
import type { EventBus } from '../events';
import type { SessionManager } from '../session/session-manager';

/**
 * What the status bar shows: requests, throttles and errors in the last minute from the API
 * monitor, the token buckets of the open session's region, and the age of the oldest data on
 * screen. `status.changed` goes out at most every `minIntervalMs` while requests flow, and
 * not at all when nothing happens.
 */
export class StatusService {
  private oldestFetchedAt: number | null = null;
  private lastEmitAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly deps: { monitor: ApiMonitor; sessions: SessionManager; events: EventBus },
    private readonly minIntervalMs = 2000,
  ) {
    this.unsubscribe = deps.monitor.onActivity(() => this.scheduleEmit());
  }

  get(): StatusSnapshot {
    const counts = this.deps.monitor.snapshot();
    const buckets = new Map((this.deps.sessions.current()?.budget().states() ?? []).map((b) => [b.category as string, b]));
    const names = new Set([...counts.categories.map((c) => c.category), ...buckets.keys()]);
    const categories = [...names].sort().map((category) => {
      const c = counts.categories.find((x) => x.category === category);
      const b = buckets.get(category);
      return {
        category,
        requestsLastMinute: c?.requestsLastMinute ?? 0,
        throttlesLastMinute: c?.throttlesLastMinute ?? 0,
        tokens: b?.tokens ?? 0,
        backingOff: b?.backingOff ?? false,
      };
    });
    return {
      requestsLastMinute: counts.requestsLastMinute,
      throttlesLastMinute: counts.throttlesLastMinute,
      errorsLastMinute: counts.errorsLastMinute,
      throttledTotal: counts.throttledTotal,
      oldestFetchedAt: this.oldestFetchedAt,
      lastError: counts.lastError,
      categories,
    };
  }

  /**
   * The hook for the inventory poller: the epoch ms of the oldest record on screen for the
   * focused cluster (null when nothing is loaded). Sends a status.changed soon after.
   */
  setOldestFetchedAt(epochMs: number | null): void {
    if (epochMs === this.oldestFetchedAt) return;
    this.oldestFetchedAt = epochMs;
    this.scheduleEmit();
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleEmit(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastEmitAt + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastEmitAt = Date.now();
      this.deps.events.emit('status.changed', this.get());
    }, wait);
    this.timer.unref?.();
  }
}
