import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeServicesCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'demo', throttle: true });
});
afterAll(() => stopHarness(h));

describe('ECS request throttling', () => {
  it('lets the burst of about 100 DescribeServices through and throttles the rest of 200 fired at once', async () => {
    const began = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => h.ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['web'] }))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const throttled = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    const seconds = (performance.now() - began) / 1000;
    // The burst of 100, plus the refill at 20 per second for however long the 200 calls took
    // (about a second on a fast machine; the SDK's signing makes it longer on a slow one).
    expect(ok).toBeGreaterThanOrEqual(100);
    expect(ok).toBeLessThanOrEqual(100 + Math.ceil(20 * seconds) + 1);
    expect(throttled.length).toBe(200 - ok);
    expect(new Set(throttled.map((e) => `${e.name}: ${e.message}`))).toEqual(new Set(['ThrottlingException: Rate exceeded']));
    // Another category has its own bucket.
    await expect(h.ecs.send(new ListClustersCommand({}))).resolves.toBeTruthy();
  });

  it('throttles every ECS call during a throttle storm', async () => {
    h.sim.setFaults({ throttleStorm: { periodMs: 60_000, stormMs: 30_000 } });
    await expect(h.ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
    h.sim.setFaults({ throttleStorm: false });
    await expect(h.ecs.send(new ListClustersCommand({}))).resolves.toBeTruthy();
  });
});

describe('Elastic Load Balancing and CloudWatch alarms throttling', () => {
  const burstOf = async (fire: () => Promise<unknown>, n: number) => {
    const began = performance.now();
    const results = await Promise.allSettled(Array.from({ length: n }, fire));
    const seconds = (performance.now() - began) / 1000;
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    return { ok: n - rejected.length, rejected, seconds };
  };

  it('ELBv2 Describe* share a bucket of 40 refilled at 10 per second; the query protocol says Throttling', async () => {
    const config = { endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 };
    const elb = new ElasticLoadBalancingV2Client(config);
    try {
      const { ok, rejected, seconds } = await burstOf(() => elb.send(new DescribeLoadBalancersCommand({})), 80);
      expect(ok).toBeGreaterThanOrEqual(40);
      expect(ok).toBeLessThanOrEqual(40 + Math.ceil(10 * seconds) + 1);
      expect(new Set(rejected.map((e) => `${e.name}: ${e.message}`))).toEqual(new Set(['Throttling: Rate exceeded']));
    } finally {
      elb.destroy();
    }
  });

  it('CloudWatch DescribeAlarms: 9 per second', async () => {
    const cw = new CloudWatchClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 });
    try {
      const { ok, rejected, seconds } = await burstOf(() => cw.send(new DescribeAlarmsCommand({})), 30);
      expect(ok).toBeGreaterThanOrEqual(9);
      expect(ok).toBeLessThanOrEqual(9 + Math.ceil(9 * seconds) + 1);
      expect(rejected.every((e) => e.name === 'ThrottlingException' || e.name === 'Throttling')).toBe(true);
    } finally {
      cw.destroy();
    }
  });
});
