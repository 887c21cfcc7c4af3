/**
 * BLUE_GREEN, LINEAR and CANARY deployments in the sim, driven through the AWS SDK (ECS, ELBv2,
 * CloudWatch) on a frozen clock moved by hand: stages in order, listener rule weights per step,
 * bake times, PAUSE hooks continued / rolled back / timed out, Lambda hooks, alarm rollback,
 * StopServiceDeployment ABORT vs ROLLBACK, ECS's validation errors; and every answer the sim
 * gave validates against the botocore models copied into tests/contract/aws-models.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ContinueServiceDeploymentCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { ExchangeLog } from '../../contract/exchange-check';
import { errorOf, followSimClock, MINUTE, START, startHarness, stopHarness, type Harness } from './harness';

const log = new ExchangeLog();
let h: Harness;
let elb: ElasticLoadBalancingV2Client;
let cw: CloudWatchClient;

beforeEach(async () => {
  h = await startHarness({ scenario: 'demo', onExchange: log.onExchange });
  const config = { endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 };
  elb = followSimClock(new ElasticLoadBalancingV2Client(config), h.sim);
  cw = followSimClock(new CloudWatchClient(config), h.sim);
});
afterEach(async () => {
  elb?.destroy();
  cw?.destroy();
  await stopHarness(h);
});

const CLUSTER = 'prod-fargate';

async function deploymentOf(service: string): Promise<ServiceDeployment> {
  const { serviceDeployments } = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service, maxResults: 1 }));
  const [d] = (await h.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }))).serviceDeployments!;
  return d;
}

async function describe1(arn: string): Promise<ServiceDeployment> {
  return (await h.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0];
}

async function loadBalancerOf(service: string) {
  const svc = (await h.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }))).services![0];
  const lb = svc.loadBalancers![0];
  return { lb, adv: lb.advancedConfiguration!, service: svc };
}

/** The production rule's weights, by target group ARN. */
async function ruleWeights(ruleArn: string): Promise<Record<string, number>> {
  const { Rules } = await elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }));
  const forward = Rules![0].Actions!.find((a) => a.Type === 'forward')!;
  return Object.fromEntries(forward.ForwardConfig!.TargetGroups!.map((t) => [t.TargetGroupArn!, t.Weight!]));
}

/** Moves the clock in steps until `check` is true; returns the number of steps taken. */
async function advanceUntil(what: string, check: () => Promise<boolean>, stepMs = 10_000, maxMs = 90 * MINUTE): Promise<void> {
  for (let moved = 0; moved <= maxMs; moved += stepMs) {
    if (await check()) return;
    h.sim.clock.advance(stepMs);
  }
  throw new Error(`${what}: not within ${maxMs / MINUTE} minutes`);
}

/** The lifecycle stages the service's events say the deployment entered, in order. */
async function stagesEntered(service: string, deploymentId: string): Promise<string[]> {
  const svc = (await h.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }))).services![0];
  return svc
    .events!.map((e) => e.message!)
    .reverse()
    .flatMap((m) => {
      const match = new RegExp(`\\(deployment ${deploymentId.replace('/', '\\/')}\\) entered lifecycle stage (\\w+)( \\(rollback\\))?\\.`).exec(m);
      return match ? [`${match[1]}${match[2] ? ' (rollback)' : ''}`] : [];
    });
}

function deploymentIdOf(service: { deployments?: Array<{ id?: string }> }): string {
  return service.deployments![0].id!;
}

describe('BLUE_GREEN with a PAUSE hook (storefront)', () => {
  it('waits at POST_TEST_TRAFFIC_SHIFT with test traffic on green; CONTINUE shifts production, bakes, cleans up, SUCCESSFUL', async () => {
    const d = await deploymentOf('storefront');
    expect(d).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10 } });
    const [hook] = d.lifecycleHookDetails!;
    expect(hook).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' });
    expect(hook.hookId).toMatch(/^ecs-pause-[A-Za-z0-9_-]{43}$/);
    const minutesLeft = (hook.expiresAt!.getTime() - START) / MINUTE;
    expect(minutesLeft).toBeGreaterThan(15);
    expect(minutesLeft).toBeLessThan(25);
    expect(d.targetServiceRevision).toMatchObject({ requestedProductionTrafficWeight: 0, requestedTestTrafficWeight: 100, requestedTaskCount: 4, runningTaskCount: 4 });
    expect(d.sourceServiceRevisions![0]).toMatchObject({ requestedProductionTrafficWeight: 100, requestedTestTrafficWeight: 0, runningTaskCount: 4 });
    expect(d.alarms).toEqual({ status: 'MONITORING', alarmNames: ['storefront-5xx'], triggeredAlarmNames: [] });

    const { lb, adv, service } = await loadBalancerOf('storefront');
    const [revision] = (await h.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.targetServiceRevision!.arn!] }))).serviceRevisions!;
    const green = revision.resolvedConfiguration!.loadBalancers![0].targetGroupArn!;
    const blue = green === lb.targetGroupArn ? adv.alternateTargetGroupArn! : lb.targetGroupArn!;
    expect(await ruleWeights(adv.productionListenerRule!)).toEqual({ [blue]: 100, [green]: 0 });
    expect(await ruleWeights(adv.testListenerRule!)).toEqual({ [blue]: 0, [green]: 100 });
    // Both revisions' tasks are registered and healthy in their own target groups.
    for (const group of [blue, green]) {
      const { TargetHealthDescriptions } = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
      expect(TargetHealthDescriptions!.map((t) => t.TargetHealth!.State)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
    }

    await h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: hook.hookId, action: 'CONTINUE' }));
    const after = await describe1(d.serviceDeploymentArn!);
    expect(after.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT'); // the approval moves it on at once
    expect(after.lifecycleHookDetails).toEqual([]);
    await advanceUntil('production traffic on green', async () => (await ruleWeights(adv.productionListenerRule!))[green] === 100, 2_000);
    expect(await ruleWeights(adv.productionListenerRule!)).toEqual({ [blue]: 0, [green]: 100 });
    await advanceUntil('baking', async () => (await describe1(d.serviceDeploymentArn!)).lifecycleStage === 'BAKE_TIME', 2_000);
    // The bake: 10 minutes with both revisions running.
    h.sim.clock.advance(9 * MINUTE);
    expect((await describe1(d.serviceDeploymentArn!)).lifecycleStage).toBe('BAKE_TIME');
    await advanceUntil('SUCCESSFUL', async () => (await describe1(d.serviceDeploymentArn!)).status === 'SUCCESSFUL', 5_000);
    const done = await describe1(d.serviceDeploymentArn!);
    expect(done.finishedAt!.getTime()).toBeGreaterThan(START);
    expect(done.alarms!.status).toBe('MONITORING_COMPLETE');
    expect(await stagesEntered('storefront', deploymentIdOf(service))).toEqual([
      'PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP',
    ]);
    // Blue's targets drain, then are gone; green serves.
    const draining = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: blue }))).TargetHealthDescriptions!;
    expect(draining.every((t) => t.TargetHealth!.State === 'draining' && t.TargetHealth!.Reason === 'Target.DeregistrationInProgress')).toBe(true);
    h.sim.clock.advance(2 * MINUTE);
    expect((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: blue }))).TargetHealthDescriptions).toEqual([]);
    const svc = (await h.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['storefront'] }))).services![0];
    expect(svc.deployments).toHaveLength(1);
    expect(svc.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 4, taskDefinition: revision.taskDefinition });
  });

  it('ROLLBACK from the paused hook walks traffic back to blue and ends ROLLBACK_SUCCESSFUL', async () => {
    const d = await deploymentOf('storefront');
    const { adv, lb } = await loadBalancerOf('storefront');
    await h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0].hookId, action: 'ROLLBACK' }));
    const rolling = await describe1(d.serviceDeploymentArn!);
    expect(rolling).toMatchObject({ status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'TEST_TRAFFIC_SHIFT' });
    expect(rolling.rollback).toMatchObject({ serviceRevisionArn: d.sourceServiceRevisions![0].arn, reason: expect.stringMatching(/ContinueServiceDeployment request \(ROLLBACK\)/) });
    await advanceUntil('rolled back', async () => (await describe1(d.serviceDeploymentArn!)).status === 'ROLLBACK_SUCCESSFUL', 2_000);
    const weights = await ruleWeights(adv.testListenerRule!);
    const blueGroup = Object.entries(await ruleWeights(adv.productionListenerRule!)).find(([, w]) => w === 100)![0];
    expect(weights[blueGroup]).toBe(100);
    expect([lb.targetGroupArn, adv.alternateTargetGroupArn]).toContain(blueGroup);
    const svc = (await h.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['storefront'] }))).services![0];
    const [source] = (await h.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [d.sourceServiceRevisions![0].arn!] }))).serviceRevisions!;
    expect(svc.taskDefinition).toBe(source.taskDefinition);
    expect(svc.deployments).toHaveLength(1);
    // A finished deployment can't be continued or stopped.
    const again = await errorOf(h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0].hookId })));
    expect(again.name).toBe('ClientException');
    expect((await errorOf(h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn })))).name).toBe('ConflictException');
  });

  it('times out at expiresAt and takes its timeout action (ROLLBACK)', async () => {
    const d = await deploymentOf('storefront');
    const expiresAt = d.lifecycleHookDetails![0].expiresAt!.getTime();
    h.sim.clock.advance(expiresAt - h.sim.clock.now() - 5_000);
    expect((await describe1(d.serviceDeploymentArn!)).lifecycleHookDetails![0].status).toBe('AWAITING_ACTION');
    h.sim.clock.advance(10_000);
    const timedOut = await describe1(d.serviceDeploymentArn!);
    expect(timedOut.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(timedOut.rollback!.reason).toMatch(/timed out/);
    await advanceUntil('rolled back', async () => (await describe1(d.serviceDeploymentArn!)).status === 'ROLLBACK_SUCCESSFUL', 5_000);
    const svc = (await h.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['storefront'] }))).services![0];
    expect(svc.events!.some((e) => /lifecycle hook ecs-pause-\S+ at POST_TEST_TRAFFIC_SHIFT timed out; the timeout action is ROLLBACK\./.test(e.message!))).toBe(true);
  });

  it('refuses a wrong hook, an unknown deployment and a bad action as ECS does', async () => {
    const d = await deploymentOf('storefront');
    const wrong = await errorOf(h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, hookId: 'ecs-pause-nope' })));
    expect(wrong.name).toBe('InvalidParameterException');
    const unknown = d.serviceDeploymentArn!.replace(/\/[^/]+$/, '/AAAAAAAAAAAAAAAAAAAAAA');
    expect((await errorOf(h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: unknown, hookId: 'x' })))).name).toBe('ServiceDeploymentNotFoundException');
    expect((await errorOf(h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: unknown })))).name).toBe('ServiceDeploymentNotFoundException');
    // pricing's Lambda hook can't be continued by hand; pricing has no PAUSE hook at all.
    const pricing = await deploymentOf('pricing');
    expect((await errorOf(h.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: pricing.serviceDeploymentArn, hookId: d.lifecycleHookDetails![0].hookId })))).name).toBe('InvalidParameterException');
  });
});

describe('CANARY (cart) and LINEAR (pricing)', () => {
  it('CANARY: 5 % during the canary bake, then all of it, then the bake time, then SUCCESSFUL', async () => {
    const d = await deploymentOf('cart');
    expect(d).toMatchObject({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 30 } } });
    expect(d.targetServiceRevision!.requestedProductionTrafficWeight).toBe(5);
    const { adv } = await loadBalancerOf('cart');
    expect(Object.values(await ruleWeights(adv.productionListenerRule!)).sort((a, b) => a - b)).toEqual([5, 95]);
    await advanceUntil('all traffic', async () => Object.values(await ruleWeights(adv.productionListenerRule!)).includes(100), MINUTE);
    // The canary baked its 30 minutes (it shifted about 18 minutes before "now").
    expect(h.sim.clock.now() - START).toBeGreaterThan(8 * MINUTE);
    await advanceUntil('baking', async () => (await describe1(d.serviceDeploymentArn!)).lifecycleStage === 'BAKE_TIME', 5_000);
    await advanceUntil('SUCCESSFUL', async () => (await describe1(d.serviceDeploymentArn!)).status === 'SUCCESSFUL', 30_000, 20 * MINUTE);
  });

  it('LINEAR: production weights step 10 % at a time, each step baked, up to 100 %', async () => {
    const d = await deploymentOf('pricing');
    expect(d.deploymentConfiguration).toMatchObject({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 3 } });
    expect(d.targetServiceRevision!.requestedProductionTrafficWeight).toBe(30);
    const { adv } = await loadBalancerOf('pricing');
    const seen: number[] = [];
    await advanceUntil('all steps', async () => {
      const green = (await describe1(d.serviceDeploymentArn!)).targetServiceRevision!.requestedProductionTrafficWeight!;
      const rule = Object.values(await ruleWeights(adv.productionListenerRule!));
      expect(rule).toContain(green);
      if (seen[seen.length - 1] !== green) seen.push(green);
      return green === 100;
    }, 20_000);
    expect(seen).toEqual([30, 40, 50, 60, 70, 80, 90, 100]);
    await advanceUntil('SUCCESSFUL', async () => (await describe1(d.serviceDeploymentArn!)).status === 'SUCCESSFUL', 30_000, 15 * MINUTE);
  });
});

describe('alarms and the circuit breaker', () => {
  it('a bad canary drives its 5xx alarm to ALARM; the deployment rolls back and names the alarm', async () => {
    const d = await deploymentOf('recommendations');
    expect(d.status).toBe('IN_PROGRESS');
    const alarm = async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['recommendations-5xx'] }))).MetricAlarms![0];
    expect((await alarm()).StateValue).toBe('OK');
    await advanceUntil('alarm', async () => (await alarm()).StateValue === 'ALARM', 20_000, 15 * MINUTE);
    await advanceUntil('rolled back', async () => (await describe1(d.serviceDeploymentArn!)).status === 'ROLLBACK_SUCCESSFUL', 10_000);
    const done = await describe1(d.serviceDeploymentArn!);
    expect(done.alarms).toEqual({ status: 'TRIGGERED', alarmNames: ['recommendations-5xx'], triggeredAlarmNames: ['recommendations-5xx'] });
    expect(done.rollback!.reason).toMatch(/CloudWatch alarm recommendations-5xx went into ALARM state/);
    const { adv } = await loadBalancerOf('recommendations');
    expect(Object.values(await ruleWeights(adv.productionListenerRule!)).sort((a, b) => a - b)).toEqual([0, 100]);
    await advanceUntil('alarm back to OK', async () => (await alarm()).StateValue === 'OK', 30_000, 10 * MINUTE);
  });

  it('SetAlarmState on a watched alarm fails a running deployment the same way', async () => {
    const d = await deploymentOf('cart');
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'cart-5xx', StateValue: 'ALARM', StateReason: 'testing the rollback' }));
    await advanceUntil('rolling back', async () => (await describe1(d.serviceDeploymentArn!)).status !== 'IN_PROGRESS', 5_000, 2 * MINUTE);
    expect((await describe1(d.serviceDeploymentArn!)).alarms!.triggeredAlarmNames).toEqual(['cart-5xx']);
    const missing = await errorOf(cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'ALARM', StateReason: 'x' })));
    expect(missing.name).toBe('ResourceNotFound');
  });
});

describe('StopServiceDeployment', () => {
  it('ABORT stops where it is: weights and both revisions stay; ROLLBACK walks back to the source', async () => {
    const cart = await deploymentOf('cart');
    await h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: cart.serviceDeploymentArn, stopType: 'ABORT' }));
    h.sim.clock.advance(5 * MINUTE);
    const aborted = await describe1(cart.serviceDeploymentArn!);
    expect(aborted.status).toBe('STOPPED');
    expect(aborted.stoppedAt).toBeInstanceOf(Date);
    expect(aborted.lifecycleStage).toBe('PRODUCTION_TRAFFIC_SHIFT');
    expect(aborted.targetServiceRevision).toMatchObject({ requestedProductionTrafficWeight: 5, runningTaskCount: 3 });
    expect(aborted.sourceServiceRevisions![0]).toMatchObject({ runningTaskCount: 3 });
    const { adv } = await loadBalancerOf('cart');
    expect(Object.values(await ruleWeights(adv.productionListenerRule!)).sort((a, b) => a - b)).toEqual([5, 95]);
    expect((await errorOf(h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: cart.serviceDeploymentArn })))).name).toBe('ConflictException');

    const pricing = await deploymentOf('pricing');
    await h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: pricing.serviceDeploymentArn, stopType: 'ROLLBACK' }));
    await advanceUntil('rolled back', async () => (await describe1(pricing.serviceDeploymentArn!)).status === 'ROLLBACK_SUCCESSFUL', 5_000);
    const p = await loadBalancerOf('pricing');
    expect(Object.values(await ruleWeights(p.adv.productionListenerRule!)).sort((a, b) => a - b)).toEqual([0, 100]);
    expect((await describe1(pricing.serviceDeploymentArn!)).rollback!.reason).toMatch(/StopServiceDeployment/);
  });
});

describe('CreateService and UpdateService with the new deployment configuration', () => {
  async function newRevision(image: string): Promise<string> {
    const current = (await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-storefront' }))).taskDefinition!;
    const out = await h.ecs.send(new RegisterTaskDefinitionCommand({
      family: 'shop-gift-cards', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', executionRoleArn: current.executionRoleArn,
      containerDefinitions: [{ name: 'app', image, essential: true, portMappings: [{ containerPort: 8080, protocol: 'tcp' }] }],
    }));
    return out.taskDefinition!.taskDefinitionArn!;
  }

  it('refuses what ECS refuses', async () => {
    const { lb } = await loadBalancerOf('storefront');
    const td = await newRevision('public.ecr.aws/nginx/nginx:1.27');
    const base = { cluster: CLUSTER, serviceName: 'gift-cards', taskDefinition: td, desiredCount: 2, launchType: 'FARGATE' as const, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } } };
    const cases: Array<[string, object, RegExp]> = [
      ['BLUE_GREEN without a bake time', { deploymentConfiguration: { strategy: 'BLUE_GREEN' } }, /bakeTimeInMinutes must be specified/],
      ['a PAUSE hook at a traffic shift', { deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }] } }, /PAUSE lifecycle hook can't be used at the PRODUCTION_TRAFFIC_SHIFT stage/],
      ['linear settings on a canary', { deploymentConfiguration: { strategy: 'CANARY', linearConfiguration: { stepPercent: 10 } } }, /linearConfiguration is only valid when the deployment strategy is LINEAR/],
      ['a step of 2.5 %', { deploymentConfiguration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 2.5 } }, loadBalancers: [{ ...lb, containerName: 'app', containerPort: 8080 }] }, /stepPercent must be a multiple of 0\.1 from 3\.0 to 100\.0/],
      ['a Lambda hook without a function', { deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, lifecycleHooks: [{ lifecycleStages: ['PRE_SCALE_UP'] }] } }, /hookTargetArn is required/],
      ['a hook timeout of 0 minutes', { deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 0 } }] } }, /timeoutInMinutes must be an integer from 1 to 20160/],
      ['CANARY without a load balancer', { deploymentConfiguration: { strategy: 'CANARY' } }, /shifts traffic through a load balancer/],
      ['advancedConfiguration on a rolling service', { loadBalancers: [{ ...lb, containerName: 'app', containerPort: 8080 }] }, /advancedConfiguration in loadBalancers is only valid/],
    ];
    for (const [what, extra, message] of cases) {
      const error = await errorOf(h.ecs.send(new CreateServiceCommand({ ...base, ...extra })));
      expect({ what, name: error.name, message: error.message }).toEqual({ what, name: 'InvalidParameterException', message: expect.stringMatching(message) });
    }
  });

  /** The gift-cards pair the demo's load balancer holds for a service not created yet, found through ELBv2. */
  async function giftCardsPair() {
    const { LoadBalancers } = await elb.send(new DescribeLoadBalancersCommand({ Names: ['shop-public'] }));
    const lbArn = LoadBalancers![0].LoadBalancerArn!;
    const { TargetGroups } = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }));
    const [blue, green] = ['gift-cards-tg-1', 'gift-cards-tg-2'].map((n) => TargetGroups!.find((t) => t.TargetGroupName === n)!.TargetGroupArn!);
    const { Listeners } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));
    const ruleOn = async (port: number) => {
      const listener = Listeners!.find((l) => l.Port === port)!;
      const { Rules } = await elb.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
      return Rules!.find((r) => r.Conditions!.some((c) => c.Values?.includes('/gift-cards*')))!.RuleArn!;
    };
    return { blue, green, production: await ruleOn(443), test: await ruleOn(8443) };
  }

  it('creates a BLUE_GREEN service with a Lambda hook, deploys it, and rolls back the release whose hook fails', async () => {
    const pair = await giftCardsPair();
    expect(await ruleWeights(pair.production)).toEqual({ [pair.blue]: 100, [pair.green]: 0 });
    const hookRole = 'arn:aws:iam::123456789012:role/ecsLifecycleHookInvokeRole';
    const hooks = (fn: string) => [{ targetType: 'AWS_LAMBDA' as const, hookTargetArn: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`, roleArn: hookRole, lifecycleStages: ['POST_SCALE_UP' as const] }];
    const td1 = await newRevision('public.ecr.aws/nginx/nginx:1.27');
    const created = await h.ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'gift-cards', taskDefinition: td1, desiredCount: 2, launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      loadBalancers: [{
        targetGroupArn: pair.blue, containerName: 'app', containerPort: 8080,
        advancedConfiguration: { alternateTargetGroupArn: pair.green, productionListenerRule: pair.production, testListenerRule: pair.test, roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers' },
      }],
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks: hooks('gift-cards-smoke') },
    }));
    expect(created.service).toMatchObject({ serviceName: 'gift-cards', deploymentController: { type: 'ECS' }, deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 } });
    const first = await deploymentOf('gift-cards');
    await advanceUntil('first deployment', async () => (await describe1(first.serviceDeploymentArn!)).status === 'SUCCESSFUL', 5_000, 20 * MINUTE);
    const healthy = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: pair.blue }))).TargetHealthDescriptions!;
    expect(healthy.map((t) => t.TargetHealth!.State)).toEqual(['healthy', 'healthy']);

    const td2 = await newRevision('public.ecr.aws/nginx/nginx:1.28');
    await h.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'gift-cards', taskDefinition: td2, deploymentConfiguration: { lifecycleHooks: hooks('gift-cards-smoke-fails') } }));
    const second = await deploymentOf('gift-cards');
    expect(second.sourceServiceRevisions![0].arn).toBe(first.targetServiceRevision!.arn);
    await advanceUntil('hook running', async () => (await describe1(second.serviceDeploymentArn!)).lifecycleStage === 'POST_SCALE_UP', 2_000, 10 * MINUTE);
    const running = await describe1(second.serviceDeploymentArn!);
    expect(running.lifecycleHookDetails![0]).toMatchObject({ targetType: 'AWS_LAMBDA', status: 'IN_PROGRESS', targetArn: expect.stringMatching(/:function:gift-cards-smoke-fails$/) });
    // Green registered with the other group of the pair while blue serves.
    expect((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: pair.green }))).TargetHealthDescriptions).toHaveLength(2);
    await advanceUntil('rolled back', async () => (await describe1(second.serviceDeploymentArn!)).status === 'ROLLBACK_SUCCESSFUL', 5_000, 10 * MINUTE);
    expect((await describe1(second.serviceDeploymentArn!)).rollback!.reason).toMatch(/lifecycle hook ecs-lambda-\S+ at POST_SCALE_UP failed/);
    const svc = (await h.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['gift-cards'] }))).services![0];
    expect(svc.taskDefinition).toBe(td1);
    expect(await ruleWeights(pair.production)).toEqual({ [pair.blue]: 100, [pair.green]: 0 });
  });
});

describe('history', () => {
  it('lists thirty days of finished deployments, paged, with their outcomes', async () => {
    const all: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'storefront', maxResults: 5, nextToken, createdAt: { after: new Date(START - 30 * 24 * 60 * MINUTE) } }));
      all.push(...page.serviceDeployments!.map((d) => d.status!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all.length).toBeGreaterThanOrEqual(15);
    expect(all[0]).toBe('IN_PROGRESS');
    expect(new Set(all)).toEqual(new Set(['IN_PROGRESS', 'SUCCESSFUL', 'ROLLBACK_SUCCESSFUL', 'STOPPED']));
  });
});

describe('the answers', () => {
  // Runs last: every answer the sim gave to the tests above, judged against the botocore models.
  it('all conform to the ECS, ELBv2 and CloudWatch models', () => {
    const verdict = log.judge();
    expect(verdict.problems).toEqual([]);
    expect(verdict.unjudged).toEqual(new Set());
    expect(verdict.bySdkSchema).toEqual(new Set());
    const operations = log.operations();
    for (const op of ['ecs.ContinueServiceDeployment', 'ecs.StopServiceDeployment', 'ecs.DescribeServiceDeployments', 'ecs.CreateService', 'elbv2.DescribeRules', 'elbv2.DescribeTargetHealth', 'cloudwatch.DescribeAlarms']) {
      expect(operations).toContain(op);
    }
    expect(verdict.checked).toBeGreaterThan(200);
  });
});
