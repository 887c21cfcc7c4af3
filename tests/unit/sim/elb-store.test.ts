import { describe, expect, it } from 'vitest';
import { ElbStore } from '../../../src-main/sim/elbv2/elb-store';
import { productionSteps } from '../../../src-main/sim/engine/staged-deployments';

const S = 1000;

function setup() {
  const elb = new ElbStore({ accountId: '123456789012', region: 'us-east-1' });
  const lb = elb.createLoadBalancer({ name: 'web', zones: [{ zone: 'us-east-1a', subnetId: 'subnet-1' }], createdAt: 0 });
  const blue = elb.createTargetGroup({ name: 'web-1', port: 8080, deregistrationDelaySeconds: 60 });
  const green = elb.createTargetGroup({ name: 'web-2', port: 8080 });
  const listener = elb.createListener(lb, { port: 443, protocol: 'HTTPS' });
  const rule = elb.createRule(listener, { priority: 1, conditions: [{ field: 'path-pattern', values: ['/*'] }], forward: { [blue.arn]: 100, [green.arn]: 0 } });
  return { elb, lb, blue, green, rule };
}

describe('ElbStore target health over time', () => {
  it('initial while registering and health checking, healthy after two checks, draining after deregistration, then gone', () => {
    const { elb, blue } = setup();
    const target = { id: '10.0.1.5', port: 8080 };
    const healthyAt = elb.register(blue.arn, target, 0)!;
    expect(healthyAt).toBe(30 * S); // 15 s interval × healthy threshold 2
    const state = (at: number) => elb.targetHealth(blue.arn, at).map((t) => [t.state, t.reason]);
    expect(state(1 * S)).toEqual([['initial', 'Elb.RegistrationInProgress']]);
    expect(state(10 * S)).toEqual([['initial', 'Elb.InitialHealthChecking']]);
    expect(state(30 * S)).toEqual([['healthy', undefined]]);
    expect(elb.isHealthy(blue.arn, target, 30 * S)).toBe(true);
    elb.deregister(blue.arn, target, 100 * S);
    expect(state(100 * S)).toEqual([['draining', 'Target.DeregistrationInProgress']]);
    expect(state(159 * S)).toEqual([['draining', 'Target.DeregistrationInProgress']]);
    expect(state(160 * S)).toEqual([]);
  });

  it('a crash-looping or bad task fails its health checks: unhealthy with the reason ALB gives', () => {
    const { elb, blue } = setup();
    const bad = { id: '10.0.1.6', port: 8080 };
    expect(elb.register(blue.arn, bad, 0, { failsHealthChecks: true })).toBeUndefined();
    expect(elb.targetHealth(blue.arn, 20 * S)[0].state).toBe('initial');
    expect(elb.targetHealth(blue.arn, 30 * S)[0]).toMatchObject({ state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' });
    const leaking = { id: '10.0.1.7', port: 8080 };
    elb.register(blue.arn, leaking, 0);
    elb.failHealthChecks(blue.arn, leaking, 60 * S);
    const at = (t: number) => elb.targetHealth(blue.arn, t).find((h) => h.target.id === leaking.id)!.state;
    expect(at(60 * S)).toBe('healthy');
    expect(at(90 * S)).toBe('unhealthy');
  });

  it('a target group no listener forwards to is unused', () => {
    const { elb } = setup();
    const lonely = elb.createTargetGroup({ name: 'lonely', port: 80 });
    elb.register(lonely.arn, { id: '10.0.0.1', port: 80 }, 0);
    expect(elb.targetHealth(lonely.arn, 60 * S)[0]).toMatchObject({ state: 'unused', reason: 'Target.NotInUse' });
  });

  it('moves forward weights keeping the target groups in order', () => {
    const { elb, blue, green, rule } = setup();
    elb.setForwardWeights(rule.arn, { [green.arn]: 5, [blue.arn]: 95 });
    expect(elb.forwardWeights(rule.arn)).toEqual({ [blue.arn]: 95, [green.arn]: 5 });
    expect(elb.rules.get(rule.arn)!.action.targetGroups.map((t) => t.targetGroupArn)).toEqual([blue.arn, green.arn]);
  });
});

describe('production traffic steps', () => {
  it('BLUE_GREEN all at once, CANARY the canary then the rest, LINEAR in equal steps to 100', () => {
    expect(productionSteps({ strategy: 'BLUE_GREEN' })).toEqual([100]);
    expect(productionSteps({ strategy: 'CANARY', canaryConfiguration: { canaryPercent: 5 } })).toEqual([5, 100]);
    expect(productionSteps({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 25 } })).toEqual([25, 50, 75, 100]);
    expect(productionSteps({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 30 } })).toEqual([30, 60, 90, 100]);
    expect(productionSteps({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 3.3 } })).toHaveLength(31);
  });
});
