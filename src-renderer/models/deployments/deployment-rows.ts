import type { DeploymentSection, DeploymentSummary, StageInfo } from '@contract/domains/deployments';
import type { SessionInfo } from '@contract/domains/session';
import { DEPLOYMENT_TONE_STATE } from '@contract/health';
import type { HealthState } from '../../theme/states';

/**
 * The Deployments view's words and groupings, pure: sections needs-action first, the row's
 * strategy, stage, traffic and target texts, the countdown, filters, and the sentences of the
 * approve / roll back / stop dialogs. The verdict itself comes from core (the health rules).
 */

export const SECTIONS: ReadonlyArray<{ id: DeploymentSection; title: string }> = [
  { id: 'needs-action', title: 'Awaiting approval' },
  { id: 'failing', title: 'Failing' },
  { id: 'in-progress', title: 'In progress' },
  { id: 'finished', title: 'Finished in the last 24 h' },
];

/** The one meaning per colour: a deployment's tone as a health state, the same map core's service verdict uses. */
export const TONE_STATE = DEPLOYMENT_TONE_STATE;

export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** "BLUE_GREEN", "CANARY 5%", "LINEAR 10%". */
export function strategyLabel(d: Pick<DeploymentSummary, 'strategy'>, config?: { canaryPercent: number | null; stepPercent: number | null }): string {
  if (d.strategy === 'CANARY' && config?.canaryPercent) return `CANARY ${pct(config.canaryPercent)}`;
  if (d.strategy === 'LINEAR' && config?.stepPercent) return `LINEAR ${pct(config.stepPercent)}`;
  return d.strategy;
}

/** "PRODUCTION_TRAFFIC_SHIFT (3 of 10)", or the rollout state of a rolling one. */
export function stageLabel(d: Pick<DeploymentSummary, 'stage' | 'step' | 'strategy' | 'status'>): string {
  if (!d.stage) return d.strategy === 'ROLLING' ? (d.status === 'IN_PROGRESS' ? 'rolling' : d.status.toLowerCase().replace(/_/g, ' ')) : '—';
  if (d.stage === 'PRODUCTION_TRAFFIC_SHIFT' && d.step && d.step.index > 0) return `${d.stage} (${d.step.index} of ${d.step.of})`;
  return d.stage;
}

/** "prod 0% · test 100%", "prod 30%", or nothing for a rolling deployment (production first: a narrow column keeps it). */
export function trafficLabel(d: Pick<DeploymentSummary, 'productionWeight' | 'testWeight' | 'strategy'>): string {
  if (d.strategy === 'ROLLING' || d.productionWeight === null) return '';
  return d.testWeight !== null && d.testWeight !== d.productionWeight ? `prod ${pct(d.productionWeight)} · test ${pct(d.testWeight)}` : `prod ${pct(d.productionWeight)}`;
}

/** "targets 6/6 healthy", "2 of 6 targets unhealthy". */
export function targetsLabel(d: Pick<DeploymentSummary, 'targets'>): string {
  const t = d.targets;
  if (!t || t.total === 0) return '';
  if (t.unhealthy) return `${t.unhealthy} of ${t.total} targets unhealthy`;
  if (t.initial) return `targets ${t.healthy}/${t.total} healthy, ${t.initial} checking`;
  return `targets ${t.healthy}/${t.total} healthy`;
}

/** "14:32" (mm:ss), "1:02:03" past an hour, "0:00" when it is over. */
export function countdown(until: number | null, now: number): string {
  if (until === null) return '';
  const left = Math.max(0, Math.round((until - now) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export interface DeploymentFilter {
  cluster: string | null;
  strategy: string | null;
  section: DeploymentSection | null;
  text: string;
}

export function filterDeployments(list: readonly DeploymentSummary[], f: DeploymentFilter): DeploymentSummary[] {
  const text = f.text.trim().toLowerCase();
  return list.filter(
    (d) =>
      (!f.cluster || d.clusterName === f.cluster || d.clusterArn === f.cluster) &&
      (!f.strategy || d.strategy === f.strategy) &&
      (!f.section || d.verdict.section === f.section) &&
      (!text || `${d.serviceName} ${d.clusterName} ${d.strategy} ${d.stage ?? ''} ${d.verdict.word} ${d.region}`.toLowerCase().includes(text)),
  );
}

export interface SectionGroup {
  id: DeploymentSection;
  title: string;
  rows: DeploymentSummary[];
  /** Index of the first row in the flat list (for keyboard navigation across sections). */
  offset: number;
}

/** Rows grouped by section in the view's order (core sorts within a section). */
export function groupBySection(list: readonly DeploymentSummary[]): SectionGroup[] {
  const groups: SectionGroup[] = [];
  let offset = 0;
  for (const s of SECTIONS) {
    const rows = list.filter((d) => d.verdict.section === s.id);
    if (!rows.length) continue;
    groups.push({ ...s, rows, offset });
    offset += rows.length;
  }
  return groups;
}

/** The flat order of the grouped rows (what j/k walk). */
export function flatRows(groups: readonly SectionGroup[]): DeploymentSummary[] {
  return groups.flatMap((g) => g.rows);
}

export const STAGE_SYMBOL: Record<StageInfo['state'], string> = { done: '✓', now: '●', todo: '○', skipped: '–' };

/** "POST_TEST_TRAFFIC_SHIFT" → "post test traffic shift" (readable, short). */
export function stageWords(stage: string): string {
  return stage.toLowerCase().replace(/_/g, ' ');
}

type Scope = Pick<SessionInfo, 'profile'>;

/** "Approve storefront's paused deployment in prod-admin / us-east-1: production traffic moves to the new revision". */
export function continueSentence(d: Pick<DeploymentSummary, 'serviceName' | 'region' | 'strategy'>, action: 'CONTINUE' | 'ROLLBACK', session: Scope): string {
  const where = `in ${session.profile} / ${d.region}`;
  return action === 'CONTINUE'
    ? `Approve the paused deployment of ${d.serviceName} ${where}`
    : `Roll back the paused deployment of ${d.serviceName} ${where}`;
}

/** The paused deployments a bulk approve / roll back acts on: those shown (filters applied) with a hook awaiting a person. */
export function awaitingOf(shown: readonly DeploymentSummary[]): DeploymentSummary[] {
  return shown.filter((d) => d.verdict.section === 'needs-action' && d.awaiting?.status === 'AWAITING_ACTION');
}

/** "Approve 2 paused deployments in Demo account" (each row names its cluster and region). */
export function bulkSentence(count: number, action: 'CONTINUE' | 'ROLLBACK', session: Pick<Scope, 'profile'>): string {
  const what = `${count} paused deployment${count === 1 ? '' : 's'}`;
  return `${action === 'CONTINUE' ? 'Approve' : 'Roll back'} ${what} in ${session.profile}`;
}

export function continueNote(d: Pick<DeploymentSummary, 'stage' | 'strategy'>, action: 'CONTINUE' | 'ROLLBACK'): string {
  if (action === 'ROLLBACK') return 'ECS moves test and production traffic back to the previous revision and stops the new one. The service ends where it was before this deployment.';
  const next = d.stage === 'POST_TEST_TRAFFIC_SHIFT' || d.stage === 'POST_SCALE_UP' ? 'production traffic then shifts to the new revision' : 'the deployment goes on to its next stage';
  return `ECS continues from ${d.stage ?? 'this stage'}: ${next}${d.strategy === 'BLUE_GREEN' ? ', all at once' : ', step by step'}, then bakes and cleans up.`;
}

export function stopSentence(d: Pick<DeploymentSummary, 'serviceName' | 'region'>, stopType: 'ROLLBACK' | 'ABORT', session: Scope): string {
  const where = `in ${session.profile} / ${d.region}`;
  return stopType === 'ROLLBACK' ? `Stop the deployment of ${d.serviceName} and roll back ${where}` : `Stop the deployment of ${d.serviceName} where it is ${where}`;
}

export function stopNote(d: Pick<DeploymentSummary, 'productionWeight' | 'strategy'>, stopType: 'ROLLBACK' | 'ABORT'): string {
  if (stopType === 'ROLLBACK') return 'ECS stops the deployment, moves all traffic back to the previous revision and stops the new revision\'s tasks (a rolling deployment goes back to the last steady revision).';
  const traffic = d.strategy !== 'ROLLING' && d.productionWeight !== null ? ` Production traffic stays split as it is now (${pct(d.productionWeight)} on the new revision).` : '';
  return `ECS stops the deployment here: no more traffic shifts, no rollback; both revisions keep running.${traffic} A new deployment starts from this state.`;
}

export interface HookRow {
  key: string;
  what: string;
  stage: string;
  /** The run's status when Wharf saw it; `passed` for a stage gone by before Wharf watched, `to come` for one ahead. */
  status: string;
  expiresAt: number | null;
}

/**
 * Every configured hook at every stage it runs, with what Wharf saw of its runs: the stage
 * strip says whether an unseen run's stage has passed (it let the deployment go on) or is ahead.
 */
export function hookRows(
  configured: ReadonlyArray<{ targetType: string; target: string | null; stages: readonly string[] }>,
  seen: ReadonlyArray<{ hookId: string; targetType: string; targetArn: string | null; status: string; stage: string | null; expiresAt: number | null }>,
  stages: readonly StageInfo[],
): HookRow[] {
  const nameOf = (type: string, arn: string | null) => (type === 'PAUSE' ? 'pause' : (arn ?? '').split(':').pop() || 'lambda');
  const stateOfStage = (stage: string) => {
    // PRE_PRODUCTION_TRAFFIC_SHIFT hooks run within the production shift stage.
    const at = stage === 'PRE_PRODUCTION_TRAFFIC_SHIFT' ? 'PRODUCTION_TRAFFIC_SHIFT' : stage;
    return stages.find((s) => s.stage === at)?.state ?? 'todo';
  };
  const rows: HookRow[] = [];
  for (const h of configured) {
    for (const stage of h.stages) {
      const runs = seen.filter((r) => r.targetType === h.targetType && (r.targetArn ?? null) === (h.targetType === 'PAUSE' ? null : h.target) && (r.stage === stage || (stage.endsWith('PRODUCTION_TRAFFIC_SHIFT') && r.stage === 'PRODUCTION_TRAFFIC_SHIFT')));
      const last = runs[runs.length - 1];
      const state = stateOfStage(stage);
      const status = last ? last.status : state === 'done' ? 'passed' : state === 'skipped' ? 'skipped' : state === 'now' ? 'starting' : 'to come';
      rows.push({ key: `${h.targetType}|${h.target}|${stage}`, what: nameOf(h.targetType, h.target), stage, status, expiresAt: last?.status === 'AWAITING_ACTION' ? last.expiresAt : null });
    }
  }
  return rows;
}

const STRATEGY_WORDS: Record<string, string> = { BLUE_GREEN: 'blue/green', CANARY: 'canary', LINEAR: 'linear', ROLLING: 'rolling' };

/**
 * The service page's word and sentence while a blue/green, canary or linear deployment moves:
 * the deployment's verdict (the same rules as the Deployments view, fed by the Problems rules),
 * so the header never says "rolling" over a deployment that waits for a person. Null for a
 * rolling deployment or one that has finished (the service's own state then stands).
 */
export function deploymentHeadline(d: DeploymentSummary | null, now: number): { state: HealthState; word: string; sentence: string } | null {
  if (!d || d.strategy === 'ROLLING' || d.verdict.section === 'finished') return null;
  const kind = STRATEGY_WORDS[d.strategy] ?? d.strategy.toLowerCase();
  const traffic = trafficLabel(d);
  let sentence: string;
  if (d.verdict.section === 'needs-action' && d.awaiting) {
    const then = d.awaiting.timeoutAction === 'CONTINUE' ? 'continues' : 'rolls back';
    const left = d.awaiting.expiresAt ? ` in ${countdown(d.awaiting.expiresAt, now)}` : '';
    sentence = `A ${kind} deployment waits for approval at ${stageWords(d.awaiting.stage ?? d.stage ?? 'its stage')} (${traffic || 'no traffic moved yet'}); unless approved or rolled back, ECS ${then}${left}.`;
  } else if (d.verdict.section === 'failing') {
    sentence = `A ${kind} deployment is failing: ${d.verdict.reason ?? d.verdict.word}.`;
  } else {
    const bake = d.bakeEndsAt && d.bakeEndsAt > now ? `, bake ends in ${countdown(d.bakeEndsAt, now)}` : '';
    sentence = `A ${kind} deployment is ${d.verdict.word}${d.stage ? ` at ${stageWords(d.stage)}` : ''}${traffic ? ` (${traffic})` : ''}${bake}.`;
  }
  return { state: TONE_STATE[d.verdict.tone], word: d.verdict.word, sentence };
}
