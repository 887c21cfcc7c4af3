import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInventoryHarness, type InventoryHarness } from './harness';

/**
 * A progressive first load of a cluster with several pages of services: the first services
 * are sent before the last page is listed, progress counts pages against the expected number,
 * and every describe goes out at the API's batch maximum.
 */
let h: InventoryHarness;
let arn: string;
beforeAll(async () => {
  h = await startInventoryHarness({ scenario: 'large', large: { services: 350, tasks: 700, instances: 8 } });
  arn = await h.load('large');
});
afterAll(async () => h?.close());

describe('first load of a cluster with 350 services', () => {
  it('sends the first services before the last ListServices page is fetched', () => {
    const firstServices = h.timeline.findIndex((e) => e.kind === 'delta' && e.delta.clusterArn === arn && (e.delta.services?.length ?? 0) > 0);
    const lastListing = h.timeline.findLastIndex((e) => e.kind === 'exchange' && e.operation === 'ListServices');
    expect(firstServices).toBeGreaterThan(-1);
    expect(firstServices).toBeLessThan(lastListing);
    expect(h.poller.model.snapshot(arn).services).toHaveLength(350);
  });

  it('reports pages fetched out of the pages expected from the cluster counts', () => {
    const services = h.progress.filter((p) => p.what === 'services');
    expect(services.map((p) => p.pagesFetched)).toEqual([1, 2, 3, 4, 4]);
    // Null only until the cluster's counts (DescribeClusters, asked at the same time) arrive.
    expect(new Set(services.map((p) => p.pagesExpected).filter((n) => n !== null))).toEqual(new Set([4]));
    expect(services.at(-1)).toMatchObject({ done: true, itemsFetched: 350, pagesExpected: 4 });
    expect(h.progress.filter((p) => p.what === 'tasks').at(-1)).toMatchObject({ done: true, pagesExpected: 7 });
  });

  it('describes at the batch maximum: 10 services, 100 tasks, 100 instances per call', () => {
    const sizes = (op: string, key: string) => h.exchanges.filter((e) => e.operation === op).map((e) => (e.input as Record<string, string[]>)[key].length);
    expect(sizes('DescribeServices', 'services').every((n) => n === 10)).toBe(true);
    expect(sizes('DescribeTasks', 'tasks').filter((n) => n < 100).length).toBeLessThanOrEqual(1);
    expect(sizes('DescribeContainerInstances', 'containerInstances')).toEqual([8]);
  });

  it('received no ThrottlingException: Wharf\'s buckets hold it under the sim\'s (AWS\'s) limits', () => {
    expect(h.exchanges.filter((e) => e.errorCode === 'ThrottlingException')).toEqual([]);
  });
});

describe('opening a service while the cluster is still loading', () => {
  it('refreshes that service at once and lets the cluster load go on (not restarted)', async () => {
    const h2 = await startInventoryHarness({ scenario: 'large', large: { services: 350, tasks: 350, instances: 4 } });
    try {
      const cluster = h2.clusterArn('large');
      h2.poller.setFocus({ clusterArn: cluster, serviceArn: null, taskArn: null, view: 'services' });
      h2.poller.tick();
      while (h2.poller.model.state(cluster).services.size < 10) await new Promise((r) => setTimeout(r, 5));
      const first = [...h2.poller.model.state(cluster).services.values()][0];
      h2.poller.setFocus({ clusterArn: cluster, serviceArn: first.arn, taskArn: null, view: 'service' });
      h2.poller.tick();
      await h2.poller.idle();
      expect(h2.poller.focusedLoadComplete()).toBe(true);
      expect(h2.poller.model.state(cluster).services.size).toBe(350);
      expect(h2.exchanges.filter((e) => e.operation === 'ListServices')).toHaveLength(4);
      expect(h2.exchanges.some((e) => e.operation === 'ListTasks' && (e.input as { serviceName?: string }).serviceName === first.name)).toBe(true);
    } finally {
      await h2.close();
    }
  });
});
