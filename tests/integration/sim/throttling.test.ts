import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeServicesCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { EKSClient, ListClustersCommand as ListEksClustersCommand } from '@aws-sdk/client-eks';
import { startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
// The token buckets' wall clock, moved by hand: the counts are exact however slow the machine.
let wall = 0;
beforeAll(async () => {
  h = await startHarness({ scenario: 'demo', throttle: true, throttleClock: () => wall });
});
afterAll(() => stopHarness(h));

describe('ECS request throttling', () => {
  it('lets the burst of 100 DescribeServices through, throttles the rest of 200 fired at once, and refills 20 a second', async () => {
    const fire = (n: number) =>
      Promise.allSettled(Array.from({ length: n }, () => h.ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['web'] }))));
    const results = await fire(200);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const throttled = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(ok).toBe(100);
    expect(throttled).toHaveLength(100);
    expect(new Set(throttled.map((e) => `${e.name}: ${e.message}`))).toEqual(new Set(['ThrottlingException: Rate exceeded']));
    // Half a second later: 10 tokens.
    wall += 500;
    expect((await fire(15)).filter((r) => r.status === 'fulfilled')).toHaveLength(10);
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
    const results = await Promise.allSettled(Array.from({ length: n }, fire));
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    return { ok: n - rejected.length, rejected };
  };

  it('ELBv2 Describe* share a bucket of 40 refilled at 10 per second; the query protocol says Throttling', async () => {
    const config = { endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 };
    const elb = new ElasticLoadBalancingV2Client(config);
    try {
      const { ok, rejected } = await burstOf(() => elb.send(new DescribeLoadBalancersCommand({})), 80);
      expect(ok).toBe(40);
      expect(new Set(rejected.map((e) => `${e.name}: ${e.message}`))).toEqual(new Set(['Throttling: Rate exceeded']));
    } finally {
      elb.destroy();
    }
  });

  it('CloudWatch DescribeAlarms: 9 per second', async () => {
    const cw = new CloudWatchClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 });
    try {
      const { ok, rejected } = await burstOf(() => cw.send(new DescribeAlarmsCommand({})), 30);
      expect(ok).toBe(9);
      expect(rejected.every((e) => e.name === 'ThrottlingException' || e.name === 'Throttling')).toBe(true);
    } finally {
      cw.destroy();
    }
  });
});

describe('EKS request throttling', () => {
  it('lets a burst of 50 EKS reads through, then answers ThrottlingException (HTTP 429, "Rate exceeded")', async () => {
    const eks = new EKSClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 });
    try {
      const began = performance.now();
      const results = await Promise.allSettled(Array.from({ length: 120 }, () => eks.send(new ListEksClustersCommand({}))));
      const seconds = (performance.now() - began) / 1000;
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error & { $metadata: { httpStatusCode: number } });
      expect(ok).toBeGreaterThanOrEqual(50);
      expect(ok).toBeLessThanOrEqual(50 + Math.ceil(10 * seconds) + 1);
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused.map((e) => `${e.name} ${e.$metadata.httpStatusCode}: ${e.message}`))).toEqual(new Set(['ThrottlingException 429: Rate exceeded']));
    } finally {
      eks.destroy();
    }
  });
});
