/**
 * The demo's deployment control room: four services on prod-fargate behind one Application Load
 * Balancer, each deploying with a strategy of its own, and thirty days of their finished
 * deployments. At "now":
 *  - storefront (BLUE_GREEN) is paused at a PAUSE hook after its test traffic shift, awaiting
 *    approval; the hook times out in about 20 minutes and then rolls back;
 *  - cart (CANARY 5 %) is baking its canary;
 *  - pricing (LINEAR, 10 % steps) is at 30 % and stepping;
 *  - recommendations (CANARY 10 %) ships a bad release whose 5xx alarm fires a few minutes
 *    after "now"; the deployment rolls back.
 * Each keeps shipping releases after its deployment ends (deployment-loops.ts). The load
 * balancer also has a target group pair and rules for gift-cards, a service not created yet.
 */
import type { ClusterRecord, Json, ServiceRecord, TaskDefinitionRecord } from '../world/types';
import {
  addErrorAlarm,
  addPastDeployments,
  addService,
  addTrafficPair,
  DAY,
  loadBalancerEntry,
  MINUTE,
  pushReleases,
  registerTaskDefinition,
  type PastOutcome,
  type ScenarioEnv,
} from './builder';
import { DeploymentLoops } from './deployment-loops';
import { appTaskDefinition } from './task-templates';

/** How long after the history start (two hours before "now") each first release ships. */
export const DEMO_DEPLOYMENT_TIMES = { storefront: 78, cart: 102, pricing: 111, recommendations: 117 };

interface Spec {
  name: string;
  repository: string;
  major: number;
  releases: number;
  desiredCount: number;
  priority: number;
  deployment: Json;
  history: { outcome: (i: number) => PastOutcome; minutes: (i: number) => number; reason?: (i: number) => string };
}

export function buildDemoDeployments(env: ScenarioEnv, cluster: ClusterRecord, zones: string[], subnets: string[]): void {
  const { world } = env;
  const lambda = (name: string) => `arn:aws:lambda:${world.region}:${world.accountId}:function:${name}`;
  const hookRole = `arn:aws:iam::${world.accountId}:role/ecsLifecycleHookInvokeRole`;
  const alarms = (name: string) => ({ alarmNames: [`${name}-5xx`], enable: true, rollback: true });
  const specs: Spec[] = [
    {
      name: 'storefront', repository: 'shop/storefront', major: 2, releases: 14, desiredCount: 4, priority: 10,
      deployment: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 10,
        alarms: alarms('storefront'),
        lifecycleHooks: [
          { targetType: 'AWS_LAMBDA', hookTargetArn: lambda('storefront-smoke-tests'), roleArn: hookRole, lifecycleStages: ['POST_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 15, action: 'ROLLBACK' } },
          { targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' } },
        ],
      },
      history: {
        outcome: (i) => (i === 4 ? 'ROLLBACK_SUCCESSFUL' : i === 9 ? 'ROLLBACK_SUCCESSFUL' : i === 11 ? 'STOPPED' : 'SUCCESSFUL'),
        minutes: (i) => 22 + ((i * 7) % 30),
        reason: (i) =>
          i === 4 ? 'Service deployment rolled back by a ContinueServiceDeployment request (ROLLBACK) at lifecycle hook ecs-pause-qa.'
          : i === 9 ? 'Service deployment rolled back because lifecycle hook ecs-pause-qa at POST_TEST_TRAFFIC_SHIFT timed out.'
          : 'Service deployment stopped by a StopServiceDeployment request (ABORT).',
      },
    },
    {
      name: 'cart', repository: 'shop/cart', major: 3, releases: 10, desiredCount: 3, priority: 20,
      deployment: { strategy: 'CANARY', bakeTimeInMinutes: 10, canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 30 }, alarms: alarms('cart') },
      history: {
        outcome: (i) => (i === 3 ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL'),
        minutes: (i) => 42 + (i % 4),
        reason: () => 'Service deployment rolled back because CloudWatch alarm cart-5xx went into ALARM state.',
      },
    },
    {
      name: 'pricing', repository: 'shop/pricing', major: 1, releases: 8, desiredCount: 4, priority: 30,
      deployment: {
        strategy: 'LINEAR',
        bakeTimeInMinutes: 5,
        linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 3 },
        alarms: alarms('pricing'),
        lifecycleHooks: [
          { targetType: 'AWS_LAMBDA', hookTargetArn: lambda('pricing-traffic-gate'), roleArn: hookRole, lifecycleStages: ['PRE_PRODUCTION_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 10, action: 'ROLLBACK' } },
        ],
      },
      history: {
        outcome: (i) => (i === 5 ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL'),
        minutes: (i) => 36 + (i % 5),
        reason: () => 'Service deployment rolled back because the circuit breaker threshold was exceeded.',
      },
    },
    {
      name: 'recommendations', repository: 'shop/recommendations', major: 5, releases: 12, desiredCount: 3, priority: 40,
      deployment: { strategy: 'CANARY', bakeTimeInMinutes: 5, canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 15 }, alarms: alarms('recommendations') },
      history: {
        outcome: (i) => (i % 3 === 1 ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL'),
        minutes: (i) => (i % 3 === 1 ? 6 + (i % 3) : 22 + (i % 4)),
        reason: () => 'Service deployment rolled back because CloudWatch alarm recommendations-5xx went into ALARM state.',
      },
    },
  ];

  const loops = new DeploymentLoops(env);
  const services: Record<string, ServiceRecord> = {};
  for (const spec of specs) {
    const tags = Array.from({ length: spec.releases + 1 }, (_, i) => `v${spec.major}.${i}.0`);
    const images = pushReleases(env, { repository: spec.repository, mutability: 'IMMUTABLE', tags, everyDays: 30 / tags.length });
    const from = env.start - 30 * DAY;
    const until = env.start - 2 * DAY;
    const step = (until - from) / spec.releases;
    const definitions: TaskDefinitionRecord[] = images.map((image, i) =>
      registerTaskDefinition(
        env,
        appTaskDefinition({ family: `shop-${spec.name}`, image, cpu: 512, memory: 1024, networkMode: 'awsvpc', port: 8080, fargate: true, accountId: world.accountId, region: world.region }),
        Math.round(from + i * step - 3600_000),
      ),
    );
    const pair = addTrafficPair(env, { name: spec.name, port: 8080, zones, subnets, priority: spec.priority, alb: 'shop-public', path: `/${spec.name}*` });
    addErrorAlarm(env, `${spec.name}-5xx`, pair.targetGroupArn, pair.loadBalancerArn);
    const current = definitions[definitions.length - 1];
    const service = addService(env, {
      cluster, name: spec.name, taskDefinition: current, desiredCount: spec.desiredCount, subnets,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      circuitBreaker: { enable: true, rollback: true }, enableExecuteCommand: spec.name === 'storefront',
      loadBalancers: [loadBalancerEntry(env, pair, 'app', 8080)], healthCheckGracePeriodSeconds: 30,
      deployment: spec.deployment, createdDaysAgo: 200, deployedAt: until + DAY,
    });
    addPastDeployments(env, service, definitions.slice(0, -1), { daysBack: 30, until, ...spec.history });
    services[spec.name] = service;
  }

  // The gift-cards team's load balancer rules and target groups, made ahead of their service.
  addTrafficPair(env, { name: 'gift-cards', port: 8080, zones, subnets, priority: 50, alb: 'shop-public', path: '/gift-cards*' });

  const at = DEMO_DEPLOYMENT_TIMES;
  const release = (major: number, releases: number) => (n: number) => `v${major}.${releases + 1 + n}.0`;
  loops.add({ service: services.storefront, repository: 'shop/storefront', tag: release(2, 14), gapMs: 40 * MINUTE }, at.storefront * MINUTE);
  loops.add({ service: services.cart, repository: 'shop/cart', tag: release(3, 10), gapMs: 30 * MINUTE }, at.cart * MINUTE);
  loops.add({ service: services.pricing, repository: 'shop/pricing', tag: release(1, 8), gapMs: 30 * MINUTE }, at.pricing * MINUTE);
  loops.add(
    {
      service: services.recommendations, repository: 'shop/recommendations', tag: release(5, 12), gapMs: 20 * MINUTE,
      bad: (n) => n % 2 === 0, alarmName: 'recommendations-5xx', alarmAfterMs: 4 * MINUTE,
    },
    at.recommendations * MINUTE,
  );
}
