import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInventoryHarness, type InventoryHarness } from './harness';

/**
 * After a fault that stops every refresh (expired credentials) ends, every record of the
 * focused cluster is fresh again and the data's age is back under its refresh promise: no
 * record may stay behind with an old fetchedAt ("data 10m old" on fresh data).
 */
let h: InventoryHarness;
let arn: string;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'demo', throttle: false }, 20);
  arn = await h.load('prod-ec2');
});
afterAll(async () => h?.close());

function oldest(): Record<string, number> {
  const m = h.poller.model;
  const s = m.snapshot(arn);
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : Number.NaN);
  return {
    cluster: s.cluster.fetchedAt,
    services: min(s.services.map((r) => r.fetchedAt)),
    tasks: min(s.tasks.map((r) => r.fetchedAt)),
    instances: min(s.instances.map((r) => r.fetchedAt)),
    capacityProviders: min(s.capacityProviders.map((r) => r.fetchedAt)),
  };
}

describe('recovery from expired credentials', () => {
  it('leaves no record behind: the oldest data is as young as the last refresh', async () => {
    h.sim.setFaults({ expireCredentialsAfterSeconds: 0.001 });
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 3; i++) await h.refresh(20_000);
    const during = h.sim.clock.now();
    expect(h.poller.model.oldestFetchedAt(arn)!).toBeLessThan(during - 30_000);
    expect(h.monitor.trouble()?.kind).toBe('credentials');

    h.sim.setFaults({ expireCredentialsAfterSeconds: 0 });
    for (let i = 0; i < 4; i++) await h.refresh(61_000); // past the longest back-off
    const now = h.sim.clock.now();
    const ages = Object.fromEntries(Object.entries(oldest()).map(([k, at]) => [k, now - at]));
    for (const [kind, age] of Object.entries(ages)) expect(age, `${kind} is ${age} ms old`).toBeLessThan(62_000);
    expect(h.poller.model.oldestFetchedAt(arn)!).toBeGreaterThan(now - 62_000);
    expect(h.monitor.trouble()?.recovered).toBe(true);
  });
});
