import type { Focus, InventoryDelta, LoadProgress } from '../../contract/domains/inventory';
import type { DeltaBuilder } from './delta';
import type { EcsLike } from '../aws/reads';
import { LoadOutcome, type LoadContext } from './load-context';
import { loadClusterSummaries, loadFocusedCluster } from './load-clusters';
import { loadInstances } from './load-instances';
import { loadFocusedService, loadServices } from './load-services';
import { loadTasks } from './load-tasks';
import { InventoryModel } from './model';
import { Pacer } from './pacer';
import { DEFAULT_POLICIES, dueJobs, newJobState, nextDueAt, nextSweepCluster, refreshPromiseOf, SUMMARIES_ON_SCREEN_MS, wantedJobs, type JobKey, type JobPolicy, type JobState } from './scheduler';

/** The inventory events the poller sends (core's EventBus in the app, a recorder in tests). */
export interface PollerEvents {
  delta(delta: InventoryDelta): void;
  progress(progress: LoadProgress): void;
}

export interface PollerDeps {
  /** The ECS client of the session's region (Wharf's, with its token buckets, in the app). */
  ecs: EcsLike;
  region: string;
  /** Epoch ms: the schedule, and records' fetchedAt unless recordNow is given (the sim's clock in tests). */
  now(): number;
  /** Epoch ms by AWS's clock: records' fetchedAt and stopped tasks' retention (default: now). */
  recordNow?(): number;
  events: PollerEvents;
  model?: InventoryModel;
  /** Real milliseconds between two looks at the schedule. */
  tickMs?: number;
  policies?: Partial<Record<JobKey, Partial<JobPolicy>>>;
  /** The background sweep's pace in real time (default 1 call/s, bursts of 10). */
  sweepCallsPerSecond?: number;
  /** A failed call, as a sentence (the status bar's last error). */
  onError?(message: string): void;
  /**
   * Hold the background sweep until the first focus (the session's poller): polling that
   * starts with the app must not spend the service-read tokens the window's first screen
   * needs before the window has said what that screen is.
   */
  sweepAfterFirstFocus?: boolean;
  /** After every job: the owner recomputes problems and the age of the data. */
  onJobDone?(job: JobKey, outcome: LoadOutcome): void;
}

const FOCUSED_JOBS: readonly JobKey[] = ['cluster', 'services', 'tasks', 'instances', 'service'];
/** Jobs that let the focused cluster's first services go first (see firstServicesShown). */
const DEFERRED_IN_FIRST_LOAD: readonly JobKey[] = ['tasks', 'instances', 'summaries', 'sweep'];
const FIRST_PAGE_WAIT_MS = 2_000;
/** While live events drive the model, a reconciliation may take at most this share of the time. */
export const RECONCILE_DUTY_CYCLE = 0.04;
const NO_FOCUS: Focus = { clusterArn: null, serviceArn: null, taskArn: null, view: 'overview' };

/**
 * Polls ECS for what the user looks at (see scheduler.ts for when) and merges it into the
 * model, emitting deltas as each page is described. One poller per session and region.
 */
export class InventoryPoller {
  readonly model: InventoryModel;
  private focus: Focus = NO_FOCUS;
  /** Bump when the focused cluster (or service) changes: runs for an older focus stop calling. */
  private clusterEpoch = 0;
  private serviceEpoch = 0;
  private jobs = new Map<JobKey, JobState>();
  private readonly running = new Map<JobKey, Promise<void>>();
  private readonly sweptAt = new Map<string, number>();
  /** Clusters a sweep has read without an error: services, recent stopped tasks, instances. */
  private readonly sweptInFull = new Set<string>();
  private readonly policies: Record<JobKey, JobPolicy>;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The sweep's share of the budget: ~1 call/s with bursts of 10 (see scheduler.ts). */
  private readonly sweepPacer: Pacer;
  private stopped = false;
  /** Set while live events drive the model: the polling jobs become a slow reconciliation. */
  private reconcileMs: number | null = null;
  private focusSeen = false;
  /** Waiting for the focused cluster's first services (firstServicesShown). */
  private readonly waiters = new Set<() => void>();

  constructor(private readonly deps: PollerDeps) {
    this.model = deps.model ?? new InventoryModel();
    this.sweepPacer = new Pacer(deps.sweepCallsPerSecond ?? 1, 10);
    this.policies = { ...DEFAULT_POLICIES };
    for (const [key, p] of Object.entries(deps.policies ?? {})) this.policies[key as JobKey] = { ...DEFAULT_POLICIES[key as JobKey], ...p };
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? 250);
    this.timer.unref?.();
    this.tick();
  }

  /** Stops polling; runs in flight make no further calls and emit nothing. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.modelMoved();
  }

  currentFocus(): Focus {
    return this.focus;
  }

  /**
   * Live events on (`reconcileMs`) or off (null). While on, the focused cluster's and service's
   * refreshes and the background sweep run only every `reconcileMs` (a first load still runs at
   * once), and a refresh may take at most 4 % of the time (polling: 50 %): a full read that
   * takes a minute at the budget (5,000 services) comes every 25 minutes, so the
   * reconciliation stays a tenth of polling's cost at any size. The cluster summaries keep
   * their minute. Off again, everything is due at its usual interval from its last run, so a
   * gap is covered by polling at once.
   */
  setReconcileEvery(reconcileMs: number | null): void {
    // Live events take over a loaded cluster: a refresh in flight stops calling, so its
    // remaining describes do not hold the tokens the events' describes need.
    if (reconcileMs && !this.reconcileMs && this.focusedLoadComplete()) {
      this.clusterEpoch++;
      this.serviceEpoch++;
    }
    this.reconcileMs = reconcileMs;
    for (const key of [...FOCUSED_JOBS, 'sweep'] as const) {
      const base = { ...DEFAULT_POLICIES[key], ...(this.deps.policies?.[key] ?? {}) };
      this.policies[key] = reconcileMs && key !== 'sweep' ? { ...base, intervalMs: Math.max(base.intervalMs, reconcileMs), dutyCycle: RECONCILE_DUTY_CYCLE } : base;
    }
    this.kick();
  }

  /** How long after its last start a job is due again (its interval, or longer after a long run). */
  gapMs(key: JobKey): number | null {
    const state = this.jobs.get(key);
    if (!state || state.startedAt === null) return null;
    const due = nextDueAt(this.policies[key], state);
    return Number.isFinite(due) ? due - state.startedAt : null;
  }

  /** The reconciliation interval while live events drive the model, else null. */
  get reconcileEvery(): number | null {
    return this.reconcileMs;
  }

  setFocus(focus: Focus): void {
    this.focusSeen = true;
    const clusterChanged = focus.clusterArn !== this.focus.clusterArn;
    const serviceChanged = clusterChanged || focus.serviceArn !== this.focus.serviceArn;
    this.focus = { ...focus };
    if (clusterChanged) this.clusterEpoch++;
    if (serviceChanged) this.serviceEpoch++;
    for (const key of FOCUSED_JOBS) {
      if (clusterChanged || (key === 'service' && serviceChanged)) this.jobs.set(key, newJobState());
    }
    this.kick();
  }

  /** `r`: the focused jobs run now (or right after the run in flight). */
  refresh(): void {
    for (const key of FOCUSED_JOBS) this.stateOf(key).forced = true;
    this.kick();
  }

  /** Starts the jobs that are due. Called by the timer; tests may call it directly. */
  tick(): void {
    if (this.stopped) return;
    let wanted = wantedJobs(this.focus, this.focusedLoadComplete());
    if (this.deps.sweepAfterFirstFocus && !this.focusSeen) wanted = wanted.filter((key) => key !== 'sweep');
    for (const key of dueJobs(this.deps.now(), wanted, this.jobs, this.effectivePolicies())) this.launch(key);
  }

  /**
   * The policies as the focus has them: the summaries are what is on screen when the window
   * shows the overview or Problems with no cluster focused. Only a poller the window focuses
   * (the session's) knows that; a watched region's poller is never focused and keeps its
   * background minute.
   */
  private effectivePolicies(): Record<JobKey, JobPolicy> {
    const summariesOnScreen = this.focusSeen && !this.focus.clusterArn && (this.focus.view === 'overview' || this.focus.view === 'problems');
    if (!summariesOnScreen || this.policies.summaries.intervalMs <= SUMMARIES_ON_SCREEN_MS) return this.policies;
    return { ...this.policies, summaries: { ...this.policies.summaries, intervalMs: SUMMARIES_ON_SCREEN_MS } };
  }

  /**
   * The refresh promise of what the focus shows: the longest of its jobs' (the focused
   * cluster's four reads, or the region's summaries), null before each has run once.
   */
  refreshPromise(): { everyMs: number | null; limitedBy: 'budget' | null } {
    const keys: JobKey[] = this.focus.clusterArn ? ['cluster', 'services', 'tasks', 'instances'] : ['summaries'];
    const policies = this.effectivePolicies();
    let everyMs: number | null = null;
    let byBudget = false;
    for (const key of keys) {
      const p = refreshPromiseOf(policies[key], this.stateOf(key));
      if (!p) return { everyMs: null, limitedBy: null };
      if (everyMs === null || p.everyMs > everyMs) everyMs = p.everyMs;
      byBudget ||= p.byBudget;
    }
    return { everyMs, limitedBy: byBudget ? 'budget' : null };
  }

  /** Looks at the schedule now rather than at the next tick, once started. */
  private kick(): void {
    if (this.timer) this.tick();
  }

  /** Resolves once no job is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** The running job of `key`, if any (tests wait on a refresh with it). */
  runningJob(key: JobKey): Promise<void> | undefined {
    return this.running.get(key);
  }

  focusedLoadComplete(): boolean {
    const arn = this.focus.clusterArn;
    if (!arn || !this.model.hasState(arn)) return false;
    const c = this.model.state(arn).complete;
    return c.services && c.tasks && c.instances;
  }

  private stateOf(key: JobKey): JobState {
    let state = this.jobs.get(key);
    if (!state) {
      state = newJobState();
      this.jobs.set(key, state);
    }
    return state;
  }

  private launch(key: JobKey): void {
    const state = this.stateOf(key);
    state.running = true;
    state.forced = false;
    state.startedAt = this.deps.now();
    const run = this.execute(key, this.context(this.epochOf(key)))
      .catch((err: unknown) => {
        const outcome = new LoadOutcome();
        outcome.errors.push(err instanceof Error ? err.message : String(err));
        return outcome;
      })
      .then((outcome) => {
        // `state` is this run's: a focus change may have put a fresh one in the map meanwhile.
        state.running = false;
        state.endedAt = this.deps.now();
        state.calls = outcome.calls;
        state.failures = outcome.ok ? 0 : state.failures + 1;
        if (this.running.get(key) === run) this.running.delete(key);
        // A run that made no call (a sweep with nothing to sweep) changed nothing to look at.
        if (!this.stopped && outcome.calls > 0) this.deps.onJobDone?.(key, outcome);
        this.modelMoved();
      });
    this.running.set(key, run);
  }

  /** A run is current while the focus it was started for holds (summaries and sweep always are). */
  private epochOf(key: JobKey): (() => number) | null {
    if (key === 'service') return () => this.serviceEpoch;
    return FOCUSED_JOBS.includes(key) ? () => this.clusterEpoch : null;
  }

  private context(epochNow: (() => number) | null): LoadContext {
    const epoch = epochNow?.();
    const { deps } = this;
    return {
      ecs: deps.ecs,
      region: deps.region,
      model: this.model,
      now: () => (deps.recordNow ?? deps.now)(),
      flush: (delta: DeltaBuilder) => {
        // A run that lost the focus still emits what it put into the model (see LoadContext.flush).
        if (this.stopped) delta.take();
        else if (!delta.isEmpty()) deps.events.delta(delta.take());
        this.modelMoved();
      },
      progress: (p) => deps.events.progress(p),
      reportError: (message) => deps.onError?.(message),
      isCurrent: () => !this.stopped && (epochNow === null || epoch === epochNow()),
    };
  }

  private async execute(key: JobKey, ctx: LoadContext): Promise<LoadOutcome> {
    const { clusterArn, serviceArn } = this.focus;
    if (DEFERRED_IN_FIRST_LOAD.includes(key)) await this.firstServicesShown();
    switch (key) {
      case 'summaries':
        return loadClusterSummaries(ctx);
      case 'sweep':
        return this.sweep(ctx);
      case 'cluster':
        return loadFocusedCluster(ctx, clusterArn!);
      case 'service':
        return loadFocusedService(ctx, clusterArn!, serviceArn!);
    }
    const progress = !this.model.state(clusterArn!).complete[key];
    if (key === 'services') return loadServices(ctx, clusterArn!, { progress });
    if (key === 'tasks') return loadTasks(ctx, clusterArn!, { kind: 'cluster', progress });
    return loadInstances(ctx, clusterArn!, { progress });
  }

  /**
   * A first load shows the services table first: until the first services of the focused
   * cluster are in the model (or FIRST_PAGE_WAIT_MS passed), the other reads wait, so the
   * first page is not queued behind thousands of tasks at the endpoint.
   */
  private async firstServicesShown(): Promise<void> {
    const arn = this.focus.clusterArn;
    const shown = () => !arn || this.stopped || this.model.state(arn).services.size > 0 || this.model.state(arn).complete.services;
    if (shown()) return;
    // Woken by every flush of a page into the model and every job's end (see modelMoved).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, FIRST_PAGE_WAIT_MS);
      timer.unref?.();
      const check = () => (shown() ? done() : this.waiters.add(check));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.add(check);
    });
  }

  /** The model took a page, or a job ended, or polling stopped: whoever waits looks again. */
  private modelMoved(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const check of waiting) check();
  }

  /** One other cluster of the region: its services, stopped tasks and instances, for Problems. */
  private async sweep(unpaced: LoadContext): Promise<LoadOutcome> {
    const outcome = new LoadOutcome();
    const arns = this.model.clusters().filter((c) => c.region === this.deps.region).map((c) => c.arn);
    const target = nextSweepCluster(arns, this.focus.clusterArn, this.sweptAt, this.deps.now(), this.reconcileMs ?? undefined);
    if (!target) return outcome;
    // A cluster the user opens while it is swept is the focused load's: the sweep stops calling,
    // so its ListServices and describes do not take the focused first load's tokens.
    const ctx: LoadContext = { ...unpaced, beforeCall: () => this.sweepPacer.take(), isCurrent: () => unpaced.isCurrent() && this.focus.clusterArn !== target };
    this.sweptAt.set(target, this.deps.now());
    for (const step of [
      () => loadServices(ctx, target, { progress: false }),
      () => loadTasks(ctx, target, { kind: 'stopped' }),
      () => loadInstances(ctx, target, { progress: false }),
    ]) {
      const part = await step();
      outcome.calls += part.calls;
      outcome.errors.push(...part.errors);
    }
    if (outcome.ok && ctx.isCurrent()) this.sweptInFull.add(target);
    return outcome;
  }

  /**
   * Whether what the Problems rules read of this cluster is complete: its first full load
   * (services and tasks), or a sweep without an error. Until then a problem missing from the
   * cluster may only be unread, not gone.
   */
  hasReadInFull(clusterArn: string): boolean {
    if (this.sweptInFull.has(clusterArn)) return true;
    if (!this.model.hasState(clusterArn)) return false;
    const { complete } = this.model.state(clusterArn);
    return complete.services && complete.tasks;
  }
}
