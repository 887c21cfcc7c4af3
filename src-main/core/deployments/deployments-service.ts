import type { ServiceDeployment, ServiceDeploymentBrief, ServiceRevision, TaskDefinition } from '@aws-sdk/client-ecs';
import type {
  AlarmInfo,
  BulkContinueResult,
  DeploymentDetail,
  DeploymentHistory,
  DeploymentList,
  DeploymentSummary,
  HistoryRow,
  HookInfo,
  RevisionDiffLine,
  RevisionInfo,
  TargetGroupHealth,
  TrafficPoint,
} from '../../contract/domains/deployments';
import type { Problem, ServiceRecord, TaskRecord, ContainerInstanceRecord } from '../../contract/domains/inventory';
import type { AppNotification } from '../../contract/domains/notifications';
import { clusterNameOf } from '../../contract/arn';
import { WharfError } from '../../contract/errors';
import { SlidingWindowCounter } from '../aws/sliding-window';
import { isThrottleError } from '../aws/client-middleware';
import type { ServiceClients } from '../aws/client-factory';
import type { EventBus } from '../events';
import type { ClusterRecords } from '../problems/problems-engine';
import { deploymentVerdict, isOwnFinding } from '../problems/deployment-verdict';
import { deploymentProblemTitle } from '../../contract/health';
import type { OpenSession } from '../session/session-manager';
import type { OperationRunner } from '../actions/operation-runner';
import type { ActionOutcome } from '../../contract/domains/actions';
import { continueDeployment, continueMany, stopDeployment, type BulkItem } from './deployments-actions';
import {
  describeAlarms,
  describeServiceDeployments,
  describeServiceRevisions,
  describeTaskDefinition,
  forwardWeights,
  listServiceDeployments,
  targetGroupNames,
  targetHealth,
  type Count,
} from './deployment-reads';
import {
  bakeEndsAt,
  configSummary,
  countTargets,
  hookInfo,
  revisionDiff,
  revisionInfo,
  shiftsFromEvents,
  stageMarksFromEvents,
  stageStrip,
  stepOf,
  strategyOf,
  type StageMark,
} from './deployment-model';

/**
 * The deployments domain: every deployment in progress or finished in the last 24 h across the
 * session's region and the watched regions, read as the user needs it.
 *
 * Where deployments are found: the inventory's service records (the focused cluster's, the
 * sweeps', the region watchers'): a service with a deployment in progress, or one updated in the
 * last 24 h, is listed once with ListServiceDeployments (again only when its deployments change).
 * What is read, and how often (the API budget):
 * - in-progress service deployments: DescribeServiceDeployments, 20 per call, every 10 s (the
 *   one in focus every 3 s); a finished one is described once;
 * - service revisions: once each (they never change);
 * - listener rule weights of in-progress BLUE_GREEN / LINEAR / CANARY deployments: DescribeRules,
 *   20 per call, with the deployments;
 * - target health: the new revision's target group every 60 s, both revisions' every 5 s for the
 *   deployment in focus;
 * - alarms of in-progress deployments: DescribeAlarms, 100 per call, every 30 s (10 s in focus);
 * - a service's history while its page shows it: ListServiceDeployments (30 days) every 60 s.
 * Nothing is read for a service with no deployment in progress that is not in focus and whose
 * history is not open, beyond the one listing of a deployment finished in the last 24 h.
 */
export interface DeploymentsDeps {
  sessions: { current(): OpenSession | null; onChange(listener: (session: OpenSession | null) => void): () => void };
  events: EventBus;
  inventory: {
    clusterRecords(): ClusterRecords[];
    problemList(): Problem[];
    onRefreshed(listener: () => void): () => void;
  };
  notify?: (notification: Omit<AppNotification, 'at' | 'read'>) => Promise<unknown> | void;
  /**
   * The deployments' own problems (a hook awaiting a person, a deployment failing) changed:
   * the inventory folds them into the services' one verdict (InventoryService.problemSourceChanged).
   */
  onProblemsChanged?: () => void;
  /** The guarded runner for continue / stop (refused read-only, confirmed, once, audited). */
  runner?: OperationRunner;
  /** Epoch ms (the sim's clock in tests; the session's AWS clock once core has one). */
  now?: () => number;
  /** Real ms between two looks at what is due (default 1000). */
  tickMs?: number;
  cadence?: Partial<Cadence>;
}

export interface Cadence {
  describeMs: number;
  describeFocusMs: number;
  healthMs: number;
  healthFocusMs: number;
  alarmsMs: number;
  alarmsFocusMs: number;
  historyMs: number;
  /** At most this many services are listed per cycle (spreads a first load over cycles). */
  listsPerCycle: number;
}

export const DEFAULT_CADENCE: Cadence = {
  describeMs: 10_000,
  describeFocusMs: 3_000,
  healthMs: 60_000,
  healthFocusMs: 5_000,
  alarmsMs: 30_000,
  alarmsFocusMs: 10_000,
  historyMs: 60_000,
  listsPerCycle: 20,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 30;
const MAX_TRAFFIC_POINTS = 400;
const WARN_BEFORE_TIMEOUT_MS = 5 * 60_000;
/** The stages in which ECS moves listener weights (a rollback walks the same stages back). */
const SHIFTING_STAGES = new Set(['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT']);
const IN_MOTION = new Set(['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'STOP_REQUESTED']);

interface ServiceView {
  region: string;
  clusterArn: string;
  service: ServiceRecord;
  tasks: readonly TaskRecord[];
  instances: readonly ContainerInstanceRecord[];
}

interface Tracked {
  arn: string;
  region: string;
  clusterArn: string;
  serviceArn: string;
  serviceName: string;
  brief: ServiceDeploymentBrief | null;
  sd: ServiceDeployment | null;
  /** Real ms of the last description (the schedule), and its AWS time. */
  describedAt: number;
  fetchedAt: number;
  /** Stage changes Wharf saw itself (the events say more when they can). */
  seen: StageMark[];
  traffic: TrafficPoint[];
  weightsReadAt: number;
  /** The stage the weights were last read in: outside the shifting stages they only move with a stage change. */
  weightsStage: string | null;
  hooks: Map<string, HookInfo>;
  health: { source: TargetGroupHealth | null; target: TargetGroupHealth | null };
  healthReadAt: number;
  /** Seen IN_PROGRESS by this core (notifications are only for deployments Wharf watched move). */
  watchedInMotion: boolean;
  lastStage: string | null;
  lastStatus: string | null;
}

interface HistoryState {
  region: string;
  clusterArn: string;
  serviceName: string;
  rows: HistoryRow[];
  truncated: boolean;
  /** Real ms (the schedule), and the AWS time of the read. */
  readAt: number;
  fetchedAt: number;
  openedAt: number;
}

export class DeploymentsService {
  private readonly tracked = new Map<string, Tracked>();
  /** Per service ARN: the signature of its deployments when it was last listed. */
  private readonly listings = new Map<string, string>();
  private readonly revisions = new Map<string, ServiceRevision>();
  private readonly taskDefinitions = new Map<string, TaskDefinition>();
  private readonly tgNames = new Map<string, string>();
  private readonly alarms = new Map<string, AlarmInfo>();
  private readonly alarmsReadAt = new Map<string, number>();
  private readonly histories = new Map<string, HistoryState>();
  private focus: string | null = null;
  private session: OpenSession | null = null;
  private readonly calls = new SlidingWindowCounter();
  private readonly byOperation = new Map<string, SlidingWindowCounter>();
  private throttled = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running = false;
  private signature = '';
  private readonly stops: Array<() => void> = [];
  private readonly cadence: Cadence;
  /** What the deployments say is wrong, as Problems (see problemList). */
  private problems: Problem[] = [];
  private problemSignature = '';
  private readonly problemSince = new Map<string, number>();
  private active = false;

  constructor(private readonly deps: DeploymentsDeps) {
    this.cadence = { ...DEFAULT_CADENCE, ...deps.cadence };
    this.stops.push(deps.sessions.onChange((session) => this.switchTo(session)));
    this.switchTo(deps.sessions.current());
  }

  private readonly now = (): number => (this.deps.now ?? Date.now)();

  /** Starts watching (the first call of any deployments method does): a core without a window reads nothing. */
  activate(): void {
    if (this.active) return;
    this.active = true;
    this.timer = setInterval(() => void this.cycle(), this.deps.tickMs ?? 1000);
    this.timer.unref?.();
    this.stops.push(this.deps.inventory.onRefreshed(() => void this.cycle()));
  }

  close(): void {
    for (const stop of this.stops) stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private switchTo(session: OpenSession | null): void {
    this.session = session;
    this.tracked.clear();
    this.listings.clear();
    this.histories.clear();
    this.alarms.clear();
    this.alarmsReadAt.clear();
    this.focus = null;
    this.signature = '';
    this.setProblems([]);
  }

  // ---- a problem source of the inventory (the one health verdict) ----

  /**
   * The deployment verdicts that need someone, as Problems of their service: a PAUSE hook
   * awaiting approval (warning, "awaiting approval") and a deployment failing by its own
   * findings (error: "alarm", "circuit breaker", "tasks failing", "targets unhealthy",
   * "rolling back", "stopping"). The inventory lists them with its own; the service's verdict
   * (contract/health.ts) takes their word, so the services list, the header, the palette, the
   * overview and this view say the same. A failing verdict that comes from the service's own
   * problems (a crash loop) is not repeated.
   */
  problemList(): Problem[] {
    return this.problems;
  }

  /** The inventory decides when a cluster is read in full; deployments never claim it. */
  hasReadInFull(): boolean {
    return false;
  }

  private setProblems(problems: Problem[]): void {
    const signature = JSON.stringify(problems);
    if (signature === this.problemSignature) return;
    this.problemSignature = signature;
    this.problems = problems;
    this.deps.onProblemsChanged?.();
  }

  private updateProblems(list: DeploymentList): void {
    const out: Problem[] = [];
    const ids = new Set<string>();
    for (const d of list.deployments) {
      const v = d.verdict;
      const awaiting = v.section === 'needs-action';
      if (!awaiting && !(v.section === 'failing' && isOwnFinding(v))) continue;
      const kind = awaiting ? 'deployment-awaiting' : 'deployment-failing';
      const id = `${kind}:${d.serviceArn}`;
      if (ids.has(id)) continue;
      ids.add(id);
      const since = (awaiting ? d.awaiting?.firstSeenAt : undefined) ?? this.problemSince.get(id) ?? list.fetchedAt;
      this.problemSince.set(id, since);
      const strategy = d.strategy.toLowerCase().replace('_', '/');
      const detail = awaiting && d.awaiting
        ? `A ${strategy} deployment waits at ${d.awaiting.stage ?? d.stage ?? 'its stage'} for a person to approve or roll back${d.awaiting.expiresAt ? `; at ${new Date(d.awaiting.expiresAt).toISOString().slice(11, 16)} UTC ECS ${d.awaiting.timeoutAction === 'CONTINUE' ? 'continues' : 'rolls back'} by itself` : ''}.`
        : `A ${strategy} deployment is failing: ${v.reason ?? v.word}.`;
      out.push({ id, severity: awaiting ? 'warning' : 'error', kind, clusterArn: d.clusterArn, region: d.region, targetArn: d.serviceArn, serviceArn: d.serviceArn, title: deploymentProblemTitle(d.serviceName, v.word), detail, since });
    }
    for (const id of [...this.problemSince.keys()]) if (!ids.has(id)) this.problemSince.delete(id);
    this.setProblems(out);
  }

  // ---- the contract ----

  async list(clusterArn?: string): Promise<DeploymentList> {
    this.activate();
    await this.cycle();
    const list = this.currentList();
    return clusterArn ? { ...list, deployments: list.deployments.filter((d) => d.clusterArn === clusterArn) } : list;
  }

  async detail(serviceDeploymentArn: string, region?: string): Promise<DeploymentDetail> {
    this.activate();
    const session = this.requireSession();
    this.focus = serviceDeploymentArn;
    let t = this.tracked.get(serviceDeploymentArn);
    if (!t) {
      // Not found through the inventory yet (a link, a history row): describe it directly.
      const r = region ?? regionOfArn(serviceDeploymentArn) ?? session.info.region;
      const [sd] = await this.read(() => describeServiceDeployments(session.clientsFor(r), this.count, [serviceDeploymentArn]));
      if (!sd) throw new WharfError('NOT_FOUND', `ECS does not know the service deployment ${serviceDeploymentArn}.`);
      t = this.track(r, sd.clusterArn ?? '', sd.serviceArn ?? '', sd);
      this.absorb(t, sd, Date.now());
    }
    t.describedAt = 0;
    t.healthReadAt = 0;
    await this.cycle();
    await this.ensureTaskDefinitions(t);
    return this.buildDetail(t);
  }

  unfocus(): void {
    this.focus = null;
  }

  continueHook(args: { serviceDeploymentArn: string; region?: string; hookId: string; action: 'CONTINUE' | 'ROLLBACK'; confirmation: string; requestId: string }): Promise<ActionOutcome> {
    return continueDeployment(this.steer(), this.requireSession(), args);
  }

  /** Several paused hooks after one typed confirmation, each its own guarded intent (deployments-actions.ts). */
  continueMany(args: { items: BulkItem[]; action: 'CONTINUE' | 'ROLLBACK'; confirmation: string; requestId: string }): Promise<BulkContinueResult[]> {
    return continueMany(this.steer(), this.requireSession(), args);
  }

  stop(args: { serviceDeploymentArn: string; region?: string; stopType: 'ROLLBACK' | 'ABORT'; confirmation: string; requestId: string }): Promise<ActionOutcome> {
    return stopDeployment(this.steer(), this.requireSession(), args);
  }

  private steer() {
    const runner = this.deps.runner;
    if (!runner) throw new WharfError('INTERNAL', 'The deployments domain was built without a mutation runner.');
    return {
      runner,
      count: this.count,
      refresh: (arn: string) => {
        const t = this.tracked.get(arn);
        if (t) {
          t.describedAt = 0;
          t.weightsReadAt = 0;
          t.healthReadAt = 0;
        }
        void this.cycle();
      },
    };
  }

  async history(clusterArn: string, serviceName: string, region?: string): Promise<DeploymentHistory> {
    this.activate();
    const session = this.requireSession();
    const r = region ?? regionOfArn(clusterArn) ?? session.info.region;
    const key = `${r}|${clusterArn}|${serviceName}`;
    let h = this.histories.get(key);
    if (!h) {
      h = { region: r, clusterArn, serviceName, rows: [], truncated: false, readAt: 0, fetchedAt: 0, openedAt: Date.now() };
      this.histories.set(key, h);
    }
    h.openedAt = Date.now();
    if (Date.now() - h.readAt >= this.cadence.historyMs || h.readAt === 0) await this.readHistory(session, h);
    return { region: h.region, clusterArn: h.clusterArn, serviceName: h.serviceName, rows: h.rows, truncated: h.truncated, fetchedAt: h.fetchedAt };
  }

  async compare(sourceRevisionArn: string, targetRevisionArn: string, region?: string): Promise<{ source: RevisionInfo; target: RevisionInfo; diff: RevisionDiffLine[] }> {
    const session = this.requireSession();
    const r = region ?? regionOfArn(targetRevisionArn) ?? session.info.region;
    const clients = session.clientsFor(r);
    await this.ensureRevisions(clients, [sourceRevisionArn, targetRevisionArn]);
    const [source, target] = [sourceRevisionArn, targetRevisionArn].map((arn) => this.revisions.get(arn));
    if (!source || !target) throw new WharfError('NOT_FOUND', `ECS does not know the service revision ${source ? targetRevisionArn : sourceRevisionArn}.`);
    for (const rev of [source, target]) if (rev.taskDefinition) await this.ensureTaskDefinition(clients, rev.taskDefinition);
    await this.ensureTargetGroupNames(clients, [source, target]);
    const s = this.revisionInfoOf(source)!;
    const t = this.revisionInfoOf(target)!;
    return { source: s, target: t, diff: revisionDiff(s, t) };
  }

  /** Target health of a service's target groups, each target with its task: for the service page's tasks. */
  async serviceTargets(clusterArn: string, serviceName: string, region?: string): Promise<TargetGroupHealth[]> {
    const session = this.requireSession();
    const r = region ?? regionOfArn(clusterArn) ?? session.info.region;
    const view = this.views().find((v) => v.clusterArn === clusterArn && v.service.name === serviceName);
    const groups = new Set<string>((view?.service.loadBalancers ?? []).map((lb) => lb.targetGroupArn).filter((g): g is string => Boolean(g)));
    for (const t of this.tracked.values()) {
      if (t.clusterArn !== clusterArn || t.serviceName !== serviceName || !t.sd || !IN_MOTION.has(t.sd.status ?? '')) continue;
      for (const g of [this.greenGroup(t), this.blueGroup(t)]) if (g) groups.add(g);
    }
    const clients = session.clientsFor(r);
    await this.ensureGroupNames(clients, [...groups]);
    const out: TargetGroupHealth[] = [];
    for (const group of groups) out.push(await this.readGroupHealth(clients, group, view));
    return out;
  }

  // ---- the cycle ----

  private readonly count: Count = (operation) => {
    const now = Date.now();
    this.calls.add(now);
    let c = this.byOperation.get(operation);
    if (!c) {
      c = new SlidingWindowCounter();
      this.byOperation.set(operation, c);
    }
    c.add(now);
  };

  /** Runs `call`; a throttle is counted, any error keeps what was read before (the data goes stale, not away). */
  private async read<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (isThrottleError(err)) this.throttled++;
      throw this.session ? this.session.explainError(err) : err;
    }
  }

  private async quietly(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch {
      // Kept stale; the status bar shows the failed call (client middleware).
    }
  }

  private requireSession(): OpenSession {
    const session = this.session ?? this.deps.sessions.current();
    if (!session) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
    this.session = session;
    return session;
  }

  /**
   * The view of one service. Built once per synchronous stretch (cleared at the next microtask,
   * before any await resumes): summaryOf runs for every tracked deployment on every cycle, and
   * each views() copies the whole inventory (25,000 tasks at 5,000 services). Built per call,
   * it took 8 s of core's CPU during a 5,000-service first load (issue 16).
   */
  private viewOf(serviceArn: string): ServiceView | undefined {
    if (!this.viewCache) {
      this.viewCache = new Map();
      for (const v of this.views()) if (!this.viewCache.has(v.service.arn)) this.viewCache.set(v.service.arn, v);
      queueMicrotask(() => (this.viewCache = null));
    }
    return this.viewCache.get(serviceArn);
  }

  private viewCache: Map<string, ServiceView> | null = null;

  private views(): ServiceView[] {
    const out: ServiceView[] = [];
    for (const cluster of this.deps.inventory.clusterRecords()) {
      for (const service of cluster.services) out.push({ region: cluster.region, clusterArn: cluster.clusterArn, service, tasks: cluster.tasks, instances: cluster.instances });
    }
    return out;
  }

  /**
   * One look at what is due. A call while a look runs waits for it and for one more after it
   * (what the caller asked may have changed the focus), never for more.
   */
  private cycle(): Promise<void> {
    if (!this.active) return Promise.resolve();
    if (this.inflight) {
      this.queued ??= this.inflight.then(() => {
        this.queued = null;
        return this.cycle();
      });
      return this.queued;
    }
    this.inflight = this.runCycle().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private inflight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  private async runCycle(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.running = true;
    try {
      // Two clocks: what is due runs on real time (the schedule); what is shown on AWS's (ages, expiries).
      const now = this.now();
      const wall = Date.now();
      const views = this.views();
      await this.discover(session, views, now);
      await this.describeDue(session, wall);
      await this.revisionsNeeded(session);
      await this.weightsDue(session, wall);
      await this.healthDue(session, views, wall);
      await this.alarmsDue(session, wall);
      await this.historiesDue(session, wall);
      this.forgetOld(now);
      this.announceChanges();
    } finally {
      this.running = false;
    }
  }

  /** Lists the services whose inventory record shows a deployment in progress or in the last 24 h. */
  private async discover(session: OpenSession, views: ServiceView[], now: number): Promise<void> {
    let budget = this.cadence.listsPerCycle;
    for (const view of views) {
      const { service } = view;
      const deployments = service.deployments;
      const moving = deployments.some((d) => d.rolloutState === 'IN_PROGRESS');
      const recent = deployments.some((d) => Math.max(d.updatedAt ?? 0, d.createdAt ?? 0) > now - DAY);
      if (!moving && !recent) continue;
      const signature = deployments.map((d) => `${d.id}:${d.rolloutState}`).join(',');
      if (this.listings.get(service.arn) === signature) continue;
      if (budget-- <= 0) break;
      await this.quietly(async () => {
        const { briefs } = await this.read(() => listServiceDeployments(session.clientsFor(view.region), this.count, view.clusterArn, service.name, now - DAY, 1));
        for (const brief of briefs) {
          const arn = brief.serviceDeploymentArn;
          if (!arn) continue;
          const t = this.tracked.get(arn) ?? this.track(view.region, view.clusterArn, service.arn, null, arn);
          t.brief = brief;
          if (t.sd && t.sd.status !== brief.status) t.describedAt = 0;
        }
        this.listings.set(service.arn, signature);
      });
    }
  }

  private track(region: string, clusterArn: string, serviceArn: string, sd: ServiceDeployment | null, arn = sd?.serviceDeploymentArn ?? ''): Tracked {
    const known = this.tracked.get(arn);
    if (known) return known;
    const t: Tracked = {
      arn,
      region,
      clusterArn,
      serviceArn,
      serviceName: serviceArn.slice(serviceArn.lastIndexOf('/') + 1),
      brief: null,
      sd,
      describedAt: 0,
      fetchedAt: 0,
      seen: [],
      traffic: [],
      weightsReadAt: 0,
      weightsStage: null,
      hooks: new Map(),
      health: { source: null, target: null },
      healthReadAt: 0,
      watchedInMotion: false,
      lastStage: null,
      lastStatus: null,
    };
    this.tracked.set(arn, t);
    return t;
  }

  private isDue(t: Tracked, now: number): boolean {
    const status = t.sd?.status ?? t.brief?.status ?? 'IN_PROGRESS';
    if (t.describedAt === 0) return true;
    if (!IN_MOTION.has(status)) return false;
    return now - t.describedAt >= (t.arn === this.focus ? this.cadence.describeFocusMs : this.cadence.describeMs);
  }

  private async describeDue(session: OpenSession, now: number): Promise<void> {
    // When one is due, every other deployment in motion in its region that is half-way due rides in
    // the same batch (20 a call): the reads line up instead of one short call a second.
    const byRegion = new Map<string, string[]>();
    for (const t of this.tracked.values()) {
      if (!this.isDue(t, now)) continue;
      byRegion.set(t.region, [...(byRegion.get(t.region) ?? []), t.arn]);
    }
    for (const t of this.tracked.values()) {
      const due = byRegion.get(t.region);
      if (!due || due.includes(t.arn) || !IN_MOTION.has(t.sd?.status ?? '')) continue;
      if (now - t.describedAt >= this.cadence.describeMs / 2) due.push(t.arn);
    }
    for (const [region, arns] of byRegion) {
      await this.quietly(async () => {
        const sds = await this.read(() => describeServiceDeployments(session.clientsFor(region), this.count, arns));
        for (const sd of sds) {
          const t = this.tracked.get(sd.serviceDeploymentArn ?? '');
          if (t) this.absorb(t, sd, now);
        }
      });
    }
  }

  /** Takes a fresh description (read at real time `wall`): status, stage (and when it changed), hooks, notifications. */
  private absorb(t: Tracked, sd: ServiceDeployment, wall: number): void {
    const now = this.now();
    t.sd = sd;
    t.describedAt = wall;
    t.fetchedAt = now;
    t.clusterArn = sd.clusterArn ?? t.clusterArn;
    t.serviceArn = sd.serviceArn ?? t.serviceArn;
    t.serviceName = t.serviceArn.slice(t.serviceArn.lastIndexOf('/') + 1);
    this.tracked.set(t.arn, t);
    const status = sd.status ?? 'IN_PROGRESS';
    const stage = sd.lifecycleStage ?? null;
    if (IN_MOTION.has(status)) t.watchedInMotion = true;
    if (stage && stage !== t.lastStage) {
      // When the stage began, on AWS's clock: ECS stamps updatedAt as the deployment moves on.
      // An updatedAt no later than the stage seen before says nothing new: then this read's time.
      const previous = t.seen[t.seen.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
      const updated = sd.updatedAt?.getTime() ?? null;
      const at = updated !== null && updated > previous ? updated : now;
      t.seen.push({ stage: stage as StageMark['stage'], at, rollback: status.startsWith('ROLLBACK') });
      if (t.lastStage === 'BAKE_TIME' && t.watchedInMotion && !status.startsWith('ROLLBACK')) this.notifyBaked(t);
    }
    if (t.lastStatus !== null && t.lastStatus !== status) {
      if (status === 'SUCCESSFUL' && t.lastStage === 'BAKE_TIME' && t.watchedInMotion) this.notifyBaked(t);
      if ((status === 'ROLLBACK_IN_PROGRESS' || status === 'ROLLBACK_SUCCESSFUL') && t.watchedInMotion) this.notifyRolledBack(t);
    }
    t.lastStage = stage;
    t.lastStatus = status;
    for (const h of sd.lifecycleHookDetails ?? []) {
      if (!h.hookId) continue;
      const info = hookInfo(h, stage, now, t.hooks.get(h.hookId));
      t.hooks.set(h.hookId, info);
      if (info.targetType === 'PAUSE' && info.status === 'AWAITING_ACTION') this.notifyAwaiting(t, info, now);
    }
    // Hooks no longer listed have moved on: a Lambda hook still running or a pause still waiting
    // when last read passed (the deployment went on) or ended (it rolls back).
    const listed = new Set((sd.lifecycleHookDetails ?? []).map((h) => h.hookId));
    const ended = status.startsWith('ROLLBACK') || status.startsWith('STOP') ? 'ENDED' : 'SUCCEEDED';
    for (const [id, info] of t.hooks) if (!listed.has(id) && (info.status === 'AWAITING_ACTION' || info.status === 'IN_PROGRESS')) t.hooks.set(id, { ...info, status: ended, lastSeenAt: now });
    // ECS's own traffic numbers, when no listener rule could be read.
    const target = sd.targetServiceRevision;
    if (target?.requestedProductionTrafficWeight !== undefined && t.weightsReadAt === 0) {
      this.addTraffic(t, { at: now, production: target.requestedProductionTrafficWeight, test: target.requestedTestTrafficWeight ?? null });
    }
  }

  private async revisionsNeeded(session: OpenSession): Promise<void> {
    const byRegion = new Map<string, Set<string>>();
    for (const t of this.tracked.values()) {
      const arns = [t.sd?.targetServiceRevision?.arn ?? t.brief?.targetServiceRevisionArn, t.sd?.sourceServiceRevisions?.[0]?.arn].filter((a): a is string => Boolean(a));
      for (const arn of arns) if (!this.revisions.has(arn)) byRegion.set(t.region, (byRegion.get(t.region) ?? new Set()).add(arn));
    }
    for (const [region, arns] of byRegion) await this.quietly(() => this.ensureRevisions(session.clientsFor(region), [...arns]));
  }

  private async ensureRevisions(clients: ServiceClients, arns: string[]): Promise<void> {
    const missing = [...new Set(arns)].filter((a) => !this.revisions.has(a));
    if (!missing.length) return;
    const revs = await this.read(() => describeServiceRevisions(clients, this.count, missing));
    for (const rev of revs) if (rev.serviceRevisionArn) this.revisions.set(rev.serviceRevisionArn, rev);
  }

  private async ensureTaskDefinition(clients: ServiceClients, arn: string): Promise<void> {
    if (this.taskDefinitions.has(arn)) return;
    const td = await this.read(() => describeTaskDefinition(clients, this.count, arn));
    if (td) this.taskDefinitions.set(arn, td);
  }

  private async ensureTaskDefinitions(t: Tracked): Promise<void> {
    const session = this.session;
    if (!session) return;
    const clients = session.clientsFor(t.region);
    const revs = [this.targetRevision(t), this.sourceRevision(t)].filter((r): r is ServiceRevision => Boolean(r));
    await this.quietly(async () => {
      for (const rev of revs) if (rev.taskDefinition) await this.ensureTaskDefinition(clients, rev.taskDefinition);
      await this.ensureTargetGroupNames(clients, revs);
    });
  }

  private async ensureTargetGroupNames(clients: ServiceClients, revs: ServiceRevision[]): Promise<void> {
    const arns = revs.flatMap((r) => [...(r.loadBalancers ?? []).map((lb) => lb.targetGroupArn), ...(r.resolvedConfiguration?.loadBalancers ?? []).map((lb) => lb.targetGroupArn)]);
    await this.ensureGroupNames(clients, arns.filter((a): a is string => Boolean(a)));
  }

  private async ensureGroupNames(clients: ServiceClients, arns: string[]): Promise<void> {
    const missing = [...new Set(arns)].filter((a) => !this.tgNames.has(a));
    if (!missing.length) return;
    const names = await this.read(() => targetGroupNames(clients, this.count, missing));
    for (const [arn, name] of names) this.tgNames.set(arn, name);
  }

  private targetRevision(t: Tracked): ServiceRevision | undefined {
    const arn = t.sd?.targetServiceRevision?.arn ?? t.brief?.targetServiceRevisionArn;
    return arn ? this.revisions.get(arn) : undefined;
  }

  private sourceRevision(t: Tracked): ServiceRevision | undefined {
    const arn = t.sd?.sourceServiceRevisions?.[0]?.arn;
    return arn ? this.revisions.get(arn) : undefined;
  }

  /** The new revision's target group: ECS's resolved one, else the service's. */
  private greenGroup(t: Tracked): string | undefined {
    const rev = this.targetRevision(t);
    return rev?.resolvedConfiguration?.loadBalancers?.[0]?.targetGroupArn ?? rev?.loadBalancers?.[0]?.targetGroupArn;
  }

  private blueGroup(t: Tracked): string | undefined {
    const rev = this.sourceRevision(t);
    const resolved = rev?.resolvedConfiguration?.loadBalancers?.[0]?.targetGroupArn ?? rev?.loadBalancers?.[0]?.targetGroupArn;
    if (resolved) return resolved;
    const adv = this.targetRevision(t)?.loadBalancers?.[0];
    const green = this.greenGroup(t);
    return [adv?.targetGroupArn, adv?.advancedConfiguration?.alternateTargetGroupArn].find((g) => g && g !== green);
  }

  private rulesOf(t: Tracked): { production?: string; test?: string } {
    const adv = this.targetRevision(t)?.loadBalancers?.find((lb) => lb.advancedConfiguration)?.advancedConfiguration;
    return { production: adv?.productionListenerRule, test: adv?.testListenerRule };
  }

  private async weightsDue(session: OpenSession, now: number): Promise<void> {
    // Weights move only in the traffic-shifting stages (and their rollbacks); in any other stage
    // they are read once when the stage changes, and the line is carried on from that read.
    const byRegion = new Map<string, Tracked[]>();
    const candidates = new Map<string, Tracked[]>();
    for (const t of this.tracked.values()) {
      if (!t.sd || !IN_MOTION.has(t.sd.status ?? '') || strategyOf(t.sd) === 'ROLLING') continue;
      if (!this.rulesOf(t).production) continue;
      const stage = t.sd.lifecycleStage ?? null;
      const shifting = stage === null || SHIFTING_STAGES.has(stage);
      if (!shifting && t.weightsStage === stage && t.weightsReadAt > 0 && t.arn !== this.focus) {
        this.carryTraffic(t);
        continue;
      }
      candidates.set(t.region, [...(candidates.get(t.region) ?? []), t]);
      const every = t.arn === this.focus ? this.cadence.describeFocusMs : this.cadence.describeMs;
      if (now - t.weightsReadAt < every && t.weightsStage === stage) continue;
      byRegion.set(t.region, [...(byRegion.get(t.region) ?? []), t]);
    }
    // Those half-way due ride along with the due ones, as for the descriptions.
    for (const [region, list] of byRegion) {
      for (const t of candidates.get(region) ?? []) if (!list.includes(t) && now - t.weightsReadAt >= this.cadence.describeMs / 2) list.push(t);
    }
    for (const [region, list] of byRegion) {
      // The test listener's rule is read for the deployment in focus; elsewhere ECS's requested test weight stands in.
      const arns = [...new Set(list.flatMap((t) => {
        const rules = this.rulesOf(t);
        return [rules.production, t.arn === this.focus ? rules.test : undefined].filter((a): a is string => Boolean(a));
      }))];
      await this.quietly(async () => {
        const weights = await this.read(() => forwardWeights(session.clientsFor(region), this.count, arns));
        for (const t of list) {
          const green = this.greenGroup(t);
          const rules = this.rulesOf(t);
          const share = (rule: string | undefined) => {
            const w = rule ? weights.get(rule) : undefined;
            if (!w || !green) return null;
            const total = Object.values(w).reduce((a, b) => a + b, 0);
            return total > 0 ? Math.round(((w[green] ?? 0) / total) * 1000) / 10 : 0;
          };
          t.weightsReadAt = now;
          t.weightsStage = t.sd?.lifecycleStage ?? null;
          const test = !rules.test ? null : t.arn === this.focus ? share(rules.test) : (t.sd?.targetServiceRevision?.requestedTestTrafficWeight ?? t.traffic[t.traffic.length - 1]?.test ?? null);
          this.addTraffic(t, { at: this.now(), production: share(rules.production), test });
        }
      });
    }
  }

  /** Outside the shifting stages: the last read weights hold until now. */
  private carryTraffic(t: Tracked): void {
    const last = t.traffic[t.traffic.length - 1];
    if (last) this.addTraffic(t, { ...last, at: this.now() });
  }

  private addTraffic(t: Tracked, point: TrafficPoint): void {
    const last = t.traffic[t.traffic.length - 1];
    if (last && last.production === point.production && last.test === point.test) {
      // Same weights: the line continues; keep the latest read as its end.
      if (t.traffic.length >= 2 && t.traffic[t.traffic.length - 2].production === point.production && t.traffic[t.traffic.length - 2].test === point.test) last.at = point.at;
      else t.traffic.push(point);
    } else {
      t.traffic.push(point);
    }
    if (t.traffic.length > MAX_TRAFFIC_POINTS) t.traffic.splice(0, t.traffic.length - MAX_TRAFFIC_POINTS);
  }

  private async healthDue(session: OpenSession, views: ServiceView[], now: number): Promise<void> {
    for (const t of this.tracked.values()) {
      if (!t.sd || !IN_MOTION.has(t.sd.status ?? '')) continue;
      const focused = t.arn === this.focus;
      if (now - t.healthReadAt < (focused ? this.cadence.healthFocusMs : this.cadence.healthMs)) continue;
      const green = this.greenGroup(t);
      if (!green) continue;
      const view = views.find((v) => v.service.arn === t.serviceArn);
      const clients = session.clientsFor(t.region);
      await this.quietly(async () => {
        t.healthReadAt = now;
        t.health.target = await this.readGroupHealth(clients, green, view);
        const blue = this.blueGroup(t);
        if (focused && blue && blue !== green) t.health.source = await this.readGroupHealth(clients, blue, view);
      });
    }
  }

  private async readGroupHealth(clients: ServiceClients, group: string, view: ServiceView | undefined): Promise<TargetGroupHealth> {
    const descriptions = await this.read(() => targetHealth(clients, this.count, group));
    const targets = descriptions.map((d) => {
      const id = d.Target?.Id ?? '';
      const port = d.Target?.Port ?? null;
      return {
        id,
        port,
        availabilityZone: d.Target?.AvailabilityZone ?? null,
        state: d.TargetHealth?.State ?? 'unavailable',
        reason: d.TargetHealth?.Reason ?? null,
        description: d.TargetHealth?.Description ?? null,
        taskArn: view ? taskOfTarget(view, id, port) : null,
      };
    });
    return { targetGroupArn: group, targetGroupName: this.tgNames.get(group) ?? group.split('/').slice(-2, -1)[0] ?? group, counts: countTargets(targets.map((x) => x.state)), targets, fetchedAt: this.now() };
  }

  private async alarmsDue(session: OpenSession, now: number): Promise<void> {
    const byRegion = new Map<string, { names: Set<string>; focused: boolean }>();
    for (const t of this.tracked.values()) {
      if (!t.sd || !IN_MOTION.has(t.sd.status ?? '')) continue;
      const names = t.sd.deploymentConfiguration?.alarms?.enable ? t.sd.deploymentConfiguration.alarms.alarmNames ?? [] : [];
      if (!names.length) continue;
      const entry = byRegion.get(t.region) ?? { names: new Set<string>(), focused: false };
      for (const n of names) entry.names.add(n);
      entry.focused ||= t.arn === this.focus;
      byRegion.set(t.region, entry);
    }
    for (const [region, { names, focused }] of byRegion) {
      if (now - (this.alarmsReadAt.get(region) ?? 0) < (focused ? this.cadence.alarmsFocusMs : this.cadence.alarmsMs)) continue;
      await this.quietly(async () => {
        this.alarmsReadAt.set(region, now);
        const found = await this.read(() => describeAlarms(session.clientsFor(region), this.count, [...names]));
        for (const name of names) {
          const a = found.find((x) => x.AlarmName === name);
          this.alarms.set(`${region}|${name}`, { name, state: a?.StateValue ?? 'UNKNOWN', reason: a?.StateReason ?? null, updatedAt: a?.StateUpdatedTimestamp ? a.StateUpdatedTimestamp.getTime() : null });
        }
      });
    }
  }

  private async historiesDue(session: OpenSession, now: number): Promise<void> {
    for (const [key, h] of this.histories) {
      // A history not asked for in 3 minutes is closed (its page went away).
      if (now - h.openedAt > 3 * 60_000) {
        this.histories.delete(key);
        continue;
      }
      if (now - h.readAt < this.cadence.historyMs) continue;
      await this.quietly(() => this.readHistory(session, h));
    }
  }

  private async readHistory(session: OpenSession, h: HistoryState): Promise<void> {
    const now = this.now();
    h.readAt = Date.now();
    const clients = session.clientsFor(h.region);
    const { briefs, truncated } = await this.read(() => listServiceDeployments(clients, this.count, h.clusterArn, h.serviceName, now - HISTORY_DAYS * DAY));
    // Who registered each revision's task definition: the nearest ECS comes to "who deployed it".
    await this.quietly(async () => {
      await this.ensureRevisions(clients, briefs.map((b) => b.targetServiceRevisionArn).filter((a): a is string => Boolean(a)));
      const tds = [...new Set(briefs.map((b) => this.revisions.get(b.targetServiceRevisionArn ?? '')?.taskDefinition).filter((a): a is string => Boolean(a)))];
      for (const td of tds.slice(0, 40)) await this.ensureTaskDefinition(clients, td);
    });
    h.rows = briefs.map((b) => {
      const t = b.serviceDeploymentArn ? this.tracked.get(b.serviceDeploymentArn) : undefined;
      const status = t?.sd?.status ?? b.status ?? 'UNKNOWN';
      const started = (b.startedAt ?? b.createdAt)?.getTime() ?? null;
      const finished = b.finishedAt?.getTime() ?? t?.sd?.stoppedAt?.getTime() ?? null;
      const summary = t ? this.summaryOf(t, now) : null;
      return {
        serviceDeploymentArn: b.serviceDeploymentArn ?? '',
        status,
        statusReason: t?.sd?.rollback?.reason ?? b.statusReason ?? null,
        verdict:
          summary?.verdict ??
          deploymentVerdict({
            status, stage: null, strategy: 'ROLLING', awaiting: null, alarmsInAlarm: [], alarmsTriggered: [], circuitBreaker: { status: 'DISABLED', failureCount: null, threshold: null },
            targets: null, productionWeight: null, bakeEndsAt: null, rollbackReason: null, statusReason: b.statusReason ?? null, problems: [], now,
          }),
        targetRevisionArn: b.targetServiceRevisionArn ?? null,
        startedAt: started,
        finishedAt: finished,
        createdAt: b.createdAt?.getTime() ?? null,
        durationMs: started !== null ? (finished ?? now) - started : null,
        startedBy: this.startedBy(b),
      };
    });
    h.truncated = truncated;
    h.fetchedAt = now;
  }

  /** ECS does not record who started a deployment; the revision's task definition says who registered it. */
  private startedBy(b: ServiceDeploymentBrief): string | null {
    const td = this.revisions.get(b.targetServiceRevisionArn ?? '')?.taskDefinition;
    const by = td ? this.taskDefinitions.get(td)?.registeredBy : undefined;
    if (!by) return null;
    const name = by.slice(by.lastIndexOf('/') + 1);
    return by.includes(':role/') ? `role ${name}` : by.includes(':user/') ? `user ${name}` : name;
  }

  private forgetOld(now: number): void {
    for (const [arn, t] of this.tracked) {
      const ended = t.sd?.finishedAt?.getTime() ?? t.sd?.stoppedAt?.getTime() ?? t.brief?.finishedAt?.getTime();
      if (ended !== undefined && now - ended > DAY && arn !== this.focus) this.tracked.delete(arn);
    }
  }

  // ---- what the renderer gets ----

  private currentList(): DeploymentList {
    const now = this.now();
    const session = this.session;
    const deployments = [...this.tracked.values()].filter((t) => t.sd).map((t) => this.summaryOf(t, now));
    const byOperation: Record<string, number> = {};
    const wall = Date.now();
    for (const [op, c] of this.byOperation) {
      const n = c.count(wall);
      if (n) byOperation[op] = n;
    }
    const regions = session ? [...new Set([session.info.region, ...this.deps.inventory.clusterRecords().map((c) => c.region)])] : [];
    return { deployments: sortForView(deployments), regions, budget: { callsPerMinute: this.calls.count(wall), byOperation, throttled: this.throttled }, fetchedAt: now };
  }

  private announceChanges(): void {
    const list = this.currentList();
    const signature = JSON.stringify(list.deployments.map((d) => ({ ...d, fetchedAt: 0 })));
    if (signature !== this.signature) {
      this.signature = signature;
      this.deps.events.emit('deployments.changed', list);
    }
    const focused = this.focus ? this.tracked.get(this.focus) : undefined;
    if (focused?.sd) this.deps.events.emit('deployments.detailChanged', this.buildDetail(focused));
    this.checkTimeouts(list);
    this.updateProblems(list);
  }

  private stageStartedAt(t: Tracked, marks: StageMark[]): number | null {
    const stage = t.sd?.lifecycleStage;
    if (!stage) return null;
    const forward = marks.filter((m) => m.stage === stage);
    return forward.length ? forward[forward.length - 1].at : null;
  }

  private marksOf(t: Tracked, view: ServiceView | undefined): StageMark[] {
    const fromEvents = stageMarksFromEvents(view?.service.events ?? [], this.deploymentIdOf(t, view));
    if (!fromEvents.length) return t.seen;
    // Events first; a stage Wharf saw that the events no longer hold (ECS keeps 100) is added.
    const known = new Set(fromEvents.map((m) => `${m.stage}|${m.rollback}`));
    return [...fromEvents, ...t.seen.filter((m) => !known.has(`${m.stage}|${m.rollback}`))].sort((a, b) => a.at - b.at);
  }

  /** The ECS deployment id (ecs-svc/…) of a service deployment: the service's deployment created at the same time. */
  private deploymentIdOf(t: Tracked, view: ServiceView | undefined): string | null {
    const created = (t.sd?.createdAt ?? t.brief?.createdAt)?.getTime();
    const td = this.targetRevision(t)?.taskDefinition;
    const match = view?.service.deployments.find((d) => (created !== undefined && d.createdAt !== null && Math.abs(d.createdAt - created) < 2000) || (td && d.taskDefinition === td && d.status === 'PRIMARY'));
    return match?.id ?? null;
  }

  private summaryOf(t: Tracked, now: number): DeploymentSummary {
    const sd = t.sd!;
    const view = this.viewOf(t.serviceArn);
    const config = configSummary(sd);
    const status = sd.status ?? 'IN_PROGRESS';
    const stage = sd.lifecycleStage ?? null;
    const marks = this.marksOf(t, view);
    const lastPoint = t.traffic[t.traffic.length - 1];
    const target = sd.targetServiceRevision;
    const production = lastPoint?.production ?? target?.requestedProductionTrafficWeight ?? null;
    const test = lastPoint?.test ?? target?.requestedTestTrafficWeight ?? null;
    const eventShifts = shiftsFromEvents(view?.service.events ?? [], this.deploymentIdOf(t, view));
    const lastShiftAt = lastShiftTime(t.traffic, eventShifts);
    const awaiting = [...t.hooks.values()].find((h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION') ?? null;
    const names = sd.alarms?.alarmNames ?? [];
    const inAlarm = names.filter((n) => this.alarms.get(`${t.region}|${n}`)?.state === 'ALARM');
    const bake = bakeEndsAt(config, stage, this.stageStartedAt(t, marks), production, lastShiftAt);
    const targets = IN_MOTION.has(status) ? t.health.target?.counts ?? null : null;
    const problems = this.deps.inventory.problemList().filter((p) => p.targetArn === t.serviceArn);
    const breaker = { status: sd.deploymentCircuitBreaker?.status ?? 'DISABLED', failureCount: sd.deploymentCircuitBreaker?.failureCount ?? null, threshold: sd.deploymentCircuitBreaker?.threshold ?? null };
    const source = sd.sourceServiceRevisions?.[0];
    return {
      serviceDeploymentArn: t.arn,
      region: t.region,
      clusterArn: t.clusterArn,
      clusterName: clusterNameOf(t.clusterArn) ?? t.clusterArn,
      serviceArn: t.serviceArn,
      serviceName: t.serviceName,
      strategy: config.strategy,
      shiftPercent: config.strategy === 'CANARY' ? config.canaryPercent : config.strategy === 'LINEAR' ? config.stepPercent : null,
      status,
      statusReason: sd.statusReason ?? null,
      stage: (stage as DeploymentSummary['stage']) ?? null,
      verdict: deploymentVerdict({
        status, stage, strategy: config.strategy, awaiting: awaiting ? { hookId: awaiting.hookId, timeoutAction: awaiting.timeoutAction } : null,
        alarmsInAlarm: inAlarm, alarmsTriggered: sd.alarms?.triggeredAlarmNames ?? [], circuitBreaker: breaker, targets, productionWeight: production,
        bakeEndsAt: bake, rollbackReason: sd.rollback?.reason ?? null, statusReason: sd.statusReason ?? null, problems: IN_MOTION.has(status) ? problems : [], now,
      }),
      productionWeight: config.strategy === 'ROLLING' ? null : production,
      testWeight: config.strategy === 'ROLLING' ? null : test,
      step: stepOf(config, production),
      awaiting,
      bakeEndsAt: bake,
      targets,
      alarms: { status: sd.alarms?.status ?? 'DISABLED', names, triggered: sd.alarms?.triggeredAlarmNames ?? [], inAlarm },
      circuitBreaker: breaker,
      source: source ? revisionCounts(source) : null,
      target: target ? revisionCounts(target) : { arn: t.brief?.targetServiceRevisionArn ?? '', requested: null, running: null, pending: null, productionWeight: null, testWeight: null },
      startedAt: (sd.startedAt ?? sd.createdAt)?.getTime() ?? null,
      finishedAt: (sd.finishedAt ?? sd.stoppedAt)?.getTime() ?? null,
      updatedAt: sd.updatedAt?.getTime() ?? null,
      rollbackReason: sd.rollback?.reason ?? null,
      fetchedAt: t.fetchedAt,
    };
  }

  private revisionInfoOf(rev: ServiceRevision | undefined): RevisionInfo | null {
    if (!rev) return null;
    return revisionInfo(rev, rev.taskDefinition ? this.taskDefinitions.get(rev.taskDefinition) : undefined, this.tgNames);
  }

  private buildDetail(t: Tracked): DeploymentDetail {
    const now = this.now();
    const summary = this.summaryOf(t, now);
    const view = this.viewOf(t.serviceArn);
    const marks = this.marksOf(t, view);
    const deploymentId = this.deploymentIdOf(t, view);
    const source = this.revisionInfoOf(this.sourceRevision(t));
    const target = this.revisionInfoOf(this.targetRevision(t));
    const eventShifts = shiftsFromEvents(view?.service.events ?? [], deploymentId);
    const testShiftAt = marks.find((m) => m.stage === 'TEST_TRAFFIC_SHIFT' && !m.rollback)?.at ?? null;
    const traffic = mergeTraffic(eventShifts, t.traffic, summary.startedAt, testShiftAt);
    return {
      summary,
      config: configSummary(t.sd ?? undefined),
      stages: stageStrip(summary.strategy, summary.status, summary.stage, marks),
      traffic,
      targetHealth: { source: t.health.source, target: t.health.target },
      alarms: summary.alarms.names.map((name) => this.alarms.get(`${t.region}|${name}`) ?? { name, state: 'UNKNOWN', reason: null, updatedAt: null }),
      hooks: [...t.hooks.values()].sort((a, b) => a.firstSeenAt - b.firstSeenAt),
      source,
      target,
      diff: revisionDiff(source, target),
      events: (view?.service.events ?? []).filter((e) => (deploymentId && e.message.includes(deploymentId)) || (summary.startedAt !== null && e.createdAt >= summary.startedAt && /target|lifecycle|rolling back|traffic|alarm/.test(e.message))).slice(0, 50),
      fetchedAt: t.fetchedAt,
    };
  }

  // ---- notifications ----

  private note(t: Tracked, key: string, kind: AppNotification['kind'], severity: AppNotification['severity'], title: string, detail: string): void {
    void this.deps.notify?.({ key, problemId: `deployment:${t.arn}`, kind, severity, clusterArn: t.clusterArn, region: t.region, targetArn: t.arn, title, detail });
  }

  private notifyAwaiting(t: Tracked, hook: HookInfo, now: number): void {
    const at = hook.timeoutAction === 'CONTINUE' ? 'continues' : 'rolls back';
    const left = hook.expiresAt !== null ? ` It ${at} at ${new Date(hook.expiresAt).toISOString().slice(11, 16)} UTC if nobody decides.` : '';
    this.note(t, `deployment-awaiting:${hook.hookId}`, 'deployment-awaiting-approval', 'warning', `${t.serviceName}: deployment awaiting approval`, `A PAUSE hook at ${hook.stage ?? 'its stage'} waits for you to continue or roll back.${left}`);
    if (hook.expiresAt !== null && hook.expiresAt - now <= WARN_BEFORE_TIMEOUT_MS && hook.expiresAt > now) {
      this.note(t, `deployment-timeout-soon:${hook.hookId}`, 'deployment-timeout-soon', 'error', `${t.serviceName}: approval times out in ${Math.max(1, Math.round((hook.expiresAt - now) / 60_000))} min`, `The paused deployment ${at} at ${new Date(hook.expiresAt).toISOString().slice(11, 16)} UTC.`);
    }
  }

  /** The 5-minute warning also comes when no read happens to land in those 5 minutes. */
  private checkTimeouts(list: DeploymentList): void {
    const now = this.now();
    for (const d of list.deployments) {
      const hook = d.awaiting;
      const t = this.tracked.get(d.serviceDeploymentArn);
      if (t && hook?.expiresAt && hook.expiresAt - now <= WARN_BEFORE_TIMEOUT_MS && hook.expiresAt > now) this.notifyAwaiting(t, hook, now);
    }
  }

  private notifyRolledBack(t: Tracked): void {
    const reason = t.sd?.rollback?.reason ?? t.sd?.statusReason ?? 'The deployment was rolled back.';
    this.note(t, `deployment-rolled-back:${t.arn}`, 'deployment-rolled-back', 'error', `${t.serviceName}: deployment rolled back`, reason);
  }

  private notifyBaked(t: Tracked): void {
    this.note(t, `deployment-baked:${t.arn}`, 'deployment-bake-finished', 'info', `${t.serviceName}: bake finished`, 'Both revisions ran the bake time without an alarm; ECS cleans up the old revision.');
  }
}

function revisionCounts(r: { arn?: string; requestedTaskCount?: number; runningTaskCount?: number; pendingTaskCount?: number; requestedProductionTrafficWeight?: number; requestedTestTrafficWeight?: number }) {
  return {
    arn: r.arn ?? '',
    requested: r.requestedTaskCount ?? null,
    running: r.runningTaskCount ?? null,
    pending: r.pendingTaskCount ?? null,
    productionWeight: r.requestedProductionTrafficWeight ?? null,
    testWeight: r.requestedTestTrafficWeight ?? null,
  };
}

function lastShiftTime(observed: readonly TrafficPoint[], fromEvents: readonly TrafficPoint[]): number | null {
  const last = fromEvents[fromEvents.length - 1];
  if (last) return last.at;
  for (let i = observed.length - 1; i > 0; i--) if (observed[i].production !== observed[i - 1].production) return observed[i].at;
  return null;
}

/**
 * Traffic over time: before Wharf watched, what the deployment's own record tells (no traffic
 * at its start, test traffic from its TEST_TRAFFIC_SHIFT stage, the production shifts its
 * events name); then what Wharf read from the listener rules.
 */
function mergeTraffic(fromEvents: readonly TrafficPoint[], observed: readonly TrafficPoint[], startedAt: number | null, testShiftAt: number | null): TrafficPoint[] {
  const firstObserved = observed[0]?.at ?? Number.POSITIVE_INFINITY;
  const testNow = observed[0]?.test ?? null;
  const testAt = (at: number) => (testShiftAt !== null && at >= testShiftAt ? testNow : testNow === null ? null : 0);
  const seeds: TrafficPoint[] = [];
  if (startedAt !== null && startedAt < firstObserved) seeds.push({ at: startedAt, production: 0, test: testNow === null ? null : 0 });
  if (testShiftAt !== null && testShiftAt < firstObserved && testNow !== null) seeds.push({ at: testShiftAt, production: lastProductionBefore(fromEvents, testShiftAt), test: testNow });
  for (const p of fromEvents) if (p.at < firstObserved) seeds.push({ at: p.at, production: p.production, test: testAt(p.at) });
  seeds.sort((a, b) => a.at - b.at);
  return [...seeds, ...observed];
}

function lastProductionBefore(points: readonly TrafficPoint[], at: number): number {
  let value = 0;
  for (const p of points) if (p.at <= at && p.production !== null) value = p.production;
  return value;
}

const SECTION_RANK: Record<string, number> = { 'needs-action': 0, failing: 1, 'in-progress': 2, finished: 3 };

export function sortForView(list: DeploymentSummary[]): DeploymentSummary[] {
  return [...list].sort((a, b) => {
    const s = SECTION_RANK[a.verdict.section] - SECTION_RANK[b.verdict.section];
    if (s) return s;
    if (a.verdict.section === 'needs-action') return (a.awaiting?.expiresAt ?? Infinity) - (b.awaiting?.expiresAt ?? Infinity);
    if (a.verdict.section === 'finished') return (b.finishedAt ?? 0) - (a.finishedAt ?? 0);
    return (b.startedAt ?? 0) - (a.startedAt ?? 0);
  });
}

/** The region in an ARN (arn:aws:ecs:REGION:…). */
export function regionOfArn(arn: string): string | null {
  const parts = arn.split(':');
  return parts.length > 4 && parts[0] === 'arn' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(parts[3]) ? parts[3] : null;
}

/** The task behind a target: by private IP (awsvpc) or by instance and host port. */
function taskOfTarget(view: ServiceView, id: string, port: number | null): string | null {
  const live = view.tasks.filter((t) => t.serviceName === view.service.name && t.lastStatus !== 'STOPPED');
  const byIp = live.find((t) => t.privateIp === id);
  if (byIp) return byIp.arn;
  const instance = view.instances.find((i) => i.ec2InstanceId === id);
  if (!instance) return null;
  const onIt = live.filter((t) => t.containerInstanceArn === instance.arn);
  return onIt.find((t) => t.containers.some((c) => c.networkBindings.some((b) => b.hostPort === port)))?.arn ?? null;
}

