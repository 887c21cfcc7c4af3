/**
 * The large account: thousands of services and tasks and hundreds of instances in one cluster,
 * for benchmarks and for proving the dashboard paginates. Built directly in a steady state
 * (tasks adopted as RUNNING, round-robin over the instances) so start-up stays well under a
 * second; the engine then runs it like any other world.
 */
import { buildTask } from '../engine/task-factory';
import { adoptRunningTask } from '../engine/task-lifecycle';
import type { ContainerInstanceRecord } from '../world/types';
import { addAsgInstances, addAsgProvider, addCluster, addService, MINUTE, pushReleases, registerTaskDefinition, type ScenarioEnv } from './builder';
import { appTaskDefinition } from './task-templates';

export interface LargeSizes {
  services: number;
  tasks: number;
  instances: number;
  /** The EKS cluster's nodes and pods (eks-large.ts). */
  eksNodes: number;
  eksPods: number;
}

export const DEFAULT_LARGE_SIZES: LargeSizes = { services: 2000, tasks: 10000, instances: 500, eksNodes: 200, eksPods: 5000 };
const FAMILIES = 40;

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

  let instanceCursor = 0;
  const nextInstance = (): ContainerInstanceRecord | undefined => (instances.length ? instances[instanceCursor++ % instances.length] : undefined);
  for (let s = 0; s < sizes.services; s++) {
    const taskCount = Math.floor(sizes.tasks / sizes.services) + (s < sizes.tasks % sizes.services ? 1 : 0);
    const definition = definitions[s % FAMILIES];
    const service = addService(env, {
      cluster, name: `svc-${String(s).padStart(4, '0')}`, taskDefinition: definition, desiredCount: taskCount,
      capacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    });
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
}
