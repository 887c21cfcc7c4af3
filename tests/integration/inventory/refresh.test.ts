import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { startInventoryHarness, type InventoryHarness } from './harness';

/**
 * Steady-state refreshes of the focused cluster: only changes are sent, a change made in
 * the sim arrives on the next refresh, and a STOPPED task is described once only.
 */
let h: InventoryHarness;
let arn: string;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'demo', throttle: false }, 20);
  arn = await h.load('prod-ec2');
});
afterAll(async () => h?.close());

describe('a refresh of the focused cluster', () => {
  it('sends no records when nothing changed, only that the data is fresh', async () => {
    const before = h.deltas.length;
    h.poller.refresh();
    h.poller.tick();
    await h.poller.idle();
    const mine = h.deltas.slice(before).filter((d) => d.clusterArn === arn);
    expect(mine.flatMap((d) => [...(d.services ?? []), ...(d.tasks ?? []), ...(d.instances ?? [])])).toEqual([]);
    expect(mine.some((d) => d.refreshedAt?.services !== undefined)).toBe(true);
  });

  it('shows an UpdateService made in the sim as a delta on the next refresh', async () => {
    const web = h.poller.model.snapshot(arn).services.find((s) => s.name === 'web')!;
    await h.direct.send(new UpdateServiceCommand({ cluster: arn, service: 'web', desiredCount: web.desiredCount + 2 }));
    const before = h.deltas.length;
    await h.refresh(5_000);
    const updated = h.deltas.slice(before).flatMap((d) => d.services ?? []).find((s) => s.arn === web.arn);
    expect(updated?.desiredCount).toBe(web.desiredCount + 2);
  });

  it('describes a STOPPED task once only, over a quarter of an hour of refreshes', async () => {
    for (let i = 0; i < 20; i++) await h.refresh(45_000);
    const stoppedAt = new Map<string, number>(); // ARN -> index of the DescribeTasks that saw it STOPPED
    const describedAfterStop: string[] = [];
    let transitions = 0;
    h.exchanges.forEach((e, index) => {
      if (e.operation !== 'DescribeTasks' || e.errorCode) return;
      const input = e.input as { tasks: string[] };
      for (const task of input.tasks) if (stoppedAt.has(task)) describedAfterStop.push(task);
      const output = e.output as { tasks: Array<{ taskArn: string; lastStatus: string }> };
      for (const t of output.tasks) if (t.lastStatus === 'STOPPED' && !stoppedAt.has(t.taskArn)) stoppedAt.set(t.taskArn, index);
    });
    // The run must have seen tasks stop while known as running, or the test proves nothing.
    for (const task of h.poller.model.snapshot(arn).tasks) if (task.lastStatus === 'STOPPED' && (task.stoppedAt ?? 0) > h.sim.clock.now() - 15 * 60_000) transitions++;
    expect(transitions).toBeGreaterThan(0);
    expect(stoppedAt.size).toBeGreaterThan(0);
    expect(describedAfterStop).toEqual([]);
  });

  it('keeps STOPPED tasks fresh without describing them, and forgets them past ECS retention', async () => {
    const stopped = h.poller.model.snapshot(arn).tasks.filter((t) => t.lastStatus === 'STOPPED');
    const before = h.deltas.length;
    for (let i = 0; i < 14; i++) await h.refresh(5 * 60_000);
    const removed = new Set(h.deltas.slice(before).flatMap((d) => d.removed ?? []));
    for (const t of stopped) expect(removed.has(t.arn)).toBe(true);
    expect(h.poller.model.oldestFetchedAt(arn)).toBeGreaterThan(h.sim.clock.now() - 6 * 60_000);
  });
});

describe('the focused service', () => {
  it('is refreshed on its own, with its tasks only', async () => {
    const api = h.poller.model.snapshot(arn).services.find((s) => s.name === 'api')!;
    h.poller.setFocus({ clusterArn: arn, serviceArn: api.arn, taskArn: null, view: 'service' });
    const from = h.exchanges.length;
    await h.refresh(2_500);
    const calls = h.exchanges.slice(from);
    expect(calls.some((e) => e.operation === 'DescribeServices' && (e.input as { services: string[] }).services.length === 1)).toBe(true);
    expect(calls.some((e) => e.operation === 'ListTasks' && (e.input as { serviceName?: string }).serviceName === 'api')).toBe(true);
  });
});
