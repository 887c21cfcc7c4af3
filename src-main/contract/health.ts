import type { ClusterHealth, DeploymentRecord, HealthProblem, HealthState, Problem, ServiceHealth, ServiceRecord } from './domains/inventory';

/**
 * The one verdict of a service's health, from the same rules as the Problems view: core's
 * problem rules (core/problems/rules.ts) find what is wrong across services, tasks and
 * instances; this folds them with the service record into a state and a word. Core calls it
 * and sends the result as `ServiceRecord.health` (recomputed when the record or its problems
 * change, which includes time alone: a crash loop's 10-minute window passing). Pure, so the
 * history can rebuild a past verdict and tests need no core.
 *
 * A view shows `service.health`; it never reads `rolloutState` or a count to colour a badge.
 */

export type VerdictInput = Pick<ServiceRecord, 'arn' | 'status' | 'desiredCount' | 'runningCount' | 'pendingCount' | 'deployments'>;

const SEVERITY_RANK: Record<Problem['severity'], number> = { critical: 0, error: 1, warning: 2 };

/** Worst first; the newest within a severity; then by id so the choice is stable. */
export function worstOf<P extends Pick<Problem, 'severity' | 'since' | 'id'>>(problems: readonly P[]): P | null {
  let worst: P | null = null;
  for (const p of problems) {
    if (!worst || SEVERITY_RANK[p.severity] < SEVERITY_RANK[worst.severity] || (p.severity === worst.severity && (p.since > worst.since || (p.since === worst.since && p.id < worst.id)))) worst = p;
  }
  return worst;
}

/** The deployment ECS is rolling to (PRIMARY), else the first. */
export function primaryOf(deployments: readonly DeploymentRecord[]): DeploymentRecord | null {
  return deployments.find((d) => d.status === 'PRIMARY') ?? deployments[0] ?? null;
}

/** True while a new deployment replaces older ones (more than one live, or the primary in progress). */
export function isRolling(deployments: readonly DeploymentRecord[]): boolean {
  const primary = primaryOf(deployments);
  return primary?.rolloutState === 'IN_PROGRESS' || deployments.some((d) => d !== primary && d.status !== 'INACTIVE');
}

/** Whether a problem concerns the service: it points at it, or names it as its service. */
export function concernsService(problem: Pick<Problem, 'targetArn' | 'serviceArn'>, serviceArn: string): boolean {
  return problem.targetArn === serviceArn || problem.serviceArn === serviceArn;
}

function brief(p: Problem | HealthProblem): HealthProblem {
  return { id: p.id, kind: p.kind, severity: p.severity, title: p.title, detail: p.detail, since: p.since };
}

/**
 * The verdict, worst reason first:
 * inactive / draining (the service itself is going) → crash-looping → failed (circuit breaker,
 * failed deployment) → stuck (a rollout without progress for 30 min) → rolling → down / below
 * desired (fewer running than desired for minutes, per the Problems rule) → scaling (counts
 * moving, not yet a problem) → task errors (tasks stopped with errors in the last hour) → steady.
 * `problems` are those that concern the service (see concernsService); others are ignored.
 */
export function serviceVerdict(s: VerdictInput, problems: readonly Problem[]): ServiceHealth {
  const mine = problems.filter((p) => concernsService(p, s.arn));
  const kinds = new Set(mine.map((p) => p.kind));
  const worst = worstOf(mine);
  const verdict = (state: HealthState, word: string, decidedBy?: Problem): ServiceHealth => ({
    state,
    word,
    problem: decidedBy ? brief(decidedBy) : worst ? brief(worst) : null,
    problemCount: mine.length,
  });
  const of = (kind: Problem['kind']) => mine.find((p) => p.kind === kind);

  if (s.status === 'INACTIVE') return verdict('unknown', 'inactive');
  if (s.status === 'DRAINING') return verdict('degraded', 'draining');
  if (kinds.has('crash-loop')) return verdict('failed', 'crash-looping', of('crash-loop'));
  const failedDeployment = of('circuit-breaker') ?? of('deployment-failed');
  if (failedDeployment || primaryOf(s.deployments)?.rolloutState === 'FAILED') return verdict('failed', 'failed', failedDeployment);
  if (kinds.has('deployment-stuck')) return verdict('degraded', 'stuck', of('deployment-stuck'));
  if (isRolling(s.deployments)) return verdict('progress', 'rolling');
  const below = of('below-desired');
  if (below) return verdict(below.severity === 'warning' ? 'degraded' : 'failed', s.runningCount <= 0 ? 'down' : 'below desired', below);
  if (s.runningCount !== s.desiredCount) return verdict('progress', 'scaling');
  if (kinds.has('task-stopped-error')) return verdict('degraded', 'task errors', of('task-stopped-error'));
  return verdict('healthy', 'steady');
}

/** Whether two verdicts say the same (core re-sends a record only when its verdict moved). */
export function sameVerdict(a: ServiceHealth | undefined, b: ServiceHealth): boolean {
  return (
    !!a &&
    a.state === b.state &&
    a.word === b.word &&
    a.problemCount === b.problemCount &&
    (a.problem?.id ?? null) === (b.problem?.id ?? null) &&
    (a.problem?.detail ?? null) === (b.problem?.detail ?? null) &&
    (a.problem?.title ?? null) === (b.problem?.title ?? null)
  );
}

/**
 * A cluster's verdict: its worst problem in a few words ("ledger: crash loop", "+2 more"),
 * "no problems" once Wharf has read it in full, "not read yet" before (a cluster nobody
 * has looked at is not healthy, only unknown).
 */
export function clusterVerdict(problems: readonly Problem[], readInFull: boolean): ClusterHealth {
  const worst = worstOf(problems);
  if (!worst) return readInFull ? { state: 'healthy', word: 'no problems' } : { state: 'unknown', word: 'not read yet' };
  const more = problems.length > 1 ? ` +${problems.length - 1} more` : '';
  return { state: worst.severity === 'warning' ? 'degraded' : 'failed', word: `${worst.title}${more}` };
}

/**
 * How the deployment card reads a deployment: ECS's rollout state, and when it is the one
 * running now (PRIMARY) but the service is unwell, the verdict beside it in the verdict's
 * state: "completed · crash-looping". A completed rollout is only green when the service is.
 */
export function deploymentVerdict(d: Pick<DeploymentRecord, 'status' | 'rolloutState'>, health: ServiceHealth): { state: HealthState; word: string } {
  const rollout = rolloutWord(d.rolloutState);
  if (d.status !== 'PRIMARY') return rollout;
  if (health.state === 'failed' || health.state === 'degraded') {
    return rollout.word === health.word ? { state: health.state, word: rollout.word } : { state: health.state, word: `${rollout.word} · ${health.word}` };
  }
  return rollout;
}

function rolloutWord(state: string | null): { state: HealthState; word: string } {
  switch (state) {
    case 'COMPLETED':
      return { state: 'healthy', word: 'completed' };
    case 'FAILED':
      return { state: 'failed', word: 'failed' };
    case 'IN_PROGRESS':
      return { state: 'progress', word: 'in progress' };
    default:
      return { state: 'unknown', word: state?.toLowerCase().replace(/_/g, ' ') ?? 'no rollout state' };
  }
}
