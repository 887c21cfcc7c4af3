import type { Problem } from '../../contract/domains/inventory';
import type { DeploymentSection, DeploymentTone, TargetCounts, Verdict } from '../../contract/domains/deployments';

/**
 * Where a deployment stands, for the Deployments view, the deployment card and the service's
 * history: one pure set of rules beside the Problems rules, and fed by them (a service with a
 * crash loop or tasks stopping in error is failing, whatever its rolloutState says). Never a
 * word taken from one API field.
 */
export interface VerdictInput {
  /** ECS's ServiceDeploymentStatus. */
  status: string;
  stage: string | null;
  strategy: string;
  /** A PAUSE hook awaiting a person. */
  awaiting: { hookId: string; timeoutAction: string | null } | null;
  alarmsInAlarm: readonly string[];
  alarmsTriggered: readonly string[];
  circuitBreaker: { status: string; failureCount: number | null; threshold: number | null };
  targets: TargetCounts | null;
  productionWeight: number | null;
  bakeEndsAt: number | null;
  rollbackReason: string | null;
  statusReason: string | null;
  /** The Problems rules' findings for the deployment's service (core/problems/rules.ts). */
  problems: readonly Problem[];
  now: number;
}

const FINISHED: Record<string, { tone: DeploymentTone; word: string }> = {
  SUCCESSFUL: { tone: 'succeeded', word: 'successful' },
  ROLLBACK_SUCCESSFUL: { tone: 'rolled-back', word: 'rolled back' },
  ROLLBACK_FAILED: { tone: 'failed', word: 'rollback failed' },
  STOPPED: { tone: 'stopped', word: 'stopped' },
};

const UNWINDING: Record<string, string> = {
  ROLLBACK_REQUESTED: 'rollback requested',
  ROLLBACK_IN_PROGRESS: 'rolling back',
  STOP_REQUESTED: 'stopping',
};

const STAGE_WORDS: Record<string, string> = {
  RECONCILE_SERVICE: 'reconciling',
  PRE_SCALE_UP: 'starting',
  SCALE_UP: 'scaling up',
  POST_SCALE_UP: 'scaled up',
  TEST_TRAFFIC_SHIFT: 'test traffic shifting',
  POST_TEST_TRAFFIC_SHIFT: 'test traffic on new',
  PRODUCTION_TRAFFIC_SHIFT: 'shifting traffic',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'traffic shifted',
  BAKE_TIME: 'baking',
  CLEAN_UP: 'cleaning up',
};

function verdict(tone: DeploymentTone, section: DeploymentSection, word: string, reason: string | null = null): Verdict {
  return { tone, section, word, reason };
}

/**
 * Problems that say the service is failing now (not warnings such as a Spot interruption), with
 * the word the service's own verdict (contract/health.ts) gives them: the row and the services
 * list say the same.
 */
const FAILING_KINDS: Record<string, string> = {
  'crash-loop': 'crash-looping',
  'task-stopped-error': 'task errors',
  'circuit-breaker': 'failed',
  'deployment-failed': 'failed',
  'deployment-stuck': 'stuck',
};

export function deploymentVerdict(input: VerdictInput): Verdict {
  const finished = FINISHED[input.status];
  if (finished) {
    const why = input.status === 'SUCCESSFUL' ? null : input.rollbackReason ?? input.statusReason;
    return verdict(finished.tone, 'finished', finished.word, why);
  }
  const unwinding = UNWINDING[input.status];
  if (unwinding) return verdict('failing', 'failing', unwinding, input.rollbackReason ?? input.statusReason);

  if (input.awaiting) {
    const at = input.awaiting.timeoutAction === 'CONTINUE' ? 'continue' : 'roll back';
    return verdict('awaiting', 'needs-action', 'awaiting approval', `hook ${input.awaiting.hookId} · at timeout: ${at}`);
  }
  if (input.alarmsInAlarm.length) {
    return verdict('failing', 'failing', 'alarm', `alarm ${input.alarmsInAlarm.join(', ')} in ALARM`);
  }
  const breaker = input.circuitBreaker;
  if (breaker.status === 'TRIGGERED') return verdict('failing', 'failing', 'circuit breaker', 'the circuit breaker tripped');
  if (breaker.status === 'MONITORING' && (breaker.failureCount ?? 0) > 0) {
    return verdict('failing', 'failing', 'tasks failing', `circuit breaker ${breaker.failureCount} of ${breaker.threshold ?? '?'} failed tasks`);
  }
  const targets = input.targets;
  if (targets && targets.unhealthy > 0) {
    return verdict('failing', 'failing', 'targets unhealthy', `${targets.unhealthy} of ${targets.total} targets of the new revision unhealthy`);
  }
  const trouble = input.problems.find((p) => FAILING_KINDS[p.kind] && (p.severity === 'critical' || p.severity === 'error'));
  if (trouble) return verdict('failing', 'failing', FAILING_KINDS[trouble.kind], trouble.title);

  if (input.strategy === 'ROLLING' || !input.stage) return verdict('progress', 'in-progress', 'rolling');
  if (input.bakeEndsAt !== null && input.bakeEndsAt > input.now) {
    const at = input.productionWeight !== null && input.stage === 'PRODUCTION_TRAFFIC_SHIFT' ? ` at ${formatPercent(input.productionWeight)}` : '';
    return verdict('progress', 'in-progress', `baking${at}`);
  }
  return verdict('progress', 'in-progress', STAGE_WORDS[input.stage] ?? input.stage.toLowerCase().replace(/_/g, ' '));
}

const FROM_SERVICE_PROBLEMS = new Set(Object.values(FAILING_KINDS));

/**
 * Whether a failing verdict is the deployment's own finding (alarm, circuit breaker, targets,
 * rolling back…) rather than the service's problems echoed (a crash loop is already a problem).
 */
export function isOwnFinding(v: Pick<Verdict, 'section' | 'word'>): boolean {
  return v.section === 'failing' && !FROM_SERVICE_PROBLEMS.has(v.word);
}

export function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)} %`;
}
