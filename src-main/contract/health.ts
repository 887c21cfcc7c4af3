import type { DeploymentTone } from './domains/deployments';
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
 * A deployment's tone (core/problems/deployment-verdict.ts) as a health state: the one meaning
 * per colour, shared by the services list, the header, the palette and the Deployments view.
 */
export const DEPLOYMENT_TONE_STATE: Record<DeploymentTone, HealthState> = {
  awaiting: 'degraded',
  failing: 'failed',
  progress: 'progress',
  succeeded: 'healthy',
  'rolled-back': 'failed',
  stopped: 'unknown',
  failed: 'failed',
};

/**
 * The deployments domain's problems carry the deployment verdict's word in their title
 * ("storefront: awaiting approval", "recommendations: rolling back"): the service's verdict
 * takes that word, so the list and the Deployments view say the same.
 */
export function deploymentProblemTitle(serviceName: string, word: string): string {
  return `${serviceName}: ${word}`;
}

function wordOfDeploymentProblem(p: Pick<Problem, 'title'>): string {
  const at = p.title.indexOf(': ');
  return at >= 0 ? p.title.slice(at + 2) : p.title;
}

/**
 * The verdict, worst reason first:
 * inactive / draining (the service itself is going) → a deployment awaiting approval (a PAUSE
 * hook waits for a person) → a deployment failing (alarm in ALARM, circuit breaker counting,
 * targets unhealthy, rolling back or stopping: the deployment verdict's word) → crash-looping → failed (circuit breaker,
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
  // The deployments domain's verdict (core/problems/deployment-verdict.ts), in its words and colours.
  const awaiting = of('deployment-awaiting');
  if (awaiting) return verdict(DEPLOYMENT_TONE_STATE.awaiting, wordOfDeploymentProblem(awaiting), awaiting);
  const failing = of('deployment-failing');
  if (failing) return verdict(DEPLOYMENT_TONE_STATE.failing, wordOfDeploymentProblem(failing), failing);
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
 * and the deployments awaiting approval beside it (`awaiting`: "storefront: awaiting approval"),
 * "no problems" once Wharf has read it in full, "not read yet" before (a cluster nobody
 * has looked at is not healthy, only unknown).
 */
export function clusterVerdict(problems: readonly Problem[], readInFull: boolean): ClusterHealth {
  const worst = worstOf(problems);
  if (!worst) return readInFull ? { state: 'healthy', word: 'no problems' } : { state: 'unknown', word: 'not read yet' };
  // Deployments waiting for a person are named too, whatever is worse: someone must act on them.
  const waiting = worst.kind === 'deployment-awaiting' ? [] : problems.filter((p) => p.kind === 'deployment-awaiting');
  const awaiting = waiting.length === 1 ? waiting[0].title : waiting.length > 1 ? `${waiting.length} awaiting approval` : null;
  const rest = problems.length - 1 - waiting.length;
  const more = rest > 0 ? ` +${rest} more` : '';
  return { state: worst.severity === 'warning' ? 'degraded' : 'failed', word: `${worst.title}${more}`, ...(awaiting ? { awaiting } : {}) };
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
