import type { DemoSimState, StatusCondition, StatusSnapshot } from '../../contract/domains/status';
import type { ApiMonitor, Trouble } from '../aws/api-monitor';
import type { EventBus } from '../events';
import type { OpenSession, SessionManager } from '../session/session-manager';
import { conditionOf } from './condition';

/** The refresh promise of the data on screen (see StatusSnapshot.refreshEveryMs). */
export interface RefreshPromise {
  everyMs: number | null;
  limitedBy: 'budget' | null;
}

/**
 * What the status bar shows: requests, throttles and errors in the last minute from the API
 * monitor, the token buckets of the open session's region, the age of the oldest data on
 * screen and its refresh promise, AWS's clock, why data may be old (the condition), and the
 * Demo account's sim. `status.changed` goes out at most every `minIntervalMs` while requests
 * flow, and not at all when nothing happens.
 */
export class StatusService {
  private oldestFetchedAt: number | null = null;
  private refresh: RefreshPromise = { everyMs: null, limitedBy: null };
  private demoSim: DemoSimState | null = null;
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
    const session = this.deps.sessions.current();
    const buckets = new Map((session?.budget().states() ?? []).map((b) => [b.category as string, b]));
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
      awsClockSkewMs: session?.clockSkewMs() ?? 0,
      condition: this.condition(counts.trouble, session),
      unsupported: counts.unsupported,
      refreshEveryMs: this.refresh.everyMs,
      refreshLimitedBy: this.refresh.limitedBy,
      demoSim: this.demoSim,
    };
  }

  /**
   * The hook for the inventory poller: the epoch ms of the oldest record on screen for the
   * focused cluster (null when nothing is loaded). Sends a status.changed soon after.
   */
  setOldestFetchedAt(epochMs: number | null, refresh?: RefreshPromise): void {
    const sameRefresh = !refresh || (refresh.everyMs === this.refresh.everyMs && refresh.limitedBy === this.refresh.limitedBy);
    if (epochMs === this.oldestFetchedAt && sameRefresh) return;
    this.oldestFetchedAt = epochMs;
    if (refresh) this.refresh = refresh;
    this.scheduleEmit();
  }

  /** The entry point's word on the Demo account's sim (it stopped, is restarting, runs again). */
  setDemoSim(state: DemoSimState | null): void {
    this.demoSim = state;
    this.emitNow();
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private condition(trouble: Trouble | null, session: OpenSession | null): StatusCondition | null {
    return conditionOf(trouble, session && { profile: session.info.profile, demo: session.info.demo, credentialsFix: session.credentialsFix, endpoint: session.profile.endpoints.ECS ?? null }, this.demoSim);
  }

  private emitNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastEmitAt = Date.now();
    this.deps.events.emit('status.changed', this.get());
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
