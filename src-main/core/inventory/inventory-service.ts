import type { ClusterRecord, ClusterSnapshot, Focus, Problem, ServiceRecord, TaskDefinitionDoc } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import { clusterVerdict } from '../../contract/health';
import type { EventBus } from '../events';
import { ProblemsEngine, type ClusterRecords } from '../problems/problems-engine';
import type { OpenSession, SessionManager } from '../session/session-manager';
import { DeltaBuilder, type RecordKind } from './delta';
import { LiveInventory } from './live-inventory';
import { OverviewFeed, readRegionClusters, type OverviewResult } from './overview';
import { InventoryPoller } from './poller';
import { problemInputOf } from './problem-input';
import { RegionWatchers } from './region-watchers';
import { listFamilyRevisions, TaskDefinitionCache, taskDefinitionDoc } from '../aws/task-definitions';

export interface InventoryServiceDeps {
  sessions: Pick<SessionManager, 'current' | 'onChange'>;
  events: EventBus;
  /** The status bar's "age of the data" hook (StatusService.setOldestFetchedAt), with the refresh promise. */
  status: { setOldestFetchedAt(epochMs: number | null, refresh?: { everyMs: number | null; limitedBy: 'budget' | null }): void };
  /**
   * Epoch ms (tests pass the sim's clock): the schedule, and, when given, records' times too.
   * Without it the schedule runs on the local clock and records, problems and ages on AWS's
   * (the session's `awsNow`, learnt from the Date header of its answers).
   */
  now?: () => number;
  tickMs?: number;
  /**
   * The regions the user watches (Settings' overview regions) as core starts; later changes
   * come through `watchRegions`. Each one other than the session's is swept for Problems.
   */
  watchedRegions?: readonly string[];
  /** The watchers' sweep pace in real time (tests raise it; default 1 call/s per region). */
  watcherSweepCallsPerSecond?: number;
  /** Core's task definition cache, shared with the registry and rollback. */
  tds?: TaskDefinitionCache;
  /** Real ms between the overview's reads of regions no poller holds (tests shorten it; default 30 s). */
  overviewEveryMs?: number;
}

const NO_FOCUS: Focus = { clusterArn: null, serviceArn: null, taskArn: null, view: 'overview' };

/** Problems found outside the ECS inventory (EKS), listed in the same Problems list. */
export interface ProblemSource {
  problemList(): Problem[];
  /** Whether that source has read the cluster enough that a problem gone from it is really gone. */
  hasReadInFull(clusterArn: string): boolean;
}

/**
 * The inventory domain as core's handlers see it: one poller per open session (a new
 * session starts afresh), sweep-only watchers of the other regions the user watches, the
 * Problems list recomputed (across all of them) after each refresh, task definitions on
 * demand, and the all-regions overview.
 */
export class InventoryService {
  private poller: InventoryPoller | null = null;
  private session: OpenSession | null = null;
  private problems = new ProblemsEngine();
  private readonly tds: TaskDefinitionCache;
  private focus: Focus = NO_FOCUS;
  /** The renderer has said what it shows (a new session's poller then gets that focus at once). */
  private focusReceived = false;
  /**
   * Polling starts with the first `inventory.focus` (the renderer sends one as soon as it shows
   * anything): a core without a window, or a test of another domain, makes no inventory calls.
   */
  private active = false;
  private readonly unsubscribe: () => void;
  private readonly watchers: RegionWatchers;
  private live: LiveInventory | null = null;
  private liveHooks: LiveHooks | null = null;
  private readonly refreshListeners = new Set<() => void>();
  private readonly sources: ProblemSource[] = [];
  /** Settings' overview regions (each one other than the session's is watched). */
  private watchedRegions: readonly string[];
  private readonly overviewFeed: OverviewFeed;

  constructor(private readonly deps: InventoryServiceDeps) {
    this.tds = deps.tds ?? new TaskDefinitionCache();
    this.watchers = new RegionWatchers({
      now: this.now,
      awsTime: !deps.now,
      tickMs: deps.tickMs,
      sweepCallsPerSecond: deps.watcherSweepCallsPerSecond,
      onRefresh: () => this.afterRefresh(),
    });
    this.watchedRegions = [...(deps.watchedRegions ?? [])];
    this.watchers.setRegions(this.watchedRegions);
    this.overviewFeed = this.createOverviewFeed();
    this.unsubscribe = deps.sessions.onChange((session) => this.switchTo(session));
    this.switchTo(deps.sessions.current());
  }

  setFocus(focus: Focus): void {
    this.focusReceived = true;
    this.focus = { ...focus };
    this.poller?.setFocus(this.focus);
    this.activate();
    this.overviewFeed.setWatching(this.focus.view === 'overview');
    this.reportAge();
  }

  /**
   * Starts polling now rather than at the first focus: the app's entry points, which open a
   * window, call it as core starts so the cluster list is read while the window loads.
   */
  activate(): void {
    if (this.active) return;
    this.active = true;
    this.poller?.start();
    this.watchers.activate();
  }

  /**
   * The overview regions changed (settings.changed): regions dropped stop being swept and their
   * problems leave the list at once; new ones are swept from now on.
   */
  watchRegions(regions: readonly string[]): void {
    this.watchedRegions = [...regions];
    this.watchers.setRegions(regions);
    this.overviewFeed.reset();
    this.afterRefresh();
  }

  /** Another source's problems join the list (EKS); call `problemSourceChanged` when they change. */
  addProblemSource(source: ProblemSource): void {
    this.sources.push(source);
  }

  problemSourceChanged(): void {
    this.afterRefresh();
  }

  /** The regions swept besides the session's, and their watchers (tests). */
  regionWatchers(): RegionWatchers {
    return this.watchers;
  }

  refresh(): void {
    this.requirePoller().refresh();
    void this.overviewFeed.refresh();
  }

  /** After a mutation: the focused jobs run now, if a session is polling (never throws). */
  refreshFocus(): void {
    this.poller?.refresh();
  }

  /** The record of a service this session's inventory holds, if any. */
  serviceRecord(clusterArn: string, serviceArn: string): ServiceRecord | null {
    const model = this.poller?.model;
    if (!model?.hasState(clusterArn)) return null;
    return model.state(clusterArn).services.get(serviceArn) ?? null;
  }

  clusters(): ClusterRecord[] {
    return this.poller?.model.clusters() ?? [];
  }

  snapshot(clusterArn: string): ClusterSnapshot {
    return this.requirePoller().model.snapshot(clusterArn);
  }

  problemList(): Problem[] {
    return this.problems.list();
  }

  /**
   * Every cluster the session's poller and the region watchers have read, with its services,
   * tasks and instances (the deployments domain finds deployments in progress here).
   */
  clusterRecords(): ClusterRecords[] {
    return this.poller ? [...problemInputOf(this.poller.model), ...this.watchers.problemInput()] : [];
  }

  /** Called after each refresh of the session's poller or a watcher; returns the unsubscribe. */
  onRefreshed(listener: () => void): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  async taskDefinition(arn: string): Promise<TaskDefinitionDoc> {
    return taskDefinitionDoc((await this.tds.describe(this.requireSession().clients.ecs, arn)).taskDefinition);
  }

  /** Every ACTIVE revision ARN of exactly this family, newest first (all pages). */
  taskDefinitionRevisions(family: string): Promise<string[]> {
    return listFamilyRevisions(this.requireSession().clients.ecs, family, { max: Infinity });
  }

  /** The overview now; while it is the focus, core sends it as `inventory.overview` events. */
  overview(): Promise<OverviewResult> {
    this.requireSession();
    return this.overviewFeed.current();
  }

  /** The poller of the open session (tests drive and inspect it). */
  currentPoller(): InventoryPoller | null {
    return this.poller;
  }

  /** The open session's inventory as live events update it (core/live), or null without a session. */
  liveInventory(): LiveInventory | null {
    return this.live;
  }

  /**
   * Live events drive the session's model (`reconcileMs`: polling becomes a reconciliation that
   * often, and `hooks` hear what it finds the events missed), or no longer (null: polling as
   * before, at once). A new session starts polling; core/live turns it on again.
   */
  setLive(reconcileMs: number | null, hooks: LiveHooks | null = null): void {
    this.liveHooks = reconcileMs ? hooks : null;
    if (!this.poller) return;
    if (this.liveHooks && this.poller.model.liveSince === null) this.poller.model.liveSince = this.now();
    this.poller.model.pollChanges = this.liveHooks ? (kind, clusterArn, key, fields) => this.liveHooks?.missed(kind, clusterArn, key, fields) : null;
    this.poller.setReconcileEvery(reconcileMs);
  }

  /**
   * Whether the cluster (of the session's region or a watched one) has been read in full, so
   * a problem no longer listed there is really gone (notifications close it then).
   */
  hasReadInFull(clusterArn: string): boolean {
    return !!this.poller?.hasReadInFull(clusterArn) || this.watchers.hasReadInFull(clusterArn) || this.sources.some((s) => s.hasReadInFull(clusterArn));
  }

  close(): void {
    this.unsubscribe();
    this.overviewFeed.stop();
    this.poller?.stop();
    this.poller = null;
    this.live?.close();
    this.live = null;
    this.watchers.stopAll();
  }

  private readonly now = (): number => (this.deps.now ?? Date.now)();
  /** AWS's time in the session's region: what records, problems and ages are stamped with. */
  private readonly awsNow = (): number => (this.deps.now ? this.deps.now() : (this.session?.awsNow() ?? Date.now()));

  private switchTo(session: OpenSession | null): void {
    this.poller?.stop();
    this.poller = null;
    this.live?.close();
    this.live = null;
    this.liveHooks = null;
    this.session = session;
    const hadProblems = this.problems.list().length > 0;
    this.problems = new ProblemsEngine();
    if (hadProblems) this.deps.events.emit('problems.changed', { problems: [] });
    this.watchers.setSession(session);
    if (!session) return;

    this.poller = new InventoryPoller({
      ecs: session.clients.ecs,
      region: session.info.region,
      now: this.now,
      recordNow: this.awsNow,
      tickMs: this.deps.tickMs,
      sweepAfterFirstFocus: true,
      events: {
        delta: (delta) => this.deps.events.emit('inventory.delta', delta),
        progress: (progress) => this.deps.events.emit('inventory.progress', progress),
      },
      // Failed calls already reach the status bar's "last error" through the client's
      // middleware (ApiMonitor); the poller keeps the data and marks it stale.
      onJobDone: (job) => {
        if (this.liveHooks && job !== 'summaries') this.liveHooks.reconciled(job);
        this.afterRefresh();
      },
    });
    const poller = this.poller;
    this.live = new LiveInventory({
      ecs: session.clients.ecs,
      region: session.info.region,
      model: poller.model,
      now: this.now,
      emit: (delta) => {
        this.deps.events.emit('inventory.delta', delta);
        this.scheduleAfterEvents();
      },
    });
    if (this.focusReceived) this.poller.setFocus(this.focus);
    if (this.active) this.poller.start();
    this.overviewFeed.reset();
  }

  /** Events change the model many times a second: Problems and the data's age follow at most every 500 ms. */
  private eventsTimer: ReturnType<typeof setTimeout> | null = null;
  private scheduleAfterEvents(): void {
    if (this.eventsTimer) return;
    this.eventsTimer = setTimeout(() => {
      this.eventsTimer = null;
      this.afterRefresh();
    }, 500);
    this.eventsTimer.unref?.();
  }

  /**
   * After each refresh (of the session's poller or a watcher): the Problems list across every
   * watched region, the session region's problem counts, the age of the data.
   */
  private afterRefresh(): void {
    const poller = this.poller;
    if (!poller) return;
    const model = poller.model;
    const views: ClusterRecords[] = this.clusterRecords();
    if (this.problems.update(views, this.awsNow(), this.sources.flatMap((s) => s.problemList()))) {
      this.deps.events.emit('problems.changed', { problems: this.problems.list() });
      // Each service's verdict follows the Problems list (time alone moves it: a crash loop's window passing).
      const deltas = new Map<string, DeltaBuilder>();
      const deltaOf = (arn: string) => deltas.get(arn) ?? deltas.set(arn, new DeltaBuilder(arn)).get(arn)!;
      model.setProblems(this.problems.list(), deltaOf);
      for (const delta of deltas.values()) if (!delta.isEmpty()) this.deps.events.emit('inventory.delta', delta.take());
    }
    // Counts and verdicts of the clusters: a verdict also moves when a cluster is first read in full.
    const counts = this.problems.countsByCluster();
    const byCluster = this.problemsByCluster();
    const delta = new DeltaBuilder(null);
    for (const cluster of model.clusters()) {
      model.setProblemCount(cluster.arn, counts.get(cluster.arn) ?? 0, delta, clusterVerdict(byCluster.get(cluster.arn) ?? [], this.hasReadInFull(cluster.arn)));
    }
    if (!delta.isEmpty()) this.deps.events.emit('inventory.delta', delta.take());
    this.overviewFeed.changed();
    this.reportAge();
    for (const listener of this.refreshListeners) {
      try {
        listener();
      } catch {
        // A listener's bug must not stop the inventory.
      }
    }
  }

  private problemsByCluster(): Map<string, Problem[]> {
    const out = new Map<string, Problem[]>();
    for (const p of this.problems.list()) out.set(p.clusterArn, [...(out.get(p.clusterArn) ?? []), p]);
    return out;
  }

  /**
   * The status bar's "data N s old": a cluster's views show its records; the views of no
   * cluster (overview, Problems, registry...) show the region's cluster summaries.
   */
  private reportAge(): void {
    const arn = this.focus.clusterArn;
    const model = this.poller?.model;
    const region = this.session?.info.region;
    const at = !model ? null : arn ? model.oldestFetchedAt(arn) : region ? model.oldestClusterFetchedAt(region) : null;
    this.deps.status.setOldestFetchedAt(at, this.poller?.refreshPromise() ?? { everyMs: null, limitedBy: null });
  }

  private requirePoller(): InventoryPoller {
    if (!this.poller) throw noSession();
    return this.poller;
  }

  /**
   * The overview of the session's region and Settings' regions: the pollers' summaries where
   * they have listed the region, else read by the feed.
   */
  private createOverviewFeed(): OverviewFeed {
    return new OverviewFeed({
      regions: () => {
        const region = this.session?.info.region;
        return region ? [...new Set([region, ...this.watchedRegions])] : [];
      },
      held: (region) => {
        const model = region === this.session?.info.region ? this.poller?.model : this.watchers.poller(region)?.model;
        if (!model || model.clustersListedIn(region) === null) return null;
        return model.clusters().filter((c) => c.region === region);
      },
      read: (region) => readRegionClusters(this.requireSession().clientsFor(region).ecs, region, this.awsNow),
      problemCounts: () => this.problems.countsByCluster(),
      health: (arn) => clusterVerdict(this.problemsByCluster().get(arn) ?? [], this.hasReadInFull(arn)),
      explain: (err) => {
        const e = this.session?.explainError(err);
        if (!e) return String(err);
        return e.fix ? `${e.message} ${e.fix}` : e.message;
      },
      emit: (overview) => this.deps.events.emit('inventory.overview', overview),
      everyMs: this.deps.overviewEveryMs,
    });
  }

  private requireSession(): OpenSession {
    if (!this.session) throw noSession();
    return this.session;
  }
}

/** What core/live hears from the inventory while events drive it. */
export interface LiveHooks {
  /** A reconciliation found this record changed (or new, or gone) without an event (see InventoryModel.liveSince). */
  missed(kind: RecordKind, clusterArn: string, key: string, fields: readonly string[]): void;
  /** A polling job ran as the reconciliation. */
  reconciled(job: string): void;
}

function noSession(): WharfError {
  return new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
}
