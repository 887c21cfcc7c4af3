import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InventoryDelta } from '../../../src-main/contract/domains/inventory';
import { readDirectly, startInventoryHarness, type InventoryHarness } from './harness';

/**
 * The user opens a cluster while the background sweep's DescribeServices of that very cluster
 * is on the wire: the sweep stops calling, but the services that answer brings go into the model,
 * so they must reach the window too. Before this was fixed they were put into the model and
 * dropped on the way out; the focused load then found them unchanged and sent nothing, and the
 * window showed only the services that changed later (an e2e run saw 2 of prod-ec2's 5).
 */
let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'demo' });
});
afterAll(async () => h?.close());

/** The services of a cluster as the window holds them: every delta applied in order. */
function servicesInWindow(deltas: readonly InventoryDelta[], clusterArn: string): string[] {
  const held = new Set<string>();
  for (const d of deltas) {
    if (d.clusterArn !== clusterArn) continue;
    for (const s of d.services ?? []) held.add(s.arn);
    for (const key of d.removed ?? []) held.delete(key);
  }
  return [...held].sort();
}

it('a cluster opened while the sweep describes its services shows every one of them', async () => {
  // The cluster list first (the sweep needs clusters to sweep).
  h.poller.tick();
  await h.poller.idle();

  let opened: string | null = null;
  h.ecs.middlewareStack.add(
    (next, context) => async (args) => {
      const cluster = (args.input as { cluster?: string }).cluster;
      if (context.commandName === 'DescribeServicesCommand' && opened === null && cluster && h.poller.currentFocus().clusterArn !== cluster) {
        // The sweep's describe has passed its last check and is about to be sent: the user opens its cluster now.
        opened = cluster;
        h.poller.setFocus({ clusterArn: cluster, serviceArn: null, taskArn: null, view: 'services' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'openClusterWhileSwept' },
  );

  await h.refresh(); // the sweep, interrupted by the focus
  expect(opened, 'the sweep described a cluster').not.toBeNull();
  await h.refresh(); // the focused cluster's first load
  expect(h.poller.focusedLoadComplete()).toBe(true);

  const truth = await readDirectly(h.direct, opened!);
  expect(truth.services.length).toBeGreaterThan(0);
  expect(servicesInWindow(h.deltas, opened!)).toEqual(truth.services.map((s) => s.serviceArn).sort());
});
