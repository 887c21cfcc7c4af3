import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '@aws-sdk/client-ecs';
import { startInventoryHarness, type InventoryHarness } from './harness';

/**
 * With the sim's faults on, the inventory keeps its data, marks it stale and recovers by
 * itself once the fault is gone; a `failures[]` entry never makes a service vanish.
 */
let h: InventoryHarness;
let arn: string;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'demo', throttle: false }, 20);
  arn = await h.load('prod-ec2');
});
afterAll(async () => h?.close());

const counts = () => {
  const s = h.poller.model.snapshot(arn);
  return { services: s.services.length, tasks: s.tasks.length, instances: s.instances.length };
};
const staleCount = () => {
  const s = h.poller.model.snapshot(arn);
  return [...s.services, ...s.tasks, ...s.instances].filter((r) => r.stale).length;
};

describe('every call failing (5xx)', () => {
  it('keeps every record, marks them stale, and says what failed', async () => {
    const before = counts();
    const from = h.deltas.length;
    h.sim.setFaults({ serverErrorRate: 1 });
    h.poller.refresh();
    h.poller.tick();
    await h.poller.idle();
    expect(counts()).toEqual(before);
    expect(staleCount()).toBe(before.services + h.poller.model.liveTaskArns(arn).length + before.instances);
    const sent = h.deltas.slice(from);
    expect(sent.flatMap((d) => d.removed ?? [])).toEqual([]);
    expect(sent.flatMap((d) => d.staled ?? []).length).toBeGreaterThan(0);
    expect(h.monitor.snapshot().lastError).toMatch(/ServerException|Service Unavailable/);
  });

  it('recovers by itself once the fault is cleared', async () => {
    h.sim.setFaults({ serverErrorRate: 0 });
    await h.refresh(61_000); // past the longest back-off
    expect(staleCount()).toBe(0);
  });
});

describe('half the calls failing', () => {
  it('never loses a record over many refreshes, and ends fresh', async () => {
    const before = counts();
    const from = h.deltas.length;
    h.sim.setFaults({ serverErrorRate: 0.5 });
    for (let i = 0; i < 6; i++) {
      await h.refresh(5_000);
      expect(counts().services).toBe(before.services);
      expect(counts().instances).toBe(before.instances);
    }
    expect(h.deltas.slice(from).flatMap((d) => d.removed ?? []).filter((a) => !a.includes(':task/'))).toEqual([]);
    h.sim.setFaults({ serverErrorRate: 0 });
    await h.refresh(61_000);
    expect(staleCount()).toBe(0);
  });
});

describe('added latency', () => {
  it('slows the refresh but changes nothing', async () => {
    const before = counts();
    h.sim.setFaults({ latencyMs: 100 });
    await h.refresh(5_000);
    h.sim.setFaults({ latencyMs: 0 });
    expect(counts().services).toBe(before.services);
    expect(staleCount()).toBe(0);
  });
});

describe('a service reported in failures[]', () => {
  it('is kept and marked stale, never removed, and fresh again when ECS describes it again', async () => {
    const web = h.poller.model.snapshot(arn).services.find((s) => s.name === 'web')!;
    // ECS answers "MISSING" for a moment (eventual consistency): the response moves web into failures[].
    let missing = true;
    h.ecs.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as { services?: Service[]; failures?: Array<{ arn: string; reason: string }> };
        if (missing && (context as { commandName?: string }).commandName === 'DescribeServicesCommand' && output.services?.some((s) => s.serviceArn === web.arn)) {
          output.services = output.services.filter((s) => s.serviceArn !== web.arn);
          output.failures = [...(output.failures ?? []), { arn: web.arn, reason: 'MISSING' }];
        }
        return result;
      },
      { step: 'initialize', name: 'testMissingService' },
    );
    const from = h.deltas.length;
    await h.refresh(5_000);
    await h.refresh(5_000);
    const sent = h.deltas.slice(from);
    expect(sent.flatMap((d) => d.staled ?? [])).toContain(web.arn);
    expect(sent.flatMap((d) => d.removed ?? [])).not.toContain(web.arn);
    expect(h.poller.model.snapshot(arn).services.find((s) => s.arn === web.arn)?.stale).toBe(true);

    missing = false;
    await h.refresh(5_000);
    expect(h.poller.model.snapshot(arn).services.find((s) => s.arn === web.arn)?.stale).toBe(false);
  });
});
