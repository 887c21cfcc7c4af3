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
    expect(new Set(services.map((p) => p.pagesExpected))).toEqual(new Set([4]));
    expect(services.at(-1)).toMatchObject({ done: true, itemsFetched: 350 });
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
