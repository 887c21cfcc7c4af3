import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInventoryHarness, type InventoryHarness } from './harness';

/**
 * The large scenario's shape (tasks adopted RUNNING on EC2 instances, nothing changing), at a
 * tenth of its size so the test stays fast: each task reaches the renderer once in the first
 * load, and an idle cluster's steady refreshes send no records at all, even with a service
 * focused (its job describes the same tasks as the cluster's) and the clock moving on.
 */
let h: InventoryHarness;
let arn: string;
const TASKS = 1000;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'large', throttle: false, large: { services: 100, tasks: TASKS, instances: 20, deployments: 0 } }, 20);
  arn = await h.load('large');
});
afterAll(async () => h?.close());

const recordsOf = (from: number) => {
  const mine = h.deltas.slice(from).filter((d) => d.clusterArn === arn);
  return { tasks: mine.flatMap((d) => d.tasks ?? []), others: mine.flatMap((d) => [...(d.services ?? []), ...(d.instances ?? []), ...(d.capacityProviders ?? [])]), staled: mine.flatMap((d) => d.staled ?? []) };
};

describe('an idle large cluster', () => {
  it('sends each task once in the first load', () => {
    const arns = recordsOf(0).tasks.map((t) => t.arn);
    expect(arns.length).toBe(TASKS);
    expect(new Set(arns).size).toBe(TASKS);
  });

  it('sends no records on steady refreshes, with a service focused too, only that the data is fresh', async () => {
    const service = h.poller.model.snapshot(arn).services[0];
    h.poller.setFocus({ clusterArn: arn, serviceArn: service.arn, taskArn: null, view: 'service' });
    const from = h.deltas.length;
    const tasksDescribedFrom = h.exchanges.filter((e) => e.operation === 'DescribeTasks').length;
    for (let i = 0; i < 4; i++) await h.refresh(20_000);
    // The refreshes did describe the running tasks again (or the test would prove nothing).
    expect(h.exchanges.filter((e) => e.operation === 'DescribeTasks').length - tasksDescribedFrom).toBeGreaterThanOrEqual(4 * (TASKS / 100));
    expect(recordsOf(from)).toEqual({ tasks: [], others: [], staled: [] });
    expect(h.deltas.slice(from).some((d) => d.clusterArn === arn && d.refreshedAt?.tasks !== undefined)).toBe(true);
    // Their fetchedAt moved on all the same: the renderer learns it from refreshedAt.
    expect(Math.min(...h.poller.model.snapshot(arn).tasks.map((t) => t.fetchedAt))).toBeGreaterThan(h.sim.clock.now() - 25_000);
  });
});
