/**
 * The demo account's second region: one small, quiet Fargate cluster in eu-west-1, so the
 * all-clusters overview has another region to show and to open. Steady on purpose (no
 * rollouts, no crash loops, no task ever stops), but for one thing an operator watching from
 * us-east-1 should see in the Problems view: `edge-purge`, created two hours ago with the
 * EC2 launch type in a cluster that has no container instances. ECS cannot place its tasks
 * ("No Container Instances were found in your cluster", every few minutes in its events), so
 * its first deployment sits IN_PROGRESS at 0 of 2 running: a stuck deployment, below desired.
 * The cluster's Auto Scaling group provider was attached for it and never scaled (managed
 * scaling off, no instances).
 */
import { addAsgProvider, addCluster, addService, DAY, MINUTE, pushReleases, registerTaskDefinition, type ScenarioEnv } from './builder';
import { appTaskDefinition } from './task-templates';
import type { TaskDefinitionRecord } from '../world/types';

export const DEMO_EDGE_REGION = 'eu-west-1';

const SUBNETS = ['subnet-0e1d2c3b4a5f60101', 'subnet-0e1d2c3b4a5f60102'];

export function buildDemoEdge(env: ScenarioEnv): void {
  const { world } = env;
  const gateway = pushReleases(env, { repository: 'edge/gateway', mutability: 'IMMUTABLE', tags: ['v3.1.0', 'v3.2.0', 'v3.3.0'] });
  const cache = pushReleases(env, { repository: 'edge/cache', mutability: 'IMMUTABLE', tags: ['v1.7.0', 'v1.8.0'] });
  const geoip = pushReleases(env, { repository: 'edge/geoip', mutability: 'MUTABLE', tags: ['build-40', 'build-41'], extraTagsOnNewest: ['latest'] });

  const cluster = addCluster(env, {
    name: 'eu-edge',
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
    tags: [{ key: 'env', value: 'production' }, { key: 'team', value: 'edge' }],
  });
  const definition = (family: string, image: string, cpu: number, memory: number): TaskDefinitionRecord =>
    registerTaskDefinition(
      env,
      appTaskDefinition({ family, image, cpu, memory, networkMode: 'awsvpc', port: 8080, fargate: true, accountId: world.accountId, region: world.region }),
      env.start - 12 * DAY,
    );
  const onFargate = cluster.defaultCapacityProviderStrategy;
  const service = (name: string, taskDefinition: TaskDefinitionRecord, desiredCount: number, enableExecuteCommand = false) =>
    addService(env, {
      cluster, name, taskDefinition, desiredCount, subnets: SUBNETS, capacityProviderStrategy: onFargate,
      circuitBreaker: { enable: true, rollback: true }, createdDaysAgo: 60, enableExecuteCommand,
    });

  // The gateway takes exec, so a shell can be opened in this region too.
  service('edge-gateway', definition('edge-gateway', gateway[gateway.length - 1], 512, 1024), 3, true);
  service('edge-cache', definition('edge-cache', cache[cache.length - 1], 1024, 2048), 2);
  service('geoip', definition('edge-geoip', geoip[geoip.length - 1], 256, 512), 1);

  // The cache purger, written for EC2 (bridge networking) and created today: nothing to run on.
  const purge = registerTaskDefinition(
    env,
    appTaskDefinition({ family: 'edge-purge', image: cache[cache.length - 1], cpu: 256, memory: 512, networkMode: 'bridge', accountId: world.accountId, region: world.region }),
    env.start - 10 * MINUTE,
  );
  addService(env, { cluster, name: 'edge-purge', taskDefinition: purge, desiredCount: 2, launchType: 'EC2', createdDaysAgo: 0 });
  // Its Auto Scaling group provider, attached but never scaled: no instances and managed
  // scaling off, so CloudWatch has no CapacityProviderReservation for it (the capacity
  // page's reservation chart says so rather than drawing empty axes).
  addAsgProvider(env, { name: 'eu-edge-ec2', cluster, instanceType: 'c6i.large', cpu: 2048, memory: 3828, zones: ['eu-west-1a', 'eu-west-1b'], maxSize: 2, managedScaling: false });
}
