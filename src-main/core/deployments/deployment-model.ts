import type { ServiceDeployment, ServiceRevision, TaskDefinition } from '@aws-sdk/client-ecs';
import type {
  DeploymentConfigSummary,
  DeploymentStrategy,
  HookInfo,
  LifecycleStage,
  RevisionDiffLine,
  RevisionInfo,
  StageInfo,
  TargetCounts,
  TrafficPoint,
} from '../../contract/domains/deployments';
import type { ServiceEvent } from '../../contract/domains/inventory';

/**
 * Pure pieces of the deployments domain: the strategy's stages and where a deployment is in
 * them, traffic steps, bake ends, revisions in words and their diff with the changed token
 * marked. deployments-service.ts feeds them what it read and observed.
 */

export const STAGES: readonly LifecycleStage[] = [
  'RECONCILE_SERVICE', 'PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP',
];

export const TERMINAL = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);
const MINUTE = 60_000;

export function strategyOf(sd: Pick<ServiceDeployment, 'deploymentConfiguration'> | undefined): DeploymentStrategy {
  const s = sd?.deploymentConfiguration?.strategy;
  return s === 'BLUE_GREEN' || s === 'LINEAR' || s === 'CANARY' ? s : 'ROLLING';
}

export function configSummary(sd: ServiceDeployment | undefined): DeploymentConfigSummary {
  const c = sd?.deploymentConfiguration;
  return {
    strategy: strategyOf(sd),
    bakeTimeInMinutes: c?.bakeTimeInMinutes ?? null,
    canaryPercent: c?.canaryConfiguration?.canaryPercent ?? null,
    canaryBakeTimeInMinutes: c?.canaryConfiguration?.canaryBakeTimeInMinutes ?? null,
    stepPercent: c?.linearConfiguration?.stepPercent ?? null,
    stepBakeTimeInMinutes: c?.linearConfiguration?.stepBakeTimeInMinutes ?? null,
    hooks: (c?.lifecycleHooks ?? []).map((h) => ({
      targetType: h.targetType ?? 'AWS_LAMBDA',
      target: h.hookTargetArn ?? null,
      stages: (h.lifecycleStages ?? []) as string[],
      timeoutInMinutes: h.timeoutConfiguration?.timeoutInMinutes ?? null,
      timeoutAction: h.timeoutConfiguration?.action ?? null,
    })),
    alarmNames: c?.alarms?.enable ? c.alarms.alarmNames ?? [] : [],
    alarmsRollback: Boolean(c?.alarms?.enable && c.alarms.rollback),
    circuitBreaker: c?.deploymentCircuitBreaker ? { enable: Boolean(c.deploymentCircuitBreaker.enable), rollback: Boolean(c.deploymentCircuitBreaker.rollback) } : null,
  };
}

/** The production weights (new revision's percent) a strategy steps through. */
export function productionSteps(config: DeploymentConfigSummary): number[] {
  if (config.strategy === 'CANARY') {
    const canary = config.canaryPercent ?? 5;
    return canary >= 100 ? [100] : [canary, 100];
  }
  if (config.strategy === 'LINEAR') {
    const step = config.stepPercent ?? 10;
    const out: number[] = [];
    for (let k = 1; Math.round(k * step * 10) / 10 < 100; k++) out.push(Math.round(k * step * 10) / 10);
    out.push(100);
    return out;
  }
  return [100];
}

/** LINEAR / CANARY: which production step a weight is (1-based), of how many. */
export function stepOf(config: DeploymentConfigSummary, productionWeight: number | null): { index: number; of: number } | null {
  if (config.strategy !== 'LINEAR' && config.strategy !== 'CANARY') return null;
  const steps = productionSteps(config);
  if (productionWeight === null || productionWeight <= 0) return { index: 0, of: steps.length };
  const index = steps.findIndex((w) => productionWeight <= w + 0.05);
  return { index: index < 0 ? steps.length : index + 1, of: steps.length };
}

/** When the bake in progress ends: the bake time, or the canary's / linear step's bake after the last shift. */
export function bakeEndsAt(config: DeploymentConfigSummary, stage: string | null, stageStartedAt: number | null, productionWeight: number | null, lastShiftAt: number | null): number | null {
  if (stage === 'BAKE_TIME' && stageStartedAt !== null) return stageStartedAt + (config.bakeTimeInMinutes ?? 0) * MINUTE;
  if (stage !== 'PRODUCTION_TRAFFIC_SHIFT' || lastShiftAt === null || productionWeight === null || productionWeight >= 100 || productionWeight <= 0) return null;
  if (config.strategy === 'CANARY') return lastShiftAt + (config.canaryBakeTimeInMinutes ?? 10) * MINUTE;
  if (config.strategy === 'LINEAR') return lastShiftAt + (config.stepBakeTimeInMinutes ?? 6) * MINUTE;
  return null;
}

export interface StageMark {
  stage: LifecycleStage;
  at: number;
  rollback: boolean;
}

/**
 * The stage marks a deployment's service events tell (ECS writes one per lifecycle stage
 * entered; the sim's wording: "(deployment ecs-svc/…) entered lifecycle stage X."), oldest first.
 */
export function stageMarksFromEvents(events: readonly ServiceEvent[], deploymentId: string | null): StageMark[] {
  if (!deploymentId) return [];
  const marks: StageMark[] = [];
  const needle = `(deployment ${deploymentId})`;
  for (const e of events) {
    if (!e.message.includes(needle)) continue;
    const m = /entered lifecycle stage ([A-Z_]+)( \(rollback\))?/.exec(e.message);
    if (m && (STAGES as readonly string[]).includes(m[1])) marks.push({ stage: m[1] as LifecycleStage, at: e.createdAt, rollback: Boolean(m[2]) });
  }
  return marks.sort((a, b) => a.at - b.at);
}

/** Production shifts the events tell: "(deployment …) shifted production traffic: 30% to the new…". */
export function shiftsFromEvents(events: readonly ServiceEvent[], deploymentId: string | null): TrafficPoint[] {
  if (!deploymentId) return [];
  const needle = `(deployment ${deploymentId})`;
  const points: TrafficPoint[] = [];
  for (const e of events) {
    if (!e.message.includes(needle)) continue;
    const m = /shifted production traffic: ([\d.]+)% to the new/.exec(e.message);
    if (m) points.push({ at: e.createdAt, production: Number(m[1]), test: null });
  }
  return points.sort((a, b) => a.at - b.at);
}

/**
 * The strategy's stages as a strip: done, now, to come (or skipped: stages a rollback or a
 * stop never reached), each with when it began and ended as far as Wharf knows (the service's
 * events, else its own observations).
 */
export function stageStrip(strategy: DeploymentStrategy, status: string, current: string | null, marks: readonly StageMark[]): StageInfo[] {
  if (strategy === 'ROLLING') return [];
  const forward = marks.filter((m) => !m.rollback);
  const first = new Map<LifecycleStage, number>();
  for (const m of forward) if (!first.has(m.stage)) first.set(m.stage, m.at);
  const rolledBack = marks.some((m) => m.rollback) || status.startsWith('ROLLBACK');
  const finished = TERMINAL.has(status);
  const shown = STAGES.filter((s) => s !== 'RECONCILE_SERVICE' || first.has(s) || current === s);
  const currentIndex = current && !rolledBack ? shown.indexOf(current as LifecycleStage) : -1;
  const reachedIndex = Math.max(currentIndex, ...shown.map((s, i) => (first.has(s) ? i : -1)));
  return shown.map((stage, i) => {
    const startedAt = first.get(stage) ?? null;
    const next = shown.slice(i + 1).map((s) => first.get(s)).find((t) => t !== undefined) ?? null;
    let state: StageInfo['state'];
    if (status === 'SUCCESSFUL') state = 'done';
    else if (!rolledBack && !finished && i === currentIndex) state = 'now';
    else if (i < reachedIndex || (i === reachedIndex && (finished || rolledBack))) state = 'done';
    else state = rolledBack || finished ? 'skipped' : 'todo';
    const endedAt = state === 'done' ? next ?? (i === reachedIndex ? marks.find((m) => m.rollback)?.at ?? null : null) : null;
    return { stage, state, startedAt, endedAt };
  });
}

export function hookInfo(h: NonNullable<ServiceDeployment['lifecycleHookDetails']>[number], stage: string | null, now: number, known?: HookInfo): HookInfo {
  return {
    hookId: h.hookId ?? '',
    targetType: h.targetType ?? 'AWS_LAMBDA',
    targetArn: h.targetArn ?? null,
    status: h.status ?? 'IN_PROGRESS',
    expiresAt: h.expiresAt ? h.expiresAt.getTime() : null,
    timeoutAction: h.timeoutAction ?? null,
    stage: known?.stage ?? stage,
    firstSeenAt: known?.firstSeenAt ?? now,
    lastSeenAt: now,
  };
}

export function countTargets(states: readonly string[]): TargetCounts {
  const c: TargetCounts = { healthy: 0, unhealthy: 0, initial: 0, draining: 0, other: 0, total: states.length };
  for (const s of states) {
    if (s === 'healthy') c.healthy++;
    else if (s === 'unhealthy' || s === 'unhealthy.draining') c.unhealthy++;
    else if (s === 'initial') c.initial++;
    else if (s === 'draining') c.draining++;
    else c.other++;
  }
  return c;
}

// ---- revisions ----

function splitImage(image: string): { tag: string | null; digest: string | null } {
  const at = image.indexOf('@');
  if (at >= 0) return { tag: null, digest: image.slice(at + 1) };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return { tag: colon > slash ? image.slice(colon + 1) : null, digest: null };
}

/** A service revision in words: what runs (images by tag and digest), with what (env, secrets, ports), behind what. */
export function revisionInfo(rev: ServiceRevision, td: TaskDefinition | undefined, targetGroupNames: ReadonlyMap<string, string>): RevisionInfo {
  const tdArn = rev.taskDefinition ?? td?.taskDefinitionArn ?? null;
  const containers = td?.containerDefinitions ?? [];
  const images = (rev.containerImages?.length ? rev.containerImages : containers.map((c) => ({ containerName: c.name, image: c.image, imageDigest: undefined }))).map((c) => {
    const image = c.image ?? '';
    const parts = splitImage(image);
    return { containerName: c.containerName ?? '', image, tag: parts.tag, digest: c.imageDigest ?? parts.digest };
  });
  const label = tdArn ? tdArn.slice(tdArn.lastIndexOf('/') + 1) : null;
  const launch = rev.launchType ?? (rev.capacityProviderStrategy?.length ? rev.capacityProviderStrategy.map((s) => `${s.capacityProvider}${s.weight !== undefined ? `×${s.weight}` : ''}`).join(' + ') : null);
  return {
    arn: rev.serviceRevisionArn ?? '',
    taskDefinitionArn: tdArn,
    taskDefinitionLabel: label,
    images,
    environmentNames: [...new Set(containers.flatMap((c) => (c.environment ?? []).map((e) => `${c.name}.${e.name}`)))].sort(),
    secretNames: [...new Set(containers.flatMap((c) => (c.secrets ?? []).map((s) => `${c.name}.${s.name}`)))].sort(),
    ports: containers.flatMap((c) => (c.portMappings ?? []).map((p) => `${c.name}:${p.containerPort}/${p.protocol ?? 'tcp'}`)),
    loadBalancers: (rev.loadBalancers ?? []).map((lb, i) => {
      const resolved = rev.resolvedConfiguration?.loadBalancers?.[i]?.targetGroupArn ?? lb.targetGroupArn ?? '';
      return `${targetGroupNames.get(resolved) ?? resolved.split('/').slice(-2, -1)[0] ?? resolved} → ${lb.containerName ?? '?'}:${lb.containerPort ?? '?'}`;
    }),
    launch,
    createdAt: rev.createdAt ? rev.createdAt.getTime() : null,
  };
}

type Token = { text: string; changed: boolean };

/** Splits a value into tokens at / : @ . - and marks what differs from `other` (common prefix and suffix kept plain). */
export function diffTokens(value: string, other: string): Token[] {
  const split = (s: string) => s.split(/([/:@.\-_=])/).filter((t) => t !== '');
  const a = split(value);
  const b = split(other);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const tokens: Token[] = [];
  const push = (text: string, changed: boolean) => {
    const last = tokens[tokens.length - 1];
    if (last && last.changed === changed) last.text += text;
    else tokens.push({ text, changed });
  };
  a.forEach((t, i) => push(t, i >= start && i < a.length - end));
  return tokens;
}

function line(field: string, before: string | null, after: string | null): RevisionDiffLine {
  const change = before === after ? 'same' : before === null ? 'added' : after === null ? 'removed' : 'changed';
  return {
    field,
    change,
    before: before === null ? [] : change === 'changed' ? diffTokens(before, after ?? '') : [{ text: before, changed: change === 'removed' }],
    after: after === null ? [] : change === 'changed' ? diffTokens(after, before ?? '') : [{ text: after, changed: change === 'added' }],
  };
}

function setLines(field: string, before: readonly string[], after: readonly string[]): RevisionDiffLine[] {
  const b = new Set(before);
  const a = new Set(after);
  const out: RevisionDiffLine[] = [];
  for (const x of before) if (!a.has(x)) out.push(line(field, x, null));
  for (const x of after) if (!b.has(x)) out.push(line(field, null, x));
  return out;
}

/** Source against target, field by field; unchanged fields are kept (marked `same`) only for images and the task definition. */
export function revisionDiff(source: RevisionInfo | null, target: RevisionInfo | null, strategies?: { source: string | null; target: string | null }): RevisionDiffLine[] {
  if (!source || !target) return [];
  const out: RevisionDiffLine[] = [line('task definition', source.taskDefinitionLabel, target.taskDefinitionLabel)];
  const containers = [...new Set([...source.images.map((i) => i.containerName), ...target.images.map((i) => i.containerName)])];
  for (const name of containers) {
    const s = source.images.find((i) => i.containerName === name);
    const t = target.images.find((i) => i.containerName === name);
    out.push(line(`${name} image`, s?.image ?? null, t?.image ?? null));
    if (s?.digest !== t?.digest && (s?.digest || t?.digest)) out.push(line(`${name} digest`, s?.digest ?? null, t?.digest ?? null));
  }
  out.push(...setLines('environment', source.environmentNames, target.environmentNames));
  out.push(...setLines('secret', source.secretNames, target.secretNames));
  out.push(...setLines('port', source.ports, target.ports));
  out.push(...setLines('load balancer', source.loadBalancers, target.loadBalancers));
  if (source.launch !== target.launch) out.push(line('launch', source.launch, target.launch));
  if (strategies && strategies.source !== strategies.target) out.push(line('strategy', strategies.source, strategies.target));
  return out;
}
