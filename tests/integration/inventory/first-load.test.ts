import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { readDirectly, startInventoryHarness, type InventoryHarness } from './harness';

/**
 * The first load of each demo cluster gives every service, task and container instance that
 * the SDK reads directly from the same (frozen) sim, with the same numbers.
 */
let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'demo' });
});
afterAll(async () => h?.close());

describe.each(['prod-ec2', 'prod-fargate'])('first load of %s', (name) => {
  it('has what the SDK reads directly, with the same numbers', async () => {
    const arn = await h.load(name);
    const snap = h.poller.model.snapshot(arn);
    const truth = await readDirectly(h.direct, arn);

    expect(snap.complete).toBe(true);
    expect(snap.services.map((s) => s.arn).sort()).toEqual(truth.services.map((s) => s.serviceArn).sort());
    for (const s of truth.services) {
      const mine = snap.services.find((x) => x.arn === s.serviceArn)!;
      expect([mine.desiredCount, mine.runningCount, mine.pendingCount, mine.taskDefinition, mine.deployments.length, mine.events[0]?.id]).toEqual([
        s.desiredCount, s.runningCount, s.pendingCount, s.taskDefinition, s.deployments?.length, s.events?.[0]?.id,
      ]);
      expect(mine.deployments.map((d) => d.rolloutState)).toEqual(s.deployments?.map((d) => d.rolloutState ?? null));
    }

    expect(snap.tasks.map((t) => t.arn).sort()).toEqual(truth.tasks.map((t) => t.taskArn).sort());
    for (const t of truth.tasks) {
      const mine = snap.tasks.find((x) => x.arn === t.taskArn)!;
      expect([mine.lastStatus, mine.stopCode, mine.stoppedAt, mine.availabilityZone]).toEqual([t.lastStatus, t.stopCode ?? null, t.stoppedAt?.getTime() ?? null, t.availabilityZone ?? null]);
      expect(mine.containers.map((c) => c.exitCode)).toEqual(t.containers?.map((c) => c.exitCode ?? null));
    }

    expect(snap.instances.map((i) => i.arn).sort()).toEqual(truth.instances.map((i) => i.containerInstanceArn).sort());
    for (const i of truth.instances) {
      const mine = snap.instances.find((x) => x.arn === i.containerInstanceArn)!;
      expect(mine.remaining.cpu).toBe(i.remainingResources?.find((r) => r.name === 'CPU')?.integerValue);
      expect(mine.availabilityZone).toBe(i.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value ?? null);
      expect(mine.external).toBe(i.ec2InstanceId?.startsWith('mi-') ?? false);
    }

    const cluster = (await h.direct.send(new DescribeClustersCommand({ clusters: [arn] }))).clusters![0];
    expect(snap.cluster).toMatchObject({ runningTasksCount: cluster.runningTasksCount, activeServicesCount: cluster.activeServicesCount, registeredContainerInstancesCount: cluster.registeredContainerInstancesCount });
    expect(snap.capacityProviders.map((c) => c.name).sort()).toEqual([...(cluster.capacityProviders ?? [])].sort());
  });

  it('reported its progress for each kind, ending in done', () => {
    const arn = h.clusterArn(name);
    for (const what of ['services', 'tasks', 'instances'] as const) {
      const last = h.progress.filter((p) => p.clusterArn === arn && p.what === what).at(-1);
      expect(last?.done).toBe(true);
    }
  });
});

describe('the demo as a whole', () => {
  it('has the ECS Anywhere instance, a Spot task and a crash-looping service to show', () => {
    const ec2 = h.poller.model.snapshot(h.clusterArn('prod-ec2'));
    expect(ec2.instances.some((i) => i.external)).toBe(true);
    expect(ec2.tasks.some((t) => t.stopCode === 'EssentialContainerExited')).toBe(true);
  });
});
