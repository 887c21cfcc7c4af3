/**
 * The large account: thousands of services and tasks and hundreds of instances in one cluster,
 * for benchmarks and for proving the dashboard paginates. Built directly in a steady state
 * (tasks adopted as RUNNING, round-robin over the instances) so start-up stays well under a
 * second; the engine then runs it like any other world.
 */
import { buildTask } from '../engine/task-factory';
import { adoptRunningTask } from '../engine/task-lifecycle';
import type { ContainerInstanceRecord } from '../world/types';
import { startDeployment } from '../engine/deployments';
import type { Json, ServiceRecord } from '../world/types';
import { addAsgInstances, addAsgProvider, addCluster, addService, addTrafficPair, loadBalancerEntry, MINUTE, pushReleases, registerTaskDefinition, type ScenarioEnv } from './builder';
import { appTaskDefinition } from './task-templates';

export interface LargeSizes {
  services: number;
  tasks: number;
  instances: number;
  /** Services deploying with BLUE_GREEN, CANARY or LINEAR at start (the first ones, in turn); 0: an idle account. */
  deployments: number;
  /** The EKS cluster's nodes and pods (eks-large.ts). */
  eksNodes: number;
  eksPods: number;
}

export const DEFAULT_LARGE_SIZES: LargeSizes = { services: 2000, tasks: 10000, instances: 500, deployments: 50, eksNodes: 200, eksPods: 5000 };
const FAMILIES = 40;

/** Long-running staged deployments, so they stay in progress while a benchmark watches. */
function stagedConfiguration(i: number, accountId: string, region: string): Json {
  switch (i % 3) {
    case 0:
      return {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 30,
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 12 * 60, action: 'ROLLBACK' } }],
      };
    case 1:
      return { strategy: 'CANARY', bakeTimeInMinutes: 30, canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 240 }, alarms: { alarmNames: [`large-${i}-5xx`], enable: true, rollback: true } };
    default:
      return {
        strategy: 'LINEAR',
        bakeTimeInMinutes: 30,
        linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 20 },
        lifecycleHooks: [{ targetType: 'AWS_LAMBDA', hookTargetArn: `arn:aws:lambda:${region}:${accountId}:function:large-gate`, roleArn: `arn:aws:iam::${accountId}:role/ecsLifecycleHookInvokeRole`, lifecycleStages: ['PRE_PRODUCTION_TRAFFIC_SHIFT'] }],
      };
  }
}

export function buildLarge(env: ScenarioEnv, sizes: LargeSizes): void {
  const { world, engine } = env;
  const zones = ['a', 'b', 'c'].map((z) => `${world.region}${z}`);
  const cluster = addCluster(env, { name: 'large', tags: [{ key: 'env', value: 'load-test' }] });
  const provider = addAsgProvider(env, {
    name: 'large-asg', cluster, instanceType: 'm5.4xlarge', cpu: 16384, memory: 63600, zones, maxSize: Math.max(sizes.instances * 2, 1),
  });
  cluster.defaultCapacityProviderStrategy = [{ capacityProvider: provider.name, weight: 1, base: 0 }];
  const instances = addAsgInstances(env, provider, sizes.instances);

  const images = pushReleases(env, { repository: 'large/app', mutability: 'IMMUTABLE', tags: ['v1.0.0', 'v1.1.0', 'v1.2.0'] });
  const definitions = Array.from({ length: FAMILIES }, (_, i) =>
    registerTaskDefinition(
      env,
      appTaskDefinition({ family: `app-${String(i).padStart(2, '0')}`, image: images[i % images.length], cpu: 128, memory: 256, networkMode: 'bridge', port: 8080, accountId: world.accountId, region: world.region }),
      env.start - 10 * 24 * 60 * MINUTE,
    ),
  );

  const staged = Math.min(sizes.deployments, sizes.services);
  const stagedServices: ServiceRecord[] = [];
  let instanceCursor = 0;
  const nextInstance = (): ContainerInstanceRecord | undefined => (instances.length ? instances[instanceCursor++ % instances.length] : undefined);
  for (let s = 0; s < sizes.services; s++) {
    const taskCount = Math.floor(sizes.tasks / sizes.services) + (s < sizes.tasks % sizes.services ? 1 : 0);
    const definition = definitions[s % FAMILIES];
    const name = `svc-${String(s).padStart(4, '0')}`;
    const pair = s < staged ? addTrafficPair(env, { name, port: 8080, zones, subnets: ['subnet-0b1c2d3e4f5a60001', 'subnet-0b1c2d3e4f5a60002', 'subnet-0b1c2d3e4f5a60003'], targetType: 'instance', priority: s + 1, alb: 'large-alb' }) : undefined;
    const service = addService(env, {
      cluster, name, taskDefinition: definition, desiredCount: taskCount,
      capacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
      loadBalancers: pair ? [loadBalancerEntry(env, pair, 'app', 8080)] : undefined,
      deployment: pair ? stagedConfiguration(s, world.accountId, world.region) : undefined,
    });
    if (pair) {
      stagedServices.push(service);
      const alarm = service.deploymentConfiguration.alarms?.alarmNames?.[0];
      if (alarm) env.alarms.put({ name: alarm, namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensions: { TargetGroup: pair.targetGroupArn.split(':').pop()! }, statistic: 'Sum', period: 60, evaluationPeriods: 3, threshold: 5, comparisonOperator: 'GreaterThanThreshold', state: 'OK' }, env.start);
    }
    const deployment = service.deployments[0];
    deployment.rolloutState = 'COMPLETED';
    deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
    deployment.deploymentStatus = 'SUCCESSFUL';
    deployment.createdAt = deployment.startedAt = env.start - 3 * 24 * 60 * MINUTE;
    deployment.finishedAt = deployment.updatedAt = deployment.createdAt + 4 * MINUTE;
    for (let t = 0; t < taskCount; t++) {
      const instance = nextInstance();
      if (!instance) break;
      const task = buildTask(engine, {
        service, deployment, definition, launchType: 'EC2', capacityProviderName: provider.name, instance, zone: instance.availabilityZone,
      });
      adoptRunningTask(engine, task, deployment.createdAt + engine.random.int(60, 240) * 1000);
    }
  }

  // The staged deployments start as the sim does, each with a new revision of its family.
  const next = pushReleases(env, { repository: 'large/app-next', mutability: 'IMMUTABLE', tags: ['v2.0.0'] })[0];
  for (const service of stagedServices) {
    const current = world.taskDefinitions.get(service.taskDefinition)!;
    const body: Json = structuredClone(current.body);
    body.containerDefinitions = body.containerDefinitions.map((c: Json, k: number) => (k === 0 ? { ...c, image: next } : c));
    const revision = registerTaskDefinition(env, body, env.start - 10 * MINUTE);
    engine.after(0, () => startDeployment(engine, service, { taskDefinition: revision.arn }));
  }
}
