import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../src-main/sim/engine/clock';
import { Random } from '../../../src-main/sim/engine/random';
import { TimerQueue } from '../../../src-main/sim/engine/timers';
import { paginate } from '../../../src-main/sim/ecs/pagination';
import { TokenBucket } from '../../../src-main/sim/throttle/token-bucket';
import { EcsThrottle } from '../../../src-main/sim/throttle/ecs-throttle';
import { Faults } from '../../../src-main/sim/faults/faults';

describe('Random', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.hex(8));
    expect(Array.from({ length: 5 }, () => b.hex(8))).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.hex(8))).not.toEqual(seqA);
  });
});

describe('TimerQueue', () => {
  it('pops due timers in time order, ties in scheduling order', () => {
    const q = new TimerQueue();
    const ran: string[] = [];
    q.schedule(30, () => ran.push('c'));
    q.schedule(10, () => ran.push('a1'));
    q.schedule(10, () => ran.push('a2'));
    q.schedule(20, () => ran.push('b'));
    for (let t = q.popDue(25); t; t = q.popDue(25)) t.run();
    expect(ran).toEqual(['a1', 'a2', 'b']);
    expect(q.size).toBe(1);
  });
});

describe('SimClock', () => {
  it('runs at its speed, jumps ahead on advance and tells listeners', () => {
    let wall = 1_000;
    const clock = new SimClock(50_000, 60, () => wall);
    wall += 1_000;
    expect(clock.now()).toBe(50_000 + 60_000);
    const seen: number[] = [];
    clock.onAdvance((now) => seen.push(now));
    clock.advance(5_000);
    expect(clock.now()).toBe(115_000);
    expect(seen).toEqual([115_000]);
    clock.setSpeed(0);
    wall += 10_000;
    expect(clock.now()).toBe(115_000);
  });
});

describe('ECS pagination', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);
  const limits = { defaultSize: 10, maxSize: 100, listing: 'L' };

  it('walks every item once across pages with opaque tokens', () => {
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const { page, nextToken } = paginate(items, { nextToken: token }, limits);
      seen.push(...page);
      token = nextToken;
    } while (token);
    expect(seen).toEqual(items);
  });

  it('refuses maxResults beyond the maximum and tokens from another listing', () => {
    expect(() => paginate(items, { maxResults: 101 }, limits)).toThrow(/maxResults/);
    const { nextToken } = paginate(items, {}, limits);
    expect(() => paginate(items, { nextToken }, { ...limits, listing: 'other' })).toThrow(/nextToken/);
  });
});

describe('throttling', () => {
  it('gives the burst, then refills at the documented rate', () => {
    const bucket = new TokenBucket(100, 20, 0);
    let granted = 0;
    for (let i = 0; i < 150; i++) if (bucket.tryTake(0)) granted++;
    expect(granted).toBe(100);
    expect(bucket.tryTake(0)).toBe(false);
    let later = 0;
    for (let i = 0; i < 50; i++) if (bucket.tryTake(1_000)) later++;
    expect(later).toBe(20);
  });

  it('keeps one bucket per category: exhausting service reads leaves cluster reads alone', () => {
    const throttle = new EcsThrottle(() => 0);
    for (let i = 0; i < 100; i++) throttle.take('1', 'us-east-1', 'DescribeServices');
    expect(() => throttle.take('1', 'us-east-1', 'ListServices')).toThrow('Rate exceeded');
    expect(() => throttle.take('1', 'us-east-1', 'ListClusters')).not.toThrow();
    expect(() => throttle.take('1', 'eu-west-1', 'DescribeServices')).not.toThrow();
  });
});

describe('faults', () => {
  it('expires each access key N seconds after its first call', () => {
    let wall = 0;
    const faults = new Faults({ expireCredentialsAfterSeconds: 10 }, 1, () => wall);
    faults.check({ accessKeyId: 'A', ecs: true });
    wall = 11_000;
    expect(() => faults.check({ accessKeyId: 'A', ecs: true })).toThrow('The security token included in the request is expired');
    expect(() => faults.check({ accessKeyId: 'B', ecs: true })).not.toThrow();
  });

  it('throttles every ECS call during a storm and none after it', () => {
    let wall = 0;
    const faults = new Faults({}, 1, () => wall);
    faults.set({ throttleStorm: { periodMs: 60_000, stormMs: 15_000 } });
    expect(() => faults.check({ accessKeyId: 'A', ecs: true })).toThrow('Rate exceeded');
    expect(() => faults.check({ accessKeyId: 'A', ecs: false })).not.toThrow();
    wall = 20_000;
    expect(() => faults.check({ accessKeyId: 'A', ecs: true })).not.toThrow();
  });
});
