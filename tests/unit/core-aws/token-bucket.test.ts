import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src-main/core/aws/token-bucket';
import { ApiBudget } from '../../../src-main/core/aws/api-budget';
import { categoryOf } from '../../../src-main/core/aws/throttle-categories';
import { FakeClock, flush } from './helpers';

/** Starts `n` takes and returns how many have resolved so far, as time is stepped. */
function startTakes(bucket: TokenBucket, n: number) {
  let done = 0;
  for (let i = 0; i < n; i++) void bucket.take().then(() => done++);
  return () => done;
}

describe('TokenBucket', () => {
  const serviceRead = { burst: 100, refillPerSecond: 20 };

  it('lets a burst of share x AWS burst through at once, then refills at share x AWS rate', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(serviceRead, 0.5, clock);
    const done = startTakes(bucket, 200);
    await flush();
    expect(done()).toBe(50); // burst 100 x 0.5
    await clock.advance(1000);
    expect(done()).toBe(60); // + 20/s x 0.5 = 10 per second
    await clock.advance(5000);
    expect(done()).toBe(110);
    await clock.advance(9000);
    expect(done()).toBe(200); // 50 + 150 at 10/s = 15 s in all
    expect(bucket.queued).toBe(0);
  });

  it('serves waiters in arrival order', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ burst: 1, refillPerSecond: 1 }, 1, clock);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) void bucket.take().then(() => order.push(i));
    await clock.advance(3000);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('never holds more than its capacity after an idle spell', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(serviceRead, 0.5, clock);
    await clock.advance(60_000);
    expect(bucket.available).toBe(50);
  });

  it('backs off on a throttle (empties, halves the rate) and recovers slowly', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(serviceRead, 0.5, clock);
    expect(bucket.rate).toBe(10);
    bucket.onThrottle();
    expect(bucket.available).toBe(0);
    expect(bucket.rate).toBe(5);
    expect(bucket.backingOff).toBe(true);

    // Throttles answering the same burst count once.
    bucket.onThrottle();
    bucket.onThrottle();
    expect(bucket.rate).toBe(5);

    // A second throttle later cuts again, never below 10% of nominal.
    await clock.advance(1500);
    bucket.onThrottle();
    expect(bucket.rate).toBeLessThan(5);
    for (let i = 0; i < 10; i++) {
      await clock.advance(1100);
      bucket.onThrottle();
    }
    expect(bucket.rate).toBeCloseTo(1, 5);

    // Additive recovery: 2% of nominal per second, full rate again after ~45 s without throttles.
    await clock.advance(10_000);
    expect(bucket.rate).toBeCloseTo(3, 5);
    await clock.advance(40_000);
    expect(bucket.rate).toBe(10);
    expect(bucket.backingOff).toBe(false);
  });

  it('waiting callers go slower while backing off', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ burst: 10, refillPerSecond: 10 }, 1, clock);
    const done = startTakes(bucket, 30);
    await flush();
    expect(done()).toBe(10);
    bucket.onThrottle(); // rate 10 -> 5
    await clock.advance(1000);
    expect(done()).toBeGreaterThanOrEqual(14);
    expect(done()).toBeLessThanOrEqual(16);
  });

  it('follows a change of share', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(serviceRead, 1, clock);
    bucket.setShare(0.25);
    expect(bucket.available).toBe(25);
    expect(bucket.rate).toBe(5);
  });
});

describe('ApiBudget and categories', () => {
  it('maps each ECS operation to its throttle category', () => {
    expect(categoryOf('ecs', 'DescribeServices')).toBe('ecs:service-read');
    expect(categoryOf('ecs', 'ListServices')).toBe('ecs:service-read');
    expect(categoryOf('ecs', 'DescribeClusters')).toBe('ecs:cluster-read');
    expect(categoryOf('ecs', 'ListTasks')).toBe('ecs:cluster-resource-read');
    expect(categoryOf('ecs', 'DescribeContainerInstances')).toBe('ecs:cluster-resource-read');
    expect(categoryOf('ecs', 'DescribeTaskDefinition')).toBe('ecs:task-definition-read');
    expect(categoryOf('ecs', 'DescribeCapacityProviders')).toBe('ecs:capacity-provider-read');
    expect(categoryOf('ecs', 'ListServiceDeployments')).toBe('ecs:service-deployment-read');
    expect(categoryOf('ecs', 'UpdateService')).toBe('ecs:service-modify');
    expect(categoryOf('ecs', 'StopTask')).toBe('ecs:cluster-resource-modify');
    expect(categoryOf('ecs', 'ExecuteCommand')).toBe('ecs:cluster-resource-modify');
    expect(categoryOf('ecs', 'RegisterTaskDefinition')).toBe('ecs:other');
    expect(categoryOf('ecr', 'DescribeImages')).toBe('ecr');
    expect(categoryOf('logs', 'GetLogEvents')).toBe('logs');
  });

  it('keeps one bucket per category, sized by the share', () => {
    const budget = new ApiBudget(0.5, new FakeClock());
    expect(budget.bucket('ecs:service-read')).toBe(budget.bucket('ecs:service-read'));
    expect(budget.bucket('ecs:service-read').capacity).toBe(50);
    expect(budget.bucket('ecs:cluster-read').capacity).toBe(25);
    expect(budget.bucket('ecs:service-modify').rate).toBe(2.5);
    budget.setShare(1);
    expect(budget.bucket('ecs:service-read').capacity).toBe(100);
  });
});
