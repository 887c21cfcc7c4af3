import type { ClusterHealth, ClusterRecord } from '../../contract/domains/inventory';
import type { EcsLike } from '../aws/reads';
import { describeClusters, listClusterArns } from '../aws/ecs-reads';
import { normalizeCluster } from './normalize';

export type ClusterSummary = Pick<
  ClusterRecord,
  'arn' | 'name' | 'region' | 'status' | 'runningTasksCount' | 'pendingTasksCount' | 'activeServicesCount' | 'registeredContainerInstancesCount' | 'capacityProviders' | 'problemCount' | 'health' | 'fetchedAt' | 'stale'
>;

export interface OverviewResult {
  clusters: ClusterSummary[];
  errors: Array<{ region: string; message: string }>;
}

/** How often the regions no poller holds are read again while the overview is on screen. */
export const OVERVIEW_EVERY_MS = 30_000;

export interface OverviewFeedDeps {
  /** The overview's regions now: the session's, then those Settings adds (none without a session). */
  regions(): string[];
  /**
   * The region's clusters as a poller holds them (the session's region, a watched one), or
   * null while none has listed them: then the feed reads them from AWS itself.
   */
  held(region: string): ClusterRecord[] | null;
  /** The region's clusters read from AWS (ListClusters, DescribeClusters). */
  read(region: string): Promise<ClusterRecord[]>;
  /** Problems Wharf knows of, by cluster ARN (the session's region and the watched ones are swept). */
  problemCounts(): ReadonlyMap<string, number>;
  /** The cluster's verdict from the same problems (contract/health.ts, `clusterVerdict`). */
  health(clusterArn: string): ClusterHealth;
  /** A failure as a sentence naming the fix (expired credentials, access denied, ...). */
  explain(err: unknown): string;
  /** Sends the overview to the renderer (`inventory.overview`). */
  emit(overview: OverviewResult): void;
  /** Real milliseconds between two reads of the regions no poller holds (default OVERVIEW_EVERY_MS). */
  everyMs?: number;
}

type RegionRead = { clusters: ClusterRecord[] } | { error: string };

/**
 * The all-clusters overview, pushed to the renderer while it is on screen: the summaries the
 * pollers already hold (the session's region and every watched one, refreshed on their own
 * schedule, so most of the time the overview costs no call), and for a region no poller has
 * listed yet (a poller just started, or failing) its own read every 30 s, whose failure is
 * named per region while the others still show. It sends an overview only when it is whole
 * (every region held or read) and differs from the last one sent.
 */
export class OverviewFeed {
  private watching = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The last read of each region no poller held, for this session and these regions. */
  private readonly reads = new Map<string, RegionRead>();
  private reading: Promise<void> | null = null;
  /** Moves on each new session or region list: reads begun before it are dropped. */
  private generation = 0;
  private lastSent: string | null = null;

  constructor(private readonly deps: OverviewFeedDeps) {}

  /**
   * The overview is on screen (or no longer): it is sent now, and again as it changes. Each
   * call with true sends it once more, changed or not: a renderer that sets the focus again
   * (a reloaded window, another browser tab) has not heard the last one.
   */
  setWatching(watching: boolean): void {
    if (watching && this.watching) {
      this.lastSent = null;
      this.push();
      return;
    }
    if (watching === this.watching) return;
    this.watching = watching;
    this.stopTimer();
    if (!watching) return;
    this.lastSent = null;
    this.timer = setInterval(() => void this.readUnheld(), this.deps.everyMs ?? OVERVIEW_EVERY_MS);
    this.timer.unref?.();
    this.push();
    void this.readUnheld();
  }

  /** Another session or other regions: what was read before is dropped, and the overview read again. */
  reset(): void {
    this.generation++;
    this.reads.clear();
    this.lastSent = null;
    if (!this.watching) return;
    this.push();
    void this.readUnheld();
  }

  /** After a poller's refresh: sends what changed of the held summaries and problem counts (no call). */
  changed(): void {
    this.push();
  }

  /** `r` while the overview is on screen: the regions no poller holds are read now. */
  refresh(): Promise<void> {
    return this.watching ? this.readUnheld() : Promise.resolve();
  }

  /** The overview now (a renderer that reconnects asks for it): regions never read yet are read first. */
  async current(): Promise<OverviewResult> {
    if (!this.whole()) await this.readUnheld();
    return this.compose();
  }

  stop(): void {
    this.watching = false;
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads every region no poller holds (one read at a time: a second asker waits for it). */
  private readUnheld(): Promise<void> {
    this.reading ??= this.readLoop().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readLoop(): Promise<void> {
    for (;;) {
      const generation = this.generation;
      const unheld = this.deps.regions().filter((region) => !this.deps.held(region));
      const reads = await Promise.all(unheld.map(async (region) => [region, await this.readRegion(region)] as const));
      // A new session or region list meanwhile: these answers are of the old one; read again.
      if (generation !== this.generation) continue;
      for (const [region, read] of reads) this.reads.set(region, read);
      break;
    }
    this.push();
  }

  private async readRegion(region: string): Promise<RegionRead> {
    try {
      return { clusters: await this.deps.read(region) };
    } catch (err) {
      return { error: this.deps.explain(err) };
    }
  }

  private whole(): boolean {
    return this.deps.regions().every((region) => this.deps.held(region) || this.reads.has(region));
  }

  private push(): void {
    if (!this.watching || this.deps.regions().length === 0 || !this.whole()) return;
    const overview = this.compose();
    const text = JSON.stringify(overview);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.deps.emit(overview);
  }

  private compose(): OverviewResult {
    const result: OverviewResult = { clusters: [], errors: [] };
    const counts = this.deps.problemCounts();
    for (const region of new Set(this.deps.regions())) {
      const held = this.deps.held(region);
      const read: RegionRead | undefined = held ? { clusters: held } : this.reads.get(region);
      if (!read) continue;
      if ('error' in read) result.errors.push({ region, message: read.error });
      else result.clusters.push(...read.clusters.map((c) => summaryOf(c, counts.get(c.arn) ?? 0, this.deps.health(c.arn))));
    }
    result.clusters.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
    result.errors.sort((a, b) => a.region.localeCompare(b.region));
    return result;
  }
}

/** A region's clusters read from AWS: one ListClusters per 100 clusters and one DescribeClusters per 100. */
export async function readRegionClusters(ecs: EcsLike, region: string, now: () => number): Promise<ClusterRecord[]> {
  const clusters = await describeClusters(ecs, await listClusterArns(ecs));
  const fetchedAt = now();
  return clusters.map((c) => normalizeCluster(c, region, fetchedAt));
}

function summaryOf(r: ClusterRecord, problemCount: number, health: ClusterHealth): ClusterSummary {
  return {
    arn: r.arn, name: r.name, region: r.region, status: r.status, runningTasksCount: r.runningTasksCount, pendingTasksCount: r.pendingTasksCount,
    activeServicesCount: r.activeServicesCount, registeredContainerInstancesCount: r.registeredContainerInstancesCount,
    capacityProviders: r.capacityProviders, problemCount, health, fetchedAt: r.fetchedAt, stale: r.stale,
  };
}
