/**
 * The sim answers by the region a request is signed for: the demo's us-east-1 and eu-west-1
 * worlds are separate (ARNs, services, registries), a region the account never used is empty,
 * STS, KMS and exec work everywhere, and ECS throttles per account *and region*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ExecuteCommandCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { WebSocket } from 'ws';
import { adminFetch, errorOf, MINUTE, startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
const clients: Array<{ destroy(): void }> = [];
beforeAll(async () => {
  h = await startHarness({ scenario: 'demo', admin: true });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await stopHarness(h);
});

/** A client of `Client`'s kind signed for `region`, pointed at the sim. */
function client<C extends { destroy(): void }>(Client: new (config: object) => C, region: string, sim = h): C {
  const made = new Client({ endpoint: sim.sim.endpoint, region, credentials: sim.sim.credentials, maxAttempts: 1 });
  clients.push(made);
  return made;
}
const ecsIn = (region: string, sim = h) => client(ECSClient, region, sim);

describe('ECS answers from the world of the region the request is signed for', () => {
  it('lists each region’s own clusters, with that region in their ARNs; a region never used has none', async () => {
    const us = (await ecsIn('us-east-1').send(new ListClustersCommand({}))).clusterArns!;
    const eu = (await ecsIn('eu-west-1').send(new ListClustersCommand({}))).clusterArns!;
    const ap = (await ecsIn('ap-southeast-2').send(new ListClustersCommand({}))).clusterArns!;
    expect(us.sort()).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/prod-ec2', 'arn:aws:ecs:us-east-1:123456789012:cluster/prod-fargate']);
    expect(eu).toEqual(['arn:aws:ecs:eu-west-1:123456789012:cluster/eu-edge']);
    expect(ap).toEqual([]);
  });

  it('knows a cluster only in its own region, as AWS does', async () => {
    const missing = await ecsIn('us-east-1').send(new DescribeClustersCommand({ clusters: ['eu-edge'] }));
    expect(missing.clusters).toEqual([]);
    expect(missing.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/eu-edge', reason: 'MISSING' }]);
    expect((await errorOf(ecsIn('us-east-1').send(new ListServicesCommand({ cluster: 'eu-edge' })))).name).toBe('ClusterNotFoundException');
    expect((await errorOf(ecsIn('ap-southeast-2').send(new ListServicesCommand({})))).name).toBe('ClusterNotFoundException');
  });

  it('describes eu-west-1’s services, steady at their desired count but edge-purge, with eu-west-1 ARNs', async () => {
    const eu = ecsIn('eu-west-1');
    const arns = (await eu.send(new ListServicesCommand({ cluster: 'eu-edge' }))).serviceArns!;
    const { services, failures } = await eu.send(new DescribeServicesCommand({ cluster: 'eu-edge', services: arns }));
    expect(failures).toEqual([]);
    expect(services!.map((s) => s.serviceName).sort()).toEqual(['edge-cache', 'edge-gateway', 'edge-purge', 'geoip']);
    for (const s of services!) {
      expect(s.serviceArn).toMatch(/^arn:aws:ecs:eu-west-1:123456789012:service\/eu-edge\//);
      expect(s.taskDefinition).toMatch(/^arn:aws:ecs:eu-west-1:123456789012:task-definition\/edge-/);
      if (s.serviceName === 'edge-purge') continue;
      expect(s.runningCount).toBe(s.desiredCount);
      expect(s.deployments!.map((d) => d.rolloutState)).toEqual(['COMPLETED']);
    }
    const cluster = (await eu.send(new DescribeClustersCommand({ clusters: ['eu-edge'] }))).clusters![0];
    // eu-edge-ec2: the Auto Scaling provider attached for edge-purge and never scaled (no instances).
    expect(cluster).toMatchObject({ activeServicesCount: 4, runningTasksCount: 6, pendingTasksCount: 0, capacityProviders: ['FARGATE', 'FARGATE_SPOT', 'eu-edge-ec2'] });
  });

  it('edge-purge asks for EC2 in a cluster without instances: nothing placed, its first deployment stuck IN_PROGRESS', async () => {
    const eu = ecsIn('eu-west-1');
    const [purge] = (await eu.send(new DescribeServicesCommand({ cluster: 'eu-edge', services: ['edge-purge'] }))).services!;
    expect(purge).toMatchObject({ launchType: 'EC2', desiredCount: 2, runningCount: 0, pendingCount: 0 });
    expect(purge.deployments!.map((d) => d.rolloutState)).toEqual(['IN_PROGRESS']);
    expect(purge.events![0].message).toMatch(/was unable to place a task because no container instance met all of its requirements\. Reason: No Container Instances were found in your cluster/);
    expect((await eu.send(new ListTasksCommand({ cluster: 'eu-edge', serviceName: 'edge-purge' }))).taskArns).toEqual([]);
  });

  it('moves every region with the one clock: an hour later eu-west-1 is still steady, no task stopped (edge-purge never starts one)', async () => {
    h.sim.clock.advance(60 * MINUTE);
    const eu = ecsIn('eu-west-1');
    const running = (await eu.send(new ListTasksCommand({ cluster: 'eu-edge' }))).taskArns!;
    const stopped = (await eu.send(new ListTasksCommand({ cluster: 'eu-edge', desiredStatus: 'STOPPED' }))).taskArns!;
    expect(running).toHaveLength(6);
    expect(stopped).toEqual([]);
    const { tasks } = await eu.send(new DescribeTasksCommand({ cluster: 'eu-edge', tasks: running }));
    expect(new Set(tasks!.map((t) => t.availabilityZone?.slice(0, -1)))).toEqual(new Set(['eu-west-1']));
  });
});

describe('the other services by region', () => {
  it('ECR: each region has its own registry', async () => {
    const names = async (region: string) =>
      (await client(ECRClient, region).send(new DescribeRepositoriesCommand({}))).repositories!.map((r) => r.repositoryUri!);
    const eu = await names('eu-west-1');
    expect(eu.sort()).toEqual(['edge/cache', 'edge/gateway', 'edge/geoip'].map((n) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${n}`));
    expect((await names('us-east-1')).some((uri) => uri.includes('edge/'))).toBe(false);
    expect(await names('ap-southeast-2')).toEqual([]);
  });

  it('Logs: eu-west-1’s tasks write to eu-west-1’s log groups', async () => {
    const groups = async (region: string) =>
      (await client(CloudWatchLogsClient, region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/edge-' }))).logGroups!.map((g) => g.arn!);
    expect((await groups('eu-west-1')).sort()).toEqual(['edge-cache', 'edge-gateway', 'edge-geoip', 'edge-purge'].map((f) => `arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/${f}:*`));
    // us-east-1 has its own /ecs/edge-collector, and none of eu-west-1's.
    expect(await groups('us-east-1')).toEqual(['arn:aws:logs:us-east-1:123456789012:log-group:/ecs/edge-collector:*']);
  });

  it('STS answers the same account in every region; KMS names keys in the region asked', async () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      expect((await client(STSClient, region).send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012');
    }
    const key = await client(KMSClient, 'eu-west-1').send(new GenerateDataKeyCommand({ KeyId: 'alias/exec', KeySpec: 'AES_256' }));
    expect(key.KeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:/);
  });

  it('exec: a shell opens on an eu-west-1 task through the same exec agent', async () => {
    const eu = ecsIn('eu-west-1');
    const [taskArn] = (await eu.send(new ListTasksCommand({ cluster: 'eu-edge', serviceName: 'edge-gateway' }))).taskArns!;
    const { session, clusterArn } = await eu.send(new ExecuteCommandCommand({ cluster: 'eu-edge', task: taskArn, command: '/bin/sh', interactive: true }));
    expect(clusterArn).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/eu-edge');
    const ws = new WebSocket(session!.streamUrl!);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });

  it('GET /__sim/state counts each region', async () => {
    const state = (await (await adminFetch(h.sim, '/__sim/state')).json()) as { regions: Record<string, { clusters: number; services: number }> };
    expect(state.regions['us-east-1']).toMatchObject({ clusters: 2, services: 14 });
    expect(state.regions['eu-west-1']).toMatchObject({ clusters: 1, services: 4 });
    expect(state.regions['ap-southeast-2']).toMatchObject({ clusters: 0, services: 0 });
  });
});

describe('throttling is per account and region', () => {
  it('draining us-east-1’s cluster-read bucket leaves eu-west-1’s full', async () => {
    // The buckets' wall clock stands still: no refill however long the calls take.
    const throttled = await startHarness({ scenario: 'demo', throttle: true, throttleClock: () => 0 });
    try {
      const burst = (region: string, n: number) =>
        Promise.allSettled(Array.from({ length: n }, () => ecsIn(region, throttled).send(new ListClustersCommand({}))));
      // 80 at once against a burst of 50: us-east-1 runs dry ...
      const us = await burst('us-east-1', 80);
      expect(us.filter((r) => r.status === 'rejected').length).toBe(30);
      // ... and 45 right after in eu-west-1 all pass: its bucket is its own.
      const eu = await burst('eu-west-1', 45);
      expect(eu.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await stopHarness(throttled);
    }
  });
});
