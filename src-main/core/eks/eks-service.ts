/**
 * The EKS domain: for the open session's region and the watched regions, every EKS cluster
 * with its node groups, Fargate profiles, add-ons and insights (the EKS API, once a minute),
 * and each cluster's nodes, pods and warning events (its Kubernetes API: the cluster on screen
 * every 5 s, the others once a minute, one at a time, for the Problems list). Calls go through
 * the session's clients, so the EKS API draws from the region's `eks` bucket and each
 * cluster's API server from a `k8s` bucket of its own. A cluster whose Kubernetes API refuses
 * Wharf keeps its EKS-API part, with the refusal said in words and what to fix.
 */
import { DescribeInsightCommand, type Cluster, type Insight } from '@aws-sdk/client-eks';
import type { EksClusterRecord, EksInsightDetail, KubeAccess, KubeSnapshot } from '../../contract/domains/eks';
import type { Problem } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import type { ApiMonitor } from '../aws/api-monitor';
import { TOKEN_RENEW_AFTER_MS, type EksToken } from '../aws/eks-token';
import type { EventBus } from '../events';
import type { OpenSession, SessionManager } from '../session/session-manager';
import { detectEksProblems } from './eks-problems';
import { listClusterNames, normalizeInsight, readCluster, readVersionSupport, type ClusterRead, type VersionSupport } from './eks-reads';
import { accessOk, explainKubeFailure, type AccessContext } from './kube-access';
import { KubeClient } from './kube-client';
import { normalizeEvent, normalizeNode, normalizePod } from './kube-normalize';

export interface EksIntervals {
  /** Each region's clusters through the EKS API. */
  summaryMs: number;
  /** The support calendar (DescribeClusterVersions). */
  versionsMs: number;
  /** The focused cluster's nodes and pods. */
  focusedKubeMs: number;
  /** Every other cluster's nodes and pods (one cluster per sweep). */
  sweepKubeMs: number;
}

export const DEFAULT_EKS_INTERVALS: EksIntervals = { summaryMs: 60_000, versionsMs: 60 * 60_000, focusedKubeMs: 5_000, sweepKubeMs: 60_000 };
/** A read that took long waits at least as long again before the next (half the time, at most). */
const DUTY_CYCLE = 0.5;
const PAGE = 500;

export interface EksServiceDeps {
  sessions: Pick<SessionManager, 'current' | 'onChange'>;
  events: EventBus;
  monitor: ApiMonitor;
  /** Epoch ms for records' fetchedAt and pods' ages (tests pass the sim's clock). */
  now?: () => number;
  /** Real milliseconds between two looks at what is due. */
  tickMs?: number;
  watchedRegions?: readonly string[];
  intervals?: Partial<EksIntervals>;
  /** The EKS problems changed: the owner of the Problems list recomputes it. */
  onProblemsChanged?: () => void;
}

interface ClusterEntry {
  arn: string;
  name: string;
  region: string;
  read: ClusterRead;
  record: EksClusterRecord;
  caPem: string | null;
  kube: KubeSnapshot | null;
  client: KubeClient | null;
  token: { value: EksToken; madeAt: number } | null;
  kubeLastStart: number | null;
  kubeLastEnd: number | null;
  kubeRunning: boolean;
  /** The lists' resourceVersions of the last read: unchanged means nothing to normalize again. */
  listVersions: string | null;
}

interface RegionState {
  listedAt: number | null;
  lastStart: number | null;
  lastEnd: number | null;
  running: boolean;
  error: string | null;
  versions: Map<string, VersionSupport>;
  versionsAt: number | null;
}

interface SessionState {
  session: OpenSession;
  clusters: Map<string, ClusterEntry>;
  regions: Map<string, RegionState>;
}

const UNKNOWN_ACCESS: KubeAccess = { state: 'unknown', message: null, fix: null, commands: [], principalArn: null, checkedAt: null };

export class EksService {
  private state: SessionState | null = null;
  private focus: string | null = null;
  private watched: string[] = [];
  private active = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private listVersion = 0;
  private listSignature = '';
  private problems: Problem[] = [];
  private problemsSignature = '';
  private readonly intervals: EksIntervals;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: EksServiceDeps) {
    this.intervals = { ...DEFAULT_EKS_INTERVALS, ...deps.intervals };
    this.watched = [...(deps.watchedRegions ?? [])];
    this.unsubscribe = deps.sessions.onChange((session) => this.switchTo(session));
    this.switchTo(deps.sessions.current());
  }

  // ---- what handlers ask ----

  clusters(): { clusters: EksClusterRecord[]; errors: Array<{ region: string; message: string }> } {
    this.activate();
    const state = this.state;
    if (!state) return { clusters: [], errors: [] };
    const clusters = [...state.clusters.values()].map((e) => e.record).sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
    const errors = [...state.regions.entries()].filter(([, r]) => r.error).map(([region, r]) => ({ region, message: r.error! }));
    return { clusters, errors };
  }

  cluster(arn: string): EksClusterRecord {
    this.activate();
    return this.entry(arn).record;
  }

  kube(arn: string): KubeSnapshot {
    this.activate();
    const entry = this.entry(arn);
    return entry.kube ?? emptySnapshot(entry, this.now());
  }

  async insight(arn: string, id: string): Promise<EksInsightDetail> {
    const entry = this.entry(arn);
    const { insight } = (await this.state!.session.clientsFor(entry.region).eks.send(new DescribeInsightCommand({ clusterName: entry.name, id }))) as { insight?: Insight };
    if (!insight) throw new WharfError('NOT_FOUND', `EKS has no insight ${id} for ${entry.name}.`);
    return {
      ...normalizeInsight(insight),
      recommendation: insight.recommendation ?? null,
      resources: (insight.resources ?? []).map((r) => ({
        status: normalizeInsight({ insightStatus: r.insightStatus }).status,
        reason: r.insightStatus?.reason ?? null,
        arn: r.arn ?? null,
        kubernetesResourceUri: r.kubernetesResourceUri ?? null,
      })),
      deprecations: (insight.categorySpecificSummary?.deprecationDetails ?? []).map((d) => ({ usage: d.usage ?? '', replacedWith: d.replacedWith ?? null, stopServingVersion: d.stopServingVersion ?? null })),
    };
  }

  setFocus(clusterArn: string | null): void {
    this.focus = clusterArn;
    this.activate();
    this.tick();
  }

  /** `r`: the focused cluster's nodes and pods now, and its region's clusters. */
  refresh(): void {
    const state = this.state;
    if (!state) return;
    const entry = this.focus ? state.clusters.get(this.focus) : undefined;
    if (entry) {
      entry.kubeLastStart = null;
      this.regionState(entry.region).lastStart = null;
    }
    this.tick();
  }

  watchRegions(regions: readonly string[]): void {
    this.watched = [...regions];
    const state = this.state;
    if (state) {
      const wanted = new Set(this.regionsToRead());
      for (const region of [...state.regions.keys()]) if (!wanted.has(region)) state.regions.delete(region);
      for (const [arn, entry] of state.clusters) {
        if (wanted.has(entry.region)) continue;
        entry.client?.destroy();
        state.clusters.delete(arn);
      }
      this.afterChange();
    }
    this.tick();
  }

  /** Starts polling (the first call from a window, or the app's entry point). */
  activate(): void {
    if (this.active) return;
    this.active = true;
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? 500);
    this.timer.unref?.();
    queueMicrotask(() => this.tick());
  }

  problemList(): Problem[] {
    return this.problems;
  }

  /** Whether a cluster has been read enough that a problem no longer listed for it is gone. */
  hasReadInFull(clusterArn: string): boolean {
    const entry = this.state?.clusters.get(clusterArn);
    return !!entry && (entry.kube?.complete === true || entry.record.kube.state !== 'unknown');
  }

  /** Resolves once nothing is being read (tests). */
  async idle(): Promise<void> {
    const busy = () => {
      const s = this.state;
      return !!s && ([...s.regions.values()].some((r) => r.running) || [...s.clusters.values()].some((c) => c.kubeRunning));
    };
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.drop();
  }

  // ---- polling ----

  private readonly now = (): number => (this.deps.now ?? Date.now)();

  private switchTo(session: OpenSession | null): void {
    this.drop();
    this.state = session ? { session, clusters: new Map(), regions: new Map() } : null;
    if (this.problems.length) {
      this.problems = [];
      this.problemsSignature = '';
      this.deps.onProblemsChanged?.();
    }
    this.listVersion++;
    this.listSignature = '';
    this.deps.events.emit('eks.changed', { clusterArn: null, version: this.listVersion });
    this.tick();
  }

  private drop(): void {
    for (const entry of this.state?.clusters.values() ?? []) entry.client?.destroy();
    this.state = null;
  }

  private regionsToRead(): string[] {
    const state = this.state;
    if (!state) return [];
    return [...new Set([state.session.info.region, ...this.watched])];
  }

  private regionState(region: string): RegionState {
    const state = this.state!;
    let r = state.regions.get(region);
    if (!r) {
      r = { listedAt: null, lastStart: null, lastEnd: null, running: false, error: null, versions: new Map(), versionsAt: null };
      state.regions.set(region, r);
    }
    return r;
  }

  /** Starts what is due: region summaries, the focused cluster's Kubernetes read, one sweep read. */
  private tick(): void {
    const state = this.state;
    if (!state || !this.active) return;
    const real = performance.now();
    for (const region of this.regionsToRead()) {
      const r = this.regionState(region);
      if (!r.running && due(r.lastStart, r.lastEnd, this.intervals.summaryMs, real)) void this.readRegion(state, region, r);
    }
    const focused = this.focus ? state.clusters.get(this.focus) : undefined;
    if (focused && !focused.kubeRunning && due(focused.kubeLastStart, focused.kubeLastEnd, this.intervals.focusedKubeMs, real)) void this.readKube(state, focused);
    if ([...state.clusters.values()].some((c) => c.kubeRunning && c !== focused)) return;
    // A cluster that refused Wharf is asked again ten times less often (its refusal stands until someone changes its access).
    const sweepEvery = (c: ClusterEntry) => this.intervals.sweepKubeMs * (c.kube && ['unauthorized', 'forbidden'].includes(c.kube.access.state) ? 10 : 1);
    const next = [...state.clusters.values()]
      .filter((c) => c !== focused && c.caPem && due(c.kubeLastStart, c.kubeLastEnd, sweepEvery(c), real))
      .sort((a, b) => (a.kubeLastStart ?? -Infinity) - (b.kubeLastStart ?? -Infinity))[0];
    if (next) void this.readKube(state, next);
  }

  private async readRegion(state: SessionState, region: string, r: RegionState): Promise<void> {
    r.running = true;
    r.lastStart = performance.now();
    const clients = state.session.clientsFor(region);
    try {
      const names = await listClusterNames(clients.eks);
      const seen = new Set<string>();
      for (const name of names) {
        const read = await readCluster(clients.eks, name, this.now);
        if (this.state !== state) return;
        const arn = read.cluster.arn ?? `arn:aws:eks:${region}:${state.session.info.accountId}:cluster/${name}`;
        seen.add(arn);
        this.upsertCluster(state, region, arn, read);
      }
      for (const [arn, entry] of state.clusters) {
        if (entry.region !== region || seen.has(arn)) continue;
        entry.client?.destroy();
        state.clusters.delete(arn);
      }
      const versions = [...new Set([...state.clusters.values()].filter((e) => e.region === region).map((e) => e.read.cluster.version).filter((v): v is string => !!v))];
      const missing = versions.some((v) => !r.versions.has(v));
      if (versions.length && (missing || r.versionsAt === null || performance.now() - r.versionsAt >= this.intervals.versionsMs)) {
        r.versions = await readVersionSupport(clients.eks, versions);
        r.versionsAt = performance.now();
      }
      if (this.state !== state) return;
      r.listedAt = this.now();
      r.error = null;
      for (const entry of state.clusters.values()) if (entry.region === region) entry.record = this.recordOf(entry, r);
    } catch (err) {
      if (this.state !== state) return;
      const e = state.session.explainError(err);
      r.error = e.fix ? `${e.message} ${e.fix}` : e.message;
      for (const entry of state.clusters.values()) if (entry.region === region) entry.record = { ...entry.record, stale: true };
    } finally {
      r.running = false;
      r.lastEnd = performance.now();
    }
    if (this.state === state) this.afterChange();
  }

  private upsertCluster(state: SessionState, region: string, arn: string, read: ClusterRead): void {
    const existing = state.clusters.get(arn);
    const caPem = read.cluster.certificateAuthority?.data ? Buffer.from(read.cluster.certificateAuthority.data, 'base64').toString('utf8') : null;
    if (existing && (existing.caPem !== caPem || existing.read.cluster.endpoint !== read.cluster.endpoint)) {
      // A new endpoint or CA: the old connection (and its trust) must go.
      existing.client?.destroy();
      existing.client = null;
    }
    const entry: ClusterEntry = existing ?? {
      arn,
      name: read.cluster.name ?? arn,
      region,
      read,
      record: undefined as unknown as EksClusterRecord,
      caPem,
      kube: null,
      client: null,
      token: null,
      kubeLastStart: null,
      kubeLastEnd: null,
      kubeRunning: false,
      listVersions: null,
    };
    entry.read = read;
    entry.caPem = caPem;
    entry.record = this.recordOf(entry, this.regionState(region));
    state.clusters.set(arn, entry);
  }

  private recordOf(entry: ClusterEntry, region: RegionState): EksClusterRecord {
    const c: Cluster = entry.read.cluster;
    const support = c.version ? region.versions.get(c.version) : undefined;
    const now = this.now();
    const status = !support ? null : support.endOfStandardSupport !== null && now < support.endOfStandardSupport ? 'standard' : support.endOfExtendedSupport !== null && now < support.endOfExtendedSupport ? 'extended' : 'unsupported';
    const kube = entry.kube;
    return {
      arn: entry.arn,
      name: entry.name,
      region: entry.region,
      status: c.status ?? 'UNKNOWN',
      version: c.version ?? null,
      platformVersion: c.platformVersion ?? null,
      endpoint: c.endpoint ?? null,
      endpointPublicAccess: c.resourcesVpcConfig?.endpointPublicAccess ?? false,
      endpointPrivateAccess: c.resourcesVpcConfig?.endpointPrivateAccess ?? false,
      publicAccessCidrs: c.resourcesVpcConfig?.publicAccessCidrs ?? [],
      authenticationMode: c.accessConfig?.authenticationMode ?? null,
      supportType: c.upgradePolicy?.supportType ?? null,
      support: { status, endOfStandardSupport: support?.endOfStandardSupport ?? null, endOfExtendedSupport: support?.endOfExtendedSupport ?? null },
      autoMode: { enabled: c.computeConfig?.enabled === true, nodePools: c.computeConfig?.nodePools ?? [] },
      createdAt: c.createdAt?.getTime() ?? null,
      healthIssues: (c.health?.issues ?? []).map((i) => ({ code: i.code ?? 'Other', message: i.message ?? '', resourceIds: i.resourceIds ?? [] })),
      nodegroups: entry.read.nodegroups,
      fargateProfiles: entry.read.fargateProfiles,
      addons: entry.read.addons,
      insights: entry.read.insights,
      kube: kube?.access ?? UNKNOWN_ACCESS,
      counts: kube && kube.complete
        ? { nodes: kube.nodes.length, notReadyNodes: kube.nodes.filter((n) => n.ready !== 'True').length, pods: kube.pods.length, pendingPods: kube.pods.filter((p) => p.state === 'pending').length }
        : null,
      problemCount: this.problems.filter((p) => p.clusterArn === entry.arn).length,
      fetchedAt: entry.read.fetchedAt,
      stale: false,
    };
  }

  private async readKube(state: SessionState, entry: ClusterEntry): Promise<void> {
    if (!entry.caPem || !entry.read.cluster.endpoint) return;
    entry.kubeRunning = true;
    entry.kubeLastStart = performance.now();
    const session = state.session;
    const ctx: AccessContext = {
      clusterName: entry.name,
      region: entry.region,
      endpoint: entry.read.cluster.endpoint ?? null,
      endpointPublicAccess: entry.record.endpointPublicAccess,
      authenticationMode: entry.record.authenticationMode,
      callerArn: session.info.callerArn,
      now: this.now(),
    };
    let changed = false;
    try {
      const client = (entry.client ??= new KubeClient({
        endpoint: entry.read.cluster.endpoint,
        caPem: entry.caPem,
        token: (fresh) => this.tokenFor(session, entry, fresh),
        bucket: session.budget(entry.region).bucketFor('k8s', entry.read.cluster.endpoint),
        monitor: this.deps.monitor,
      }));
      const serverVersion = entry.kube?.serverVersion ?? (await client.get<{ gitVersion?: string }>('/version')).gitVersion ?? null;
      const [nodes, pods, events] = [
        await client.list<unknown>('/api/v1/nodes', PAGE),
        await client.list<unknown>('/api/v1/pods', PAGE),
        await client.list<unknown>('/api/v1/events?fieldSelector=type%3DWarning', PAGE),
      ];
      if (this.state !== state) return;
      const listVersions = `${nodes.resourceVersion}|${pods.resourceVersion}|${events.resourceVersion}`;
      const now = this.now();
      const access = accessOk(ctx);
      if (listVersions !== entry.listVersions || entry.kube?.access.state !== 'ok') {
        entry.listVersions = listVersions;
        const hourAgo = now - 60 * 60_000;
        const snapshot: KubeSnapshot = {
          clusterArn: entry.arn,
          access,
          nodes: nodes.items.map(normalizeNode).filter((n) => n !== null),
          pods: pods.items.map(normalizePod).filter((p) => p !== null),
          events: events.items
            .map(normalizeEvent)
            .filter((e) => e !== null && (e.lastTimestamp ?? now) >= hourAgo)
            .sort((a, b) => (b!.lastTimestamp ?? 0) - (a!.lastTimestamp ?? 0))
            .slice(0, 500) as KubeSnapshot['events'],
          serverVersion,
          version: (entry.kube?.version ?? 0) + 1,
          complete: true,
          fetchedAt: now,
          stale: false,
        };
        changed = true;
        entry.kube = snapshot;
      } else {
        entry.kube = { ...entry.kube!, access, fetchedAt: now, stale: false };
      }
    } catch (err) {
      if (this.state !== state) return;
      const access = explainKubeFailure(err, ctx);
      const before = entry.kube;
      changed = !before || before.access.state !== access.state || before.access.message !== access.message;
      entry.kube = before
        ? { ...before, access, stale: true, version: changed ? before.version + 1 : before.version }
        : { ...emptySnapshot(entry, this.now()), access, version: 1 };
      if (access.state === 'unauthorized') entry.token = null;
    } finally {
      entry.kubeRunning = false;
      entry.kubeLastEnd = performance.now();
    }
    if (this.state !== state) return;
    entry.record = this.recordOf(entry, this.regionState(entry.region));
    if (changed) this.deps.events.emit('eks.changed', { clusterArn: entry.arn, version: entry.kube!.version });
    this.afterChange();
  }

  private async tokenFor(session: OpenSession, entry: ClusterEntry, fresh: boolean): Promise<string> {
    const cached = entry.token;
    if (!fresh && cached && performance.now() - cached.madeAt < TOKEN_RENEW_AFTER_MS) return cached.value.token;
    const value = await session.clientsFor(entry.region).eksToken(entry.name);
    entry.token = { value, madeAt: performance.now() };
    return value.token;
  }

  private entry(arn: string): ClusterEntry {
    const entry = this.state?.clusters.get(arn);
    if (!entry) {
      if (!this.state) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
      throw new WharfError('NOT_FOUND', `Wharf has not read an EKS cluster ${arn} (yet).`, { fix: 'Wait for the first read of its region, or check the ARN.' });
    }
    return entry;
  }

  /** After any read: recompute problems, refresh the records' problem counts, tell the renderer if the list changed. */
  private afterChange(): void {
    const state = this.state;
    if (!state) return;
    const now = this.now();
    const problems = [...state.clusters.values()].flatMap((e) => detectEksProblems(e.record, e.kube, now));
    const signature = JSON.stringify(problems);
    if (signature !== this.problemsSignature) {
      this.problems = problems;
      this.problemsSignature = signature;
      for (const entry of state.clusters.values()) entry.record = { ...entry.record, problemCount: problems.filter((p) => p.clusterArn === entry.arn).length };
      this.deps.onProblemsChanged?.();
    }
    // Times alone (fetchedAt, checkedAt) do not make a change worth a re-read.
    const { clusters, errors } = this.clusters();
    const listSignature = JSON.stringify({ errors, clusters: clusters.map((c) => ({ ...c, fetchedAt: 0, kube: { ...c.kube, checkedAt: 0 } })) });
    if (listSignature === this.listSignature) return;
    this.listSignature = listSignature;
    this.listVersion++;
    this.deps.events.emit('eks.changed', { clusterArn: null, version: this.listVersion });
  }
}

function due(lastStart: number | null, lastEnd: number | null, intervalMs: number, now: number): boolean {
  if (lastStart === null || lastEnd === null) return lastStart === null;
  const gap = Math.max(intervalMs, (lastEnd - lastStart) / DUTY_CYCLE);
  return now - lastStart >= gap;
}

function emptySnapshot(entry: ClusterEntry, now: number): KubeSnapshot {
  return { clusterArn: entry.arn, access: entry.record.kube, nodes: [], pods: [], events: [], serverVersion: null, version: 0, complete: false, fetchedAt: now, stale: false };
}
