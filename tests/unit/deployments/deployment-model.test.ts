import { describe, expect, it } from 'vitest';
import { bakeEndsAt, diffTokens, productionSteps, stageMarksFromEvents, stageStrip, stepOf, type StageMark } from '../../../src-main/core/deployments/deployment-model';
import { deploymentVerdict, type VerdictInput } from '../../../src-main/core/problems/deployment-verdict';
import type { DeploymentConfigSummary } from '../../../src-main/contract/domains/deployments';

const cfg = (over: Partial<DeploymentConfigSummary>): DeploymentConfigSummary => ({
  strategy: 'CANARY', bakeTimeInMinutes: 10, canaryPercent: 5, canaryBakeTimeInMinutes: 30, stepPercent: null, stepBakeTimeInMinutes: null, hooks: [], alarmNames: [], alarmsRollback: false, circuitBreaker: null, ...over,
});

describe('traffic steps and bakes', () => {
  it('knows the step a weight is, and when the bake after the last shift ends', () => {
    expect(productionSteps(cfg({ strategy: 'LINEAR', stepPercent: 10 }))).toHaveLength(10);
    expect(stepOf(cfg({ strategy: 'LINEAR', stepPercent: 10 }), 30)).toEqual({ index: 3, of: 10 });
    expect(stepOf(cfg({}), 5)).toEqual({ index: 1, of: 2 });
    expect(stepOf(cfg({ strategy: 'BLUE_GREEN' }), 0)).toBeNull();
    expect(bakeEndsAt(cfg({}), 'PRODUCTION_TRAFFIC_SHIFT', 0, 5, 1000)).toBe(1000 + 30 * 60_000);
    expect(bakeEndsAt(cfg({}), 'BAKE_TIME', 5000, 100, null)).toBe(5000 + 10 * 60_000);
    expect(bakeEndsAt(cfg({}), 'PRODUCTION_TRAFFIC_SHIFT', 0, 100, 1000)).toBeNull();
  });
});

describe('the stage strip', () => {
  const marks: StageMark[] = (['PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'] as const).map((stage, i) => ({ stage, at: i * 1000, rollback: false }));

  it('done up to the current stage (with times), now, then to come', () => {
    const strip = stageStrip('BLUE_GREEN', 'IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT', marks);
    expect(strip.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'now', 'todo', 'todo', 'todo', 'todo']);
    expect(strip[1]).toMatchObject({ stage: 'SCALE_UP', startedAt: 1000, endedAt: 2000 });
  });

  it('a rolled back deployment: the stages it never reached are skipped', () => {
    const strip = stageStrip('BLUE_GREEN', 'ROLLBACK_SUCCESSFUL', 'CLEAN_UP', [...marks, { stage: 'PRODUCTION_TRAFFIC_SHIFT', at: 9000, rollback: true }]);
    expect(strip.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(strip[4].endedAt).toBe(9000);
  });

  it('rolling deployments have no strip; the events give the marks of one deployment', () => {
    expect(stageStrip('ROLLING', 'IN_PROGRESS', null, [])).toEqual([]);
    const events = [
      { id: '2', createdAt: 20, message: '(service a) (deployment ecs-svc/1) entered lifecycle stage SCALE_UP.' },
      { id: '1', createdAt: 10, message: '(service a) (deployment ecs-svc/1) entered lifecycle stage PRE_SCALE_UP.' },
      { id: '3', createdAt: 15, message: '(service a) (deployment ecs-svc/2) entered lifecycle stage PRE_SCALE_UP.' },
    ];
    expect(stageMarksFromEvents(events, 'ecs-svc/1').map((m) => m.stage)).toEqual(['PRE_SCALE_UP', 'SCALE_UP']);
  });
});

describe('diff tokens', () => {
  it('marks only the token that changed in an image reference', () => {
    const before = diffTokens('123.dkr.ecr.us-east-1.amazonaws.com/shop/web:v1.12.0', '123.dkr.ecr.us-east-1.amazonaws.com/shop/web:v1.13.0');
    expect(before.filter((t) => t.changed).map((t) => t.text)).toEqual(['12']);
    expect(before.map((t) => t.text).join('')).toBe('123.dkr.ecr.us-east-1.amazonaws.com/shop/web:v1.12.0');
  });
});

describe('the deployment verdict', () => {
  const base: VerdictInput = {
    status: 'IN_PROGRESS', stage: 'PRODUCTION_TRAFFIC_SHIFT', strategy: 'CANARY', awaiting: null, alarmsInAlarm: [], alarmsTriggered: [],
    circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 }, targets: null, productionWeight: 5, bakeEndsAt: 2000, rollbackReason: null, statusReason: null, problems: [], now: 1000,
  };
  it('needs action, failing, in progress, finished: in that order of concern, never from one field', () => {
    expect(deploymentVerdict({ ...base, awaiting: { hookId: 'ecs-pause-x', timeoutAction: 'ROLLBACK' } })).toMatchObject({ section: 'needs-action', word: 'awaiting approval' });
    expect(deploymentVerdict({ ...base, alarmsInAlarm: ['cart-5xx'] })).toMatchObject({ section: 'failing', reason: 'alarm cart-5xx in ALARM' });
    expect(deploymentVerdict({ ...base, circuitBreaker: { status: 'MONITORING', failureCount: 2, threshold: 3 } })).toMatchObject({ section: 'failing', word: 'tasks failing' });
    expect(deploymentVerdict({ ...base, targets: { healthy: 2, unhealthy: 1, initial: 0, draining: 0, other: 0, total: 3 } })).toMatchObject({ section: 'failing', word: 'targets unhealthy' });
    const crash = { id: 'crash-loop:x', kind: 'crash-loop', severity: 'critical', title: 'cart: crash loop' } as VerdictInput['problems'][number];
    expect(deploymentVerdict({ ...base, problems: [crash] })).toMatchObject({ section: 'failing', reason: 'cart: crash loop' });
    expect(deploymentVerdict(base)).toMatchObject({ section: 'in-progress', word: 'baking at 5 %' });
    expect(deploymentVerdict({ ...base, status: 'ROLLBACK_IN_PROGRESS', rollbackReason: 'alarm' })).toMatchObject({ section: 'failing', word: 'rolling back' });
    expect(deploymentVerdict({ ...base, status: 'ROLLBACK_SUCCESSFUL' })).toMatchObject({ section: 'finished', tone: 'rolled-back' });
    expect(deploymentVerdict({ ...base, status: 'SUCCESSFUL', alarmsInAlarm: ['x'] })).toMatchObject({ section: 'finished', tone: 'succeeded' });
  });
});
