import { describe, expect, it } from 'vitest';
import type { Service } from '@aws-sdk/client-ecs';
import { TokenBucket } from '../../../src-main/core/aws/token-bucket';
import { ECS_CATEGORIES } from '../../../src-main/core/aws/throttle-categories';
import type { EcsLike } from '../../../src-main/core/aws/reads';
import type { LoadContext } from '../../../src-main/core/inventory/load-context';
import { loadServices } from '../../../src-main/core/inventory/load-services';
import { InventoryModel } from '../../../src-main/core/inventory/model';
import { FakeClock } from '../core-aws/helpers';

/**
 * A first load of a large cluster's services keeps its bucket busy to the end (issue 16): each
 * ListServices page is described while the next is listed, so the load ends a round trip after
 * its last token. Describing only after the whole listing, say, would spend the burst on the
 * listing's round trips and end seconds later. Simulated time: the bucket at the default share
 * (10 tokens a second after a burst of 50) and a round trip of 300 ms for every call.
 */
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/large';
const ROUND_TRIP_MS = 300;

function fakeEcs(clock: FakeClock, bucket: TokenBucket, services: number): EcsLike & { calls: number } {
  const arn = (i: number) => `arn:aws:ecs:us-east-1:123456789012:service/large/svc-${String(i).padStart(5, '0')}`;
  const fake = {
    calls: 0,
    async send(command: { constructor: { name: string }; input: { nextToken?: string; services?: string[] } }): Promise<unknown> {
      const operation = command.constructor.name.replace(/Command$/, '');
      await bucket.take();
      fake.calls++;
      await new Promise<void>((resolve) => clock.setTimer(resolve, ROUND_TRIP_MS));
      if (operation === 'ListServices') {
        const from = Number(command.input.nextToken ?? 0);
        const to = Math.min(services, from + 100);
        return { serviceArns: Array.from({ length: to - from }, (_, k) => arn(from + k)), nextToken: to < services ? String(to) : undefined };
      }
      const described: Service[] = (command.input.services ?? []).map((serviceArn) => ({ serviceArn, clusterArn: CLUSTER, serviceName: serviceArn.split('/').pop(), status: 'ACTIVE', desiredCount: 1, runningCount: 1, pendingCount: 0 }));
      return { services: described, failures: [] };
    },
  };
  return fake as unknown as EcsLike & { calls: number };
}

async function firstLoad(services: number): Promise<{ endedAtMs: number; calls: number; inModel: number }> {
  const clock = new FakeClock();
  const bucket = new TokenBucket(ECS_CATEGORIES['ecs:service-read'], 0.5, clock);
  const ecs = fakeEcs(clock, bucket, services);
  const model = new InventoryModel();
  const ctx: LoadContext = { ecs, region: 'us-east-1', model, now: () => clock.now(), flush: () => {}, progress: () => {}, reportError: () => {}, isCurrent: () => true };
  let ended = false;
  const load = loadServices(ctx, CLUSTER, { progress: false }).then(() => (ended = true));
  while (!ended) {
    await clock.advance(10);
    // Let every promise chain the timers woke run to its next wait.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await load;
  return { endedAtMs: clock.now(), calls: ecs.calls, inModel: model.state(CLUSTER).services.size };
}

describe('a first load of services at scale', () => {
  it('5,000 services: ends within two round trips of the token bound (550 calls: 50 at once, then 10 a second)', async () => {
    const { endedAtMs, calls, inModel } = await firstLoad(5000);
    expect(inModel).toBe(5000);
    expect(calls).toBe(550);
    const boundMs = ((550 - 50) / 10) * 1000;
    expect(endedAtMs).toBeLessThanOrEqual(boundMs + 2 * ROUND_TRIP_MS);
  });
});
