/**
 * BLUE_GREEN, LINEAR and CANARY deployments, stage by stage as the ECS developer guide describes
 * them ("blue/green deployment workflow", "linear deployments", "canary deployments",
 * "lifecycle hooks"):
 *
 *   RECONCILE_SERVICE (only when more than one revision is active) → PRE_SCALE_UP → SCALE_UP
 *   (the green revision starts its full count; its targets register with the alternate target
 *   group and must pass health checks) → POST_SCALE_UP → TEST_TRAFFIC_SHIFT (the test listener
 *   rule forwards to green) → POST_TEST_TRAFFIC_SHIFT → PRODUCTION_TRAFFIC_SHIFT (the
 *   production rule's weights move: all at once for BLUE_GREEN, canaryPercent then the rest for
 *   CANARY, stepPercent per step for LINEAR, with PRE_PRODUCTION_TRAFFIC_SHIFT and
 *   PRODUCTION_TRAFFIC_SHIFT hooks per step and the step's bake between steps) →
 *   POST_PRODUCTION_TRAFFIC_SHIFT → BAKE_TIME (bakeTimeInMinutes) → CLEAN_UP (blue stops) →
 *   SUCCESSFUL.
 *
 * Hooks: a Lambda hook answers with a scripted outcome chosen by its function's name ("…fail…"
 * fails, "…hang…" never answers and times out, anything else succeeds after a few seconds); a
 * PAUSE hook waits for ContinueServiceDeployment or its timeout, then takes its timeout action.
 * While the deployment runs, CloudWatch alarms in ALARM and the circuit breaker end it: with
 * rollback on, traffic walks back to blue (PRODUCTION_TRAFFIC_SHIFT, TEST_TRAFFIC_SHIFT), green
 * stops (CLEAN_UP) and the deployment ends ROLLBACK_SUCCESSFUL. StopServiceDeployment ABORT
 * halts it where it is.
 */
import type { DeploymentRecord, HookRun, HookStage, LifecycleStage, ServiceRecord, StagedRollout, TaskRecord } from '../world/types';
import type { EngineContext } from './context';
import { addServiceEvent } from './service-events';
import { stopTask } from './task-lifecycle';
import { targetGroupsOf, taskTargetsHealthy } from './load-balancing';
import type { ForwardWeights } from '../seams/ports';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** About how long ECS spends in a stage that has nothing to wait for. */
export const STAGE_MS = 8 * SECOND;
/** How often a running deployment looks at its alarms. */
const MONITOR_MS = 20 * SECOND;
/** How long a scripted Lambda hook takes to answer. */
const LAMBDA_MS = 15 * SECOND;
const DEFAULT_HOOK_TIMEOUT_MINUTES = 1440;
const LAUNCH_BATCH = 10;

const FORWARD_STAGES: LifecycleStage[] = [
  'RECONCILE_SERVICE', 'PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP',
];
const ROLLBACK_STAGES: LifecycleStage[] = ['PRODUCTION_TRAFFIC_SHIFT', 'TEST_TRAFFIC_SHIFT', 'CLEAN_UP'];
/** Stages whose hooks run once on entering (the traffic shifts run theirs as they shift). */
const HOOK_STAGES = new Set<LifecycleStage>(['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'POST_SCALE_UP', 'POST_TEST_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT']);

export interface StagedHooks {
  /** Launches tasks of `deployment` (the scheduler's launcher). */
  launch(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord, count: number): void;
}

interface LoadBalancerEntry {
  targetGroupArn?: string;
  containerName?: string;
  containerPort?: number;
  advancedConfiguration?: { alternateTargetGroupArn?: string; productionListenerRule?: string; testListenerRule?: string; roleArn?: string };
}

export function isStagedStrategy(strategy: unknown): strategy is StagedRollout['strategy'] {
  return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY';
}

/** A staged deployment that the engine still drives (forward, rolling back, or halted). */
export function isDriven(deployment: DeploymentRecord | undefined): deployment is DeploymentRecord & { staged: StagedRollout } {
  return Boolean(deployment?.staged && deployment.staged.mode !== 'done');
}

// ---- start ----

/**
 * Prepares a new BLUE_GREEN / LINEAR / CANARY deployment: picks the target group of each pair
 * that the revisions it replaces do not serve from, and enters its first stage.
 */
export function beginStaged(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord, sources: DeploymentRecord[]): void {
  const config = deployment.deploymentConfiguration ?? {};
  const strategy = config.strategy as StagedRollout['strategy'];
  const current = sources[0];
  deployment.targetGroups = (service.loadBalancers as LoadBalancerEntry[]).map((lb, i) => {
    const pair = [lb.targetGroupArn, lb.advancedConfiguration?.alternateTargetGroupArn].filter(Boolean) as string[];
    if (pair.length < 2) return lb.targetGroupArn ?? '';
    const serving = current?.targetGroups?.[i] ?? productionGroup(ctx, lb) ?? pair[0];
    return current ? (pair.find((g) => g !== serving) ?? pair[1]) : serving;
  });
  const activeRevisions = sources.filter((d) => d.status !== 'INACTIVE' && hasLiveTasks(ctx, service, d)).length;
  deployment.staged = {
    strategy,
    stage: activeRevisions > 1 ? 'RECONCILE_SERVICE' : 'PRE_SCALE_UP',
    stageStartedAt: ctx.now(),
    history: [],
    productionWeight: current ? 0 : 100,
    testWeight: current ? 0 : 100,
    step: 0,
    hooks: [],
    mode: 'forward',
    triggeredAlarms: [],
    monitoring: true,
    initial: !current,
  };
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) started a ${strategy} service deployment.`);
  enterStage(ctx, service, deployment as DeploymentRecord & { staged: StagedRollout }, deployment.staged.stage);
  monitor(ctx, service, deployment);
}

/** The target group the production rule sends (most) traffic to now. */
function productionGroup(ctx: EngineContext, lb: LoadBalancerEntry): string | undefined {
  const rule = lb.advancedConfiguration?.productionListenerRule;
  const weights = rule ? ctx.loadBalancing.forwardWeights(rule) : undefined;
  if (!weights) return undefined;
  return Object.entries(weights).sort((a, b) => b[1] - a[1])[0]?.[0];
}

function hasLiveTasks(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord): boolean {
  for (const task of ctx.world.tasksOfService(service.clusterName, service.name)) {
    if (task.deploymentId === deployment.id && task.desiredStatus === 'RUNNING') return true;
  }
  return false;
}

function monitor(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord): void {
  ctx.after(MONITOR_MS, () => {
    if (!isDriven(deployment) || !deployment.staged.monitoring) return;
    ctx.markDirty(service);
    monitor(ctx, service, deployment);
  });
}

// ---- the scheduler's entry point ----

/** Reconciles a service whose primary deployment is a driven staged deployment. */
export function reconcileStaged(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, hooks: StagedHooks): void {
  const staged = deployment.staged;
  deployment.desiredCount = service.desiredCount;
  if (staged.mode === 'forward') checkAlarms(ctx, service, deployment);
  keepTaskCounts(ctx, service, deployment, hooks);
  for (let guard = 0; guard < 40 && isDriven(deployment); guard++) {
    if (!stageDone(ctx, service, deployment)) break;
    nextStage(ctx, service, deployment);
  }
}

/** Blue keeps its tasks until CLEAN_UP; green runs its full count from SCALE_UP on (not when rolling back). */
function keepTaskCounts(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, hooks: StagedHooks): void {
  const staged = deployment.staged;
  const live = liveTasksBy(ctx, service);
  const cleaningBlue = staged.mode === 'forward' && staged.stage === 'CLEAN_UP';
  if (!cleaningBlue) {
    for (const blue of service.deployments.slice(1)) {
      const missing = Math.min(blue.desiredCount - (live.get(blue.id)?.length ?? 0), LAUNCH_BATCH);
      if (missing > 0) hooks.launch(ctx, service, blue, missing);
    }
  }
  const greenStarted = staged.mode === 'halted' ? staged.history.some((h) => h.stage === 'SCALE_UP') : staged.mode === 'forward' && FORWARD_STAGES.indexOf(staged.stage) >= FORWARD_STAGES.indexOf('SCALE_UP');
  if (!greenStarted || (deployment.rolloutState === 'FAILED' && staged.mode !== 'halted')) return;
  const green = live.get(deployment.id) ?? [];
  const missing = Math.min(service.desiredCount - green.length, LAUNCH_BATCH);
  if (missing > 0) hooks.launch(ctx, service, deployment, missing);
  else if (missing < 0) {
    const extra = [...green].sort((a, b) => Number(a.lastStatus === 'RUNNING') - Number(b.lastStatus === 'RUNNING')).slice(0, -missing);
    for (const task of extra) stopTask(ctx, task, { stopCode: 'ServiceSchedulerInitiated', reason: `Scaling activity initiated by (deployment ${deployment.id})` });
  }
}

function liveTasksBy(ctx: EngineContext, service: ServiceRecord): Map<string, TaskRecord[]> {
  const by = new Map<string, TaskRecord[]>();
  for (const task of ctx.world.tasksOfService(service.clusterName, service.name)) {
    if (task.desiredStatus !== 'RUNNING') continue;
    const list = by.get(task.deploymentId ?? '') ?? [];
    list.push(task);
    by.set(task.deploymentId ?? '', list);
  }
  return by;
}

// ---- stages ----

function stagesOf(staged: StagedRollout): LifecycleStage[] {
  return staged.mode === 'rollback' ? ROLLBACK_STAGES : FORWARD_STAGES;
}

function enterStage(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, stage: LifecycleStage): void {
  const staged = deployment.staged;
  const now = ctx.now();
  const open = staged.history[staged.history.length - 1];
  if (open && open.endedAt === undefined) open.endedAt = now;
  staged.stage = stage;
  staged.stageStartedAt = now;
  staged.waitUntil = undefined;
  staged.history.push({ stage, startedAt: now });
  deployment.updatedAt = now;
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) entered lifecycle stage ${stage}${staged.mode === 'rollback' ? ' (rollback)' : ''}.`);
  wake(ctx, service, STAGE_MS);
  if (staged.mode === 'forward') {
    if (HOOK_STAGES.has(stage)) startHooks(ctx, service, deployment, stage as HookStage);
    if (stage === 'TEST_TRAFFIC_SHIFT') {
      shiftTest(ctx, service, deployment, 100);
      startHooks(ctx, service, deployment, 'TEST_TRAFFIC_SHIFT');
    }
    if (stage === 'PRODUCTION_TRAFFIC_SHIFT') beginProductionStep(ctx, service, deployment);
    if (stage === 'BAKE_TIME') {
      staged.waitUntil = now + (Number(deployment.deploymentConfiguration?.bakeTimeInMinutes) || 0) * MINUTE;
      wake(ctx, service, staged.waitUntil - now);
    }
    if (stage === 'CLEAN_UP') stopRevisions(ctx, service, deployment, service.deployments.slice(1));
  } else if (staged.mode === 'rollback') {
    if (stage === 'PRODUCTION_TRAFFIC_SHIFT') shiftProduction(ctx, service, deployment, 0);
    if (stage === 'TEST_TRAFFIC_SHIFT') shiftTest(ctx, service, deployment, 0);
    if (stage === 'CLEAN_UP') stopRevisions(ctx, service, deployment, [deployment]);
  }
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
}

function wake(ctx: EngineContext, service: ServiceRecord, ms: number): void {
  ctx.after(Math.max(0, ms) + 1, () => ctx.markDirty(service));
}

function nextStage(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): void {
  const staged = deployment.staged;
  const stages = stagesOf(staged);
  let index = stages.indexOf(staged.stage) + 1;
  // Stages with nothing to do for this service are skipped (no test listener: no test shift).
  while (index < stages.length && skip(service, staged, stages[index])) index++;
  if (index >= stages.length) return finish(ctx, service, deployment);
  enterStage(ctx, service, deployment, stages[index]);
}

function skip(service: ServiceRecord, staged: StagedRollout, stage: LifecycleStage): boolean {
  if (stage === 'RECONCILE_SERVICE') return true; // only ever the first stage
  if (stage === 'TEST_TRAFFIC_SHIFT' || stage === 'POST_TEST_TRAFFIC_SHIFT') {
    const hasTest = (service.loadBalancers as LoadBalancerEntry[]).some((lb) => lb.advancedConfiguration?.testListenerRule);
    if (staged.mode === 'rollback') return !hasTest || staged.testWeight === 0;
    return false; // runs (hooks may wait here) even without a test listener
  }
  return false;
}

/** Whether the current stage has done its work (hooks answered, waits over, tasks healthy). */
function stageDone(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): boolean {
  const staged = deployment.staged;
  const now = ctx.now();
  if (staged.mode === 'halted') return false;
  if (now < staged.stageStartedAt + STAGE_MS) return false;
  if (staged.mode === 'rollback') {
    if (staged.stage === 'CLEAN_UP') return !hasLiveTasks(ctx, service, deployment);
    return true;
  }
  switch (staged.stage) {
    case 'SCALE_UP':
      return greenReady(ctx, service, deployment);
    case 'PRODUCTION_TRAFFIC_SHIFT':
      return productionShiftDone(ctx, service, deployment);
    case 'BAKE_TIME':
      return staged.waitUntil !== undefined && now >= staged.waitUntil;
    case 'CLEAN_UP':
      return service.deployments.slice(1).every((d) => !hasLiveTasks(ctx, service, d));
    default:
      return hooksDone(ctx, service, deployment, staged.stage as HookStage, staged.step);
  }
}

function greenReady(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord): boolean {
  const green = [...ctx.world.tasksOfService(service.clusterName, service.name)].filter((t) => t.deploymentId === deployment.id && t.desiredStatus === 'RUNNING');
  if (green.length < service.desiredCount) return false;
  return green.every((t) => t.lastStatus === 'RUNNING' && taskTargetsHealthy(ctx, service, t));
}

// ---- traffic ----

interface Forwarders {
  production: Array<{ rule: string; blue: string; green: string }>;
  test: Array<{ rule: string; blue: string; green: string }>;
}

function forwarders(service: ServiceRecord, deployment: DeploymentRecord): Forwarders {
  const greenGroups = targetGroupsOf(service, deployment);
  const out: Forwarders = { production: [], test: [] };
  (service.loadBalancers as LoadBalancerEntry[]).forEach((lb, i) => {
    const adv = lb.advancedConfiguration;
    const green = greenGroups[i];
    if (!adv || !green) return;
    const blue = [lb.targetGroupArn, adv.alternateTargetGroupArn].find((g) => g && g !== green);
    if (!blue) return;
    if (adv.productionListenerRule) out.production.push({ rule: adv.productionListenerRule, blue, green });
    if (adv.testListenerRule) out.test.push({ rule: adv.testListenerRule, blue, green });
  });
  return out;
}

function weights(blue: string, green: string, greenPercent: number): ForwardWeights {
  return { [blue]: Math.round((100 - greenPercent) * 10) / 10, [green]: Math.round(greenPercent * 10) / 10 };
}

function shiftProduction(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, greenPercent: number): void {
  for (const f of forwarders(service, deployment).production) ctx.loadBalancing.setForwardWeights(f.rule, weights(f.blue, f.green, greenPercent));
  const before = deployment.staged.productionWeight;
  deployment.staged.productionWeight = greenPercent;
  if (before !== greenPercent) {
    addServiceEvent(ctx, service, `(deployment ${deployment.id}) shifted production traffic: ${fmt(greenPercent)}% to the new service revision, ${fmt(100 - greenPercent)}% to the previous.`);
  }
}

function shiftTest(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, greenPercent: number): void {
  for (const f of forwarders(service, deployment).test) ctx.loadBalancing.setForwardWeights(f.rule, weights(f.blue, f.green, greenPercent));
  deployment.staged.testWeight = greenPercent;
}

function fmt(percent: number): string {
  return Number.isInteger(percent) ? String(percent) : percent.toFixed(1);
}

/** The production weights (green %) a strategy steps through. */
export function productionSteps(config: { strategy?: string; linearConfiguration?: { stepPercent?: number }; canaryConfiguration?: { canaryPercent?: number } }): number[] {
  if (config.strategy === 'CANARY') {
    const canary = Number(config.canaryConfiguration?.canaryPercent ?? 5);
    return canary >= 100 ? [100] : [canary, 100];
  }
  if (config.strategy === 'LINEAR') {
    const step = Number(config.linearConfiguration?.stepPercent ?? 10);
    const steps: number[] = [];
    for (let k = 1; Math.round(k * step * 10) / 10 < 100; k++) steps.push(Math.round(k * step * 10) / 10);
    steps.push(100);
    return steps;
  }
  return [100];
}

/** The bake after production step `step` (1-based) before the next one. */
function stepBakeMs(config: { strategy?: string; linearConfiguration?: { stepBakeTimeInMinutes?: number }; canaryConfiguration?: { canaryBakeTimeInMinutes?: number } }, step: number, steps: number): number {
  if (step >= steps) return 0;
  if (config.strategy === 'CANARY') return Number(config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE;
  if (config.strategy === 'LINEAR') return Number(config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE;
  return 0;
}

function beginProductionStep(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): void {
  const staged = deployment.staged;
  staged.step++;
  staged.phase = 'pre';
  startHooks(ctx, service, deployment, 'PRE_PRODUCTION_TRAFFIC_SHIFT');
}

function productionShiftDone(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): boolean {
  const staged = deployment.staged;
  const config = deployment.deploymentConfiguration ?? {};
  const steps = staged.initial ? [100] : productionSteps(config);
  for (let guard = 0; guard < 3; guard++) {
    const phase = staged.phase ?? 'pre';
    if (phase === 'pre') {
      if (!hooksDone(ctx, service, deployment, 'PRE_PRODUCTION_TRAFFIC_SHIFT', staged.step)) return false;
      shiftProduction(ctx, service, deployment, steps[Math.min(staged.step, steps.length) - 1]);
      staged.phase = 'shift';
      startHooks(ctx, service, deployment, 'PRODUCTION_TRAFFIC_SHIFT');
      ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
      continue;
    }
    if (phase === 'shift') {
      if (!hooksDone(ctx, service, deployment, 'PRODUCTION_TRAFFIC_SHIFT', staged.step)) return false;
      const bake = stepBakeMs(config, staged.step, steps.length);
      if (bake === 0 && staged.step >= steps.length) return true;
      staged.waitUntil = ctx.now() + bake;
      staged.phase = 'bake';
      wake(ctx, service, bake);
      continue;
    }
    if (staged.waitUntil !== undefined && ctx.now() < staged.waitUntil) return false;
    if (staged.step >= steps.length) return true;
    staged.waitUntil = undefined;
    beginProductionStep(ctx, service, deployment);
  }
  return false;
}

// ---- hooks ----

function hooksFor(deployment: DeploymentRecord, stage: HookStage): Array<{ targetType?: string; hookTargetArn?: string; lifecycleStages?: string[]; timeoutConfiguration?: { timeoutInMinutes?: number; action?: string } }> {
  const all = (deployment.deploymentConfiguration?.lifecycleHooks ?? []) as Array<{ lifecycleStages?: string[] }>;
  return all.filter((h) => h.lifecycleStages?.includes(stage));
}

function startHooks(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, stage: HookStage): void {
  const staged = deployment.staged;
  const now = ctx.now();
  for (const hook of hooksFor(deployment, stage)) {
    const targetType = hook.targetType === 'PAUSE' ? 'PAUSE' : 'AWS_LAMBDA';
    const minutes = Number(hook.timeoutConfiguration?.timeoutInMinutes ?? DEFAULT_HOOK_TIMEOUT_MINUTES);
    const run: HookRun = {
      hookId: `${targetType === 'PAUSE' ? 'ecs-pause' : 'ecs-lambda'}-${hookIdSuffix(ctx)}`,
      targetType,
      targetArn: targetType === 'PAUSE' ? undefined : hook.hookTargetArn,
      hookStage: stage,
      lifecycleStage: staged.stage,
      step: staged.step,
      status: targetType === 'PAUSE' ? 'AWAITING_ACTION' : 'IN_PROGRESS',
      startedAt: now,
      expiresAt: now + minutes * MINUTE,
      timeoutAction: hook.timeoutConfiguration?.action === 'CONTINUE' ? 'CONTINUE' : 'ROLLBACK',
    };
    staged.hooks.push(run);
    if (targetType === 'PAUSE') {
      addServiceEvent(ctx, service, `(deployment ${deployment.id}) lifecycle hook ${run.hookId} at ${stage} is awaiting action; at ${new Date(run.expiresAt).toISOString()} it times out and the deployment will ${run.timeoutAction === 'ROLLBACK' ? 'roll back' : 'continue'}.`);
    } else {
      const name = (run.targetArn ?? '').split(':').pop() ?? '';
      if (/fail/i.test(name)) ctx.after(LAMBDA_MS, () => answerHook(ctx, service, deployment, run, 'FAILED'));
      else if (!/hang/i.test(name)) ctx.after(LAMBDA_MS, () => answerHook(ctx, service, deployment, run, 'SUCCEEDED'));
    }
    ctx.after(run.expiresAt - now, () => timeOutHook(ctx, service, deployment, run));
  }
}

function hookIdSuffix(ctx: EngineContext): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length: 43 }, () => alphabet[ctx.random.int(0, alphabet.length - 1)]).join('');
}

/** Whether every hook of `stage` (this step) has let the deployment go on. */
function hooksDone(_ctx: EngineContext, _service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, stage: HookStage, step: number): boolean {
  const runs = deployment.staged.hooks.filter((h) => h.hookStage === stage && h.step === step);
  return runs.every((h) => h.status === 'SUCCEEDED' || (h.status === 'TIMED_OUT' && h.timeoutAction === 'CONTINUE'));
}

function answerHook(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, run: HookRun, status: 'SUCCEEDED' | 'FAILED'): void {
  if (run.status !== 'IN_PROGRESS' || deployment.staged.mode !== 'forward') return;
  run.status = status;
  run.finishedAt = ctx.now();
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
  if (status === 'FAILED') {
    addServiceEvent(ctx, service, `(deployment ${deployment.id}) lifecycle hook ${run.hookId} at ${run.hookStage} failed.`);
    failStaged(ctx, service, deployment, `Service deployment rolled back because lifecycle hook ${run.hookId} at ${run.hookStage} failed.`, true);
  }
  ctx.markDirty(service);
}

function timeOutHook(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, run: HookRun): void {
  if ((run.status !== 'AWAITING_ACTION' && run.status !== 'IN_PROGRESS') || deployment.staged.mode !== 'forward') return;
  run.status = 'TIMED_OUT';
  run.finishedAt = ctx.now();
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) lifecycle hook ${run.hookId} at ${run.hookStage} timed out; the timeout action is ${run.timeoutAction}.`);
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
  if (run.timeoutAction === 'ROLLBACK') failStaged(ctx, service, deployment, `Service deployment rolled back because lifecycle hook ${run.hookId} at ${run.hookStage} timed out.`, true);
  ctx.markDirty(service);
}

/** The hook ContinueServiceDeployment names, and what it may do with it (undefined: fine). */
export function continueHook(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, run: HookRun, action: 'CONTINUE' | 'ROLLBACK'): void {
  run.status = action === 'CONTINUE' ? 'SUCCEEDED' : 'FAILED';
  run.finishedAt = ctx.now();
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) lifecycle hook ${run.hookId} at ${run.hookStage}: ${action === 'CONTINUE' ? 'continued' : 'rollback requested'}.`);
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
  if (action === 'ROLLBACK') failStaged(ctx, service, deployment, `Service deployment rolled back by a ContinueServiceDeployment request (ROLLBACK) at lifecycle hook ${run.hookId}.`, true);
  ctx.markDirty(service);
}

// ---- failure, rollback, abort ----

/** Alarms in ALARM while the deployment runs end it (rolled back when alarms.rollback is on). */
function checkAlarms(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): void {
  const alarms = deployment.deploymentConfiguration?.alarms;
  if (!alarms?.enable) return;
  const firing = ((alarms.alarmNames ?? []) as string[]).filter((name) => ctx.alarms.stateOf(name) === 'ALARM');
  if (firing.length === 0) return;
  for (const name of firing) if (!deployment.staged.triggeredAlarms.includes(name)) deployment.staged.triggeredAlarms.push(name);
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment failed: alarm detected (${firing.join(', ')}).`);
  const reason = alarms.rollback
    ? `Service deployment rolled back because CloudWatch alarm${firing.length > 1 ? 's' : ''} ${firing.join(', ')} went into ALARM state.`
    : `Service deployment failed because CloudWatch alarm${firing.length > 1 ? 's' : ''} ${firing.join(', ')} went into ALARM state.`;
  failStaged(ctx, service, deployment, reason, Boolean(alarms.rollback));
}

/** The circuit breaker counted enough tasks that failed to start. */
export function breakStaged(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, rollback: boolean): void {
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment failed: tasks failed to start.`);
  failStaged(
    ctx, service, deployment,
    rollback ? 'Service deployment rolled back because the circuit breaker threshold was exceeded.' : 'Service deployment failed: the deployment circuit breaker stopped it; tasks failed to start.',
    rollback,
  );
}

/** Ends the deployment's forward walk: rolls back to blue when asked and possible, else stops it. */
export function failStaged(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }, reason: string, rollback: boolean): void {
  const staged = deployment.staged;
  if (staged.mode !== 'forward' && staged.mode !== 'halted') return;
  const now = ctx.now();
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = reason;
  deployment.updatedAt = now;
  staged.monitoring = false;
  cancelOpenHooks(staged, now);
  const blue = service.deployments[1];
  if (!rollback || !blue) {
    deployment.deploymentStatus = 'STOPPED';
    deployment.statusReason = reason;
    deployment.stoppedAt = now;
    staged.mode = 'halted';
    ctx.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_FAILED', reason });
    ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
    return;
  }
  deployment.deploymentStatus = 'ROLLBACK_IN_PROGRESS';
  deployment.statusReason = reason;
  deployment.rollback = { reason, startedAt: now, serviceRevisionArn: blue.serviceRevisionArn };
  staged.mode = 'rollback';
  addServiceEvent(ctx, service, `rolling back to deployment ${blue.id}.`);
  ctx.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_FAILED', reason });
  ctx.changed({ kind: 'deployment', service, deploymentId: blue.id, eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', reason: `ECS deployment circuit breaker: rolling back to deploymentId ${blue.id}.` });
  const first = staged.productionWeight > 0 ? 'PRODUCTION_TRAFFIC_SHIFT' : staged.testWeight > 0 ? 'TEST_TRAFFIC_SHIFT' : 'CLEAN_UP';
  enterStage(ctx, service, deployment, first);
  ctx.markDirty(service);
}

/** StopServiceDeployment ABORT: the deployment stops where it is; both revisions keep their tasks and traffic. */
export function abortStaged(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): void {
  const now = ctx.now();
  const staged = deployment.staged;
  cancelOpenHooks(staged, now);
  staged.monitoring = false;
  staged.mode = 'halted';
  const open = staged.history[staged.history.length - 1];
  if (open && open.endedAt === undefined) open.endedAt = now;
  deployment.deploymentStatus = 'STOPPED';
  deployment.statusReason = 'Service deployment stopped by a StopServiceDeployment request (ABORT).';
  deployment.stoppedAt = now;
  deployment.updatedAt = now;
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = 'Service deployment stopped by a user.';
  addServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment stopped (ABORT) at lifecycle stage ${staged.stage}.`);
  ctx.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_FAILED', reason: deployment.statusReason });
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
}

function cancelOpenHooks(staged: StagedRollout, now: number): void {
  for (const run of staged.hooks) {
    if (run.status === 'AWAITING_ACTION' || run.status === 'IN_PROGRESS') {
      run.status = 'FAILED';
      run.finishedAt = now;
    }
  }
}

function stopRevisions(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord, revisions: DeploymentRecord[]): void {
  const ids = new Set(revisions.map((d) => d.id));
  for (const task of [...ctx.world.tasksOfService(service.clusterName, service.name)]) {
    if (task.desiredStatus === 'RUNNING' && ids.has(task.deploymentId ?? '')) {
      stopTask(ctx, task, { stopCode: 'ServiceSchedulerInitiated', reason: `Scaling activity initiated by (deployment ${deployment.id})` });
    }
  }
}

/** CLEAN_UP is over: the deployment ends SUCCESSFUL (green is the service now) or ROLLBACK_SUCCESSFUL (blue is). */
function finish(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord & { staged: StagedRollout }): void {
  const staged = deployment.staged;
  const now = ctx.now();
  const open = staged.history[staged.history.length - 1];
  if (open && open.endedAt === undefined) open.endedAt = now;
  const rolledBack = staged.mode === 'rollback';
  staged.mode = 'done';
  staged.monitoring = false;
  deployment.updatedAt = now;
  deployment.finishedAt = now;
  if (!rolledBack) {
    deployment.deploymentStatus = 'SUCCESSFUL';
    deployment.rolloutState = 'COMPLETED';
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
    for (const old of service.deployments.slice(1)) retire(old, now, service);
    service.deployments.length = 1;
    addServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment completed.`);
    ctx.changed({ kind: 'deployment', service, deploymentId: deployment.id, eventName: 'SERVICE_DEPLOYMENT_COMPLETED' });
  } else {
    const blue = service.deployments[1];
    deployment.deploymentStatus = 'ROLLBACK_SUCCESSFUL';
    deployment.status = 'INACTIVE';
    blue.status = 'PRIMARY';
    blue.updatedAt = now;
    service.taskDefinition = blue.taskDefinition;
    service.deployments.splice(0, 1);
    service.pastDeployments.unshift(deployment);
    for (const old of service.deployments.slice(1)) retire(old, now, service);
    service.deployments.length = 1;
    addServiceEvent(ctx, service, `(deployment ${blue.id}) deployment completed.`);
    ctx.changed({ kind: 'deployment', service, deploymentId: blue.id, eventName: 'SERVICE_DEPLOYMENT_COMPLETED' });
  }
  if (service.pastDeployments.length > 50) service.pastDeployments.length = 50;
  addServiceEvent(ctx, service, 'has reached a steady state.');
  service.lastSteadyStateAt = now;
  ctx.changed({ kind: 'service-deployment', service, serviceDeploymentArn: deployment.serviceDeploymentArn });
  ctx.markDirty(service);
}

function retire(old: DeploymentRecord, now: number, service: ServiceRecord): void {
  old.status = 'INACTIVE';
  old.updatedAt = now;
  if (old.deploymentStatus === 'IN_PROGRESS') {
    old.deploymentStatus = 'STOPPED';
    old.stoppedAt = now;
  }
  if (old.staged && old.staged.mode !== 'done') old.staged.mode = 'done';
  service.pastDeployments.unshift(old);
}

// ---- what DescribeServiceDeployments shows ----

/** The hooks of the stage (and traffic step) the deployment is in now. */
export function currentHooks(staged: StagedRollout): HookRun[] {
  if (staged.mode === 'done') return [];
  return staged.hooks.filter((h) => h.lifecycleStage === staged.stage && (h.step === staged.step || (h.hookStage !== 'PRE_PRODUCTION_TRAFFIC_SHIFT' && h.hookStage !== 'PRODUCTION_TRAFFIC_SHIFT')));
}
