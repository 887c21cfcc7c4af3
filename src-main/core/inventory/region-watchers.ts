import type { ClusterRecords } from '../problems/problems-engine';
import type { OpenSession } from '../session/session-manager';
import { InventoryPoller } from './poller';
import { problemInputOf } from './problem-input';

/** What a watcher needs of the session: its region (not watched twice) and other regions' clients. */
export type WatchedSession = Pick<OpenSession, 'info' | 'clientsFor'> & Partial<Pick<OpenSession, 'awsNow'>>;

export interface RegionWatchersDeps {
  /** Epoch ms: records' fetchedAt and the schedule (the sim's clock in tests). */
  now(): number;
  /** Whether records are stamped by AWS's clock of their region (the app), or by `now` (tests). */
  awsTime?: boolean;
  /** Real milliseconds between two looks at each watcher's schedule. */
  tickMs?: number;
  /** Each watcher's sweep pace in real time (default: the poller's, 1 call/s). */
  sweepCallsPerSecond?: number;
  /** After a watcher's job made calls: the owner recomputes the Problems list. */
  onRefresh(): void;
}

/**
 * The regions the user watches besides the session's own (Settings' overview regions): one
 * sweep-only InventoryPoller per region, on that region's clients (so its calls go through
 * that region's token buckets). Without a focus a poller runs only the region's cluster
 * summaries (every 60 s) and the slow sweep (each cluster's services, recent stopped tasks
 * and instances, at most once a minute, paced at ~1 call/s): enough for the Problems view.
 *
 * A watcher sends no events: the renderer's inventory store holds the session region only.
 * Its model is read back by the owner: for the Problems rules through `problemInput()`, and
 * by the overview feed (overview.ts), which sends its cluster summaries.
 */
export class RegionWatchers {
  private readonly pollers = new Map<string, InventoryPoller>();
  private session: WatchedSession | null = null;
  private regions: readonly string[] = [];
  private active = false;

  constructor(private readonly deps: RegionWatchersDeps) {}

  /** A new session (or none): every watcher starts afresh for it. */
  setSession(session: WatchedSession | null): void {
    this.stopAll();
    this.session = session;
    this.sync();
  }

  /** The overview regions changed: watchers of regions no longer listed stop, new ones start. */
  setRegions(regions: readonly string[]): void {
    this.regions = [...regions];
    this.sync();
  }

  /** Polling may start (the inventory is active: a window is there to show it). */
  activate(): void {
    this.active = true;
    for (const poller of this.pollers.values()) poller.start();
  }

  /** The regions being watched now. */
  watched(): string[] {
    return [...this.pollers.keys()];
  }

  /** A region's watcher (tests inspect its model and wait on it). */
  poller(region: string): InventoryPoller | undefined {
    return this.pollers.get(region);
  }

  /** The clusters every watcher has read, for the Problems rules. */
  problemInput(): ClusterRecords[] {
    return [...this.pollers.values()].flatMap((poller) => problemInputOf(poller.model));
  }

  /** Whether a watcher has read this cluster in full (see InventoryPoller.hasReadInFull). */
  hasReadInFull(clusterArn: string): boolean {
    return [...this.pollers.values()].some((poller) => poller.hasReadInFull(clusterArn));
  }

  stopAll(): void {
    for (const poller of this.pollers.values()) poller.stop();
    this.pollers.clear();
  }

  private sync(): void {
    const session = this.session;
    const wanted = new Set(session ? this.regions.filter((r) => r !== session.info.region) : []);
    for (const [region, poller] of this.pollers) {
      if (wanted.has(region)) continue;
      poller.stop();
      this.pollers.delete(region);
    }
    if (!session) return;
    for (const region of wanted) {
      if (this.pollers.has(region)) continue;
      const poller = this.watcherFor(session, region);
      this.pollers.set(region, poller);
      if (this.active) poller.start();
    }
  }

  private watcherFor(session: WatchedSession, region: string): InventoryPoller {
    return new InventoryPoller({
      ecs: session.clientsFor(region).ecs,
      region,
      now: this.deps.now,
      recordNow: this.deps.awsTime && session.awsNow ? () => session.awsNow!(region) : undefined,
      tickMs: this.deps.tickMs,
      sweepCallsPerSecond: this.deps.sweepCallsPerSecond,
      // No deltas, no progress: nothing in the renderer holds another region's records.
      events: { delta: () => {}, progress: () => {} },
      onJobDone: () => this.deps.onRefresh(),
    });
  }
}
