import type { Focus } from '../../contract/domains/inventory';

/**
 * When each polling job runs: pure decisions over the jobs' last runs and the time, so they
 * can be tested with fake time. The poller asks `dueJobs` on every tick and starts what it
 * returns.
 *
 * The API budget (docs/architecture.md, "The API budget"; figures in docs/ecs-facts.md):
 * - the focused cluster refreshes every few seconds, but a refresh that took long (a large
 *   cluster paced by the token buckets) waits at least as long again (dutyCycle 0.5), so the
 *   focused cluster alone never takes more than about half of Wharf's share of a bucket;
 * - the focused service (what an operator watches roll out) every 2.5 s: ~4 calls;
 * - the region's cluster summaries every 60 s (1 ListClusters + 1 DescribeClusters per 100);
 * - the background sweep of the other clusters (services, stopped tasks, instances, for the
 *   Problems view) spends about 1 call per second (its calls are paced in bursts of 10, and
 *   the next sweep waits a second per call made): at the default share (half of AWS's 20/s
 *   refill) that is 10% of Wharf's and 5% of AWS's rate of any one bucket, at most.
 * A failed job keeps its data (stale), retries after its interval, then backs off doubling
 * up to a minute. A job never overlaps itself.
 */
export type JobKey = 'summaries' | 'cluster' | 'services' | 'tasks' | 'instances' | 'service' | 'sweep';

export interface JobPolicy {
  /** The normal time between two starts. */
  intervalMs: number;
  /** Share of the time the job may be running: the gap after a run is at least duration / dutyCycle. */
  dutyCycle: number;
  /** When set, the gap is at least calls / callsPerSecond (the sweep's budget). */
  callsPerSecond: number | null;
}

export const DEFAULT_POLICIES: Record<JobKey, JobPolicy> = {
  summaries: { intervalMs: 60_000, dutyCycle: 0.5, callsPerSecond: null },
  cluster: { intervalMs: 5_000, dutyCycle: 0.5, callsPerSecond: null },
  services: { intervalMs: 5_000, dutyCycle: 0.5, callsPerSecond: null },
  tasks: { intervalMs: 5_000, dutyCycle: 0.5, callsPerSecond: null },
  instances: { intervalMs: 5_000, dutyCycle: 0.5, callsPerSecond: null },
  service: { intervalMs: 2_500, dutyCycle: 0.5, callsPerSecond: null },
  sweep: { intervalMs: 2_000, dutyCycle: 0.1, callsPerSecond: 1 },
};

export const MAX_BACKOFF_MS = 60_000;

/**
 * The region's summaries while no cluster is focused (the overview, Problems): what is on
 * screen then is the summaries, so they keep the focused promise of a few seconds' order
 * rather than a minute (1 ListClusters + 1 DescribeClusters per 100 clusters each time).
 */
export const SUMMARIES_ON_SCREEN_MS = 10_000;

/**
 * The refresh promise of one job: the age its data reaches just before its next run ends
 * (the gap between starts, plus how long a run takes), when all is well (no failure backoff),
 * and whether the API budget (a run so long that the duty cycle stretches the gap) sets it.
 */
export function refreshPromiseOf(policy: JobPolicy, state: JobState): { everyMs: number; byBudget: boolean } | null {
  if (state.startedAt === null || state.endedAt === null) return null;
  const duration = Math.max(0, state.endedAt - state.startedAt);
  const stretched = duration / policy.dutyCycle;
  const gap = Math.max(policy.intervalMs, stretched);
  return { everyMs: gap + duration, byBudget: stretched > policy.intervalMs };
}

export interface JobState {
  running: boolean;
  startedAt: number | null;
  endedAt: number | null;
  /** Calls the last run made. */
  calls: number;
  /** Failed runs in a row. */
  failures: number;
  /** `r`: run as soon as the job is not running. */
  forced: boolean;
}

export function newJobState(): JobState {
  return { running: false, startedAt: null, endedAt: null, calls: 0, failures: 0, forced: false };
}

/** When the job may start next (start-to-start), or -Infinity when it should run now. */
export function nextDueAt(policy: JobPolicy, state: JobState): number {
  if (state.forced || state.startedAt === null || state.endedAt === null) return Number.NEGATIVE_INFINITY;
  const duration = Math.max(0, state.endedAt - state.startedAt);
  let gap = Math.max(policy.intervalMs, duration / policy.dutyCycle);
  if (policy.callsPerSecond) gap = Math.max(gap, (state.calls / policy.callsPerSecond) * 1000);
  if (state.failures > 0) gap = Math.max(gap, Math.min(MAX_BACKOFF_MS, policy.intervalMs * 2 ** (state.failures - 1)));
  return state.startedAt + gap;
}

/** The jobs the focus calls for. The sweep waits until the focused cluster's first load is done. */
export function wantedJobs(focus: Focus, focusedLoadComplete: boolean): JobKey[] {
  const jobs: JobKey[] = ['summaries'];
  if (focus.clusterArn) {
    jobs.push('cluster', 'services', 'tasks', 'instances');
    if (focus.serviceArn) jobs.push('service');
  }
  if (!focus.clusterArn || focusedLoadComplete) jobs.push('sweep');
  return jobs;
}

/** The wanted jobs that should start now: not running, and their next time has come. */
export function dueJobs(now: number, wanted: readonly JobKey[], states: ReadonlyMap<JobKey, JobState>, policies: Record<JobKey, JobPolicy> = DEFAULT_POLICIES): JobKey[] {
  return wanted.filter((key) => {
    const state = states.get(key) ?? newJobState();
    return !state.running && now >= nextDueAt(policies[key], state);
  });
}

/** The sweep's next cluster: the least recently swept, not focused, not swept in the last minute. */
export function nextSweepCluster(clusterArns: readonly string[], focused: string | null, sweptAt: ReadonlyMap<string, number>, now: number, minGapMs = 60_000): string | null {
  let best: string | null = null;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const arn of clusterArns) {
    if (arn === focused) continue;
    const at = sweptAt.get(arn) ?? Number.NEGATIVE_INFINITY;
    if (now - at < minGapMs) continue;
    if (at < bestAt) {
      best = arn;
      bestAt = at;
    }
  }
  return best;
}
