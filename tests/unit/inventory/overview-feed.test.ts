import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterRecord } from '../../../src-main/contract/domains/inventory';
import { normalizeCluster } from '../../../src-main/core/inventory/normalize';
import { OverviewFeed, type OverviewResult } from '../../../src-main/core/inventory/overview';
import { T0 } from './records';

/**
 * The overview core pushes while it is on screen: held summaries cost no call, a region no
 * poller has listed is read (its failure named, the others shown), an overview is sent only
 * whole and only when it differs, and answers of an old session are dropped.
 */
const cluster = (region: string, name: string, over: Partial<ClusterRecord> = {}): ClusterRecord => ({
  ...normalizeCluster({ clusterArn: `arn:aws:ecs:${region}:123456789012:cluster/${name}`, clusterName: name, status: 'ACTIVE' }, region, T0),
  ...over,
});

interface Fake {
  regions: string[];
  held: Map<string, ClusterRecord[]>;
  answers: Map<string, () => Promise<ClusterRecord[]>>;
  reads: string[];
  sent: OverviewResult[];
  counts: Map<string, number>;
}

function feedWith(fake: Fake): OverviewFeed {
  return new OverviewFeed({
    regions: () => fake.regions,
    held: (region) => fake.held.get(region) ?? null,
    read: (region) => {
      fake.reads.push(region);
      return (fake.answers.get(region) ?? (async () => []))();
    },
    problemCounts: () => fake.counts,
    health: (arn) => (fake.counts.get(arn) ? { state: 'failed', word: 'problems' } : { state: 'healthy', word: 'no problems' }),
    explain: (err) => `explained: ${(err as Error).message}`,
    emit: (overview) => fake.sent.push(overview),
    everyMs: 60_000,
  });
}

const names = (o: OverviewResult | undefined) => o?.clusters.map((c) => `${c.region} ${c.name} ${c.problemCount}`);

let feed: OverviewFeed | null = null;
afterEach(() => feed?.stop());

function fresh(over: Partial<Fake> = {}): Fake {
  return { regions: ['us-east-1'], held: new Map(), answers: new Map(), reads: [], sent: [], counts: new Map(), ...over };
}

describe('OverviewFeed', () => {
  it('sends nothing while the overview is not watched, and the held regions at once when it is, without a read', async () => {
    const fake = fresh({ held: new Map([['us-east-1', [cluster('us-east-1', 'b'), cluster('us-east-1', 'a')]]]) });
    fake.counts.set(cluster('us-east-1', 'a').arn, 2);
    feed = feedWith(fake);
    feed.changed();
    expect(fake.sent).toEqual([]);
    feed.setWatching(true);
    await feed.refresh();
    expect(fake.reads).toEqual([]);
    expect(names(fake.sent[0])).toEqual(['us-east-1 a 2', 'us-east-1 b 0']);
    // Nothing changed: nothing more is sent.
    feed.changed();
    expect(fake.sent).toHaveLength(1);
  });

  it('reads a region no poller holds, names a failing one, and sends only the whole overview', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = fresh({ regions: ['us-east-1', 'eu-west-1', 'ap-south-1'], held: new Map([['us-east-1', [cluster('us-east-1', 'main')]]]) });
    fake.answers.set('eu-west-1', async () => {
      await gate;
      return [cluster('eu-west-1', 'edge')];
    });
    fake.answers.set('ap-south-1', async () => {
      throw new Error('AccessDenied');
    });
    feed = feedWith(fake);
    feed.setWatching(true);
    // eu-west-1 is still being read: no partial overview goes out.
    feed.changed();
    expect(fake.sent).toEqual([]);
    release();
    await feed.refresh();
    const first = fake.sent[0];
    expect(names(first)).toEqual(['eu-west-1 edge 0', 'us-east-1 main 0']);
    expect(first?.errors).toEqual([{ region: 'ap-south-1', message: 'explained: AccessDenied' }]);
    expect([...new Set(fake.reads)].sort()).toEqual(['ap-south-1', 'eu-west-1']);
  });

  it('sends again when a held summary or a problem count changes', async () => {
    const fake = fresh({ held: new Map([['us-east-1', [cluster('us-east-1', 'a')]]]) });
    feed = feedWith(fake);
    feed.setWatching(true);
    await feed.refresh();
    fake.held.set('us-east-1', [cluster('us-east-1', 'a', { runningTasksCount: 5 })]);
    feed.changed();
    fake.counts.set(cluster('us-east-1', 'a').arn, 1);
    feed.changed();
    expect(fake.sent.map((o) => [o.clusters[0]?.runningTasksCount, o.clusters[0]?.problemCount])).toEqual([
      [0, 0],
      [5, 0],
      [5, 1],
    ]);
  });

  it('sends the overview once more on each focus, and answers `current` while not watched', async () => {
    const fake = fresh({ answers: new Map([['us-east-1', async () => [cluster('us-east-1', 'a')]]]) });
    feed = feedWith(fake);
    expect(names(await feed.current())).toEqual(['us-east-1 a 0']);
    expect(fake.sent).toEqual([]);
    feed.setWatching(true);
    await feed.refresh();
    expect(fake.sent).toHaveLength(1);
    // The focus set again (a reloaded window): sent again, unchanged as it is.
    feed.setWatching(true);
    expect(fake.sent).toHaveLength(2);
    feed.setWatching(false);
    feed.setWatching(true);
    await feed.refresh();
    expect(fake.sent).toHaveLength(3);
    expect(fake.sent.every((o) => names(o)?.[0] === 'us-east-1 a 0')).toBe(true);
  });

  it('drops an answer of the regions it had before a reset, and reads the new ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = fresh({ regions: ['us-east-1'] });
    fake.answers.set('us-east-1', async () => {
      await gate;
      return [cluster('us-east-1', 'old')];
    });
    fake.answers.set('eu-west-1', async () => [cluster('eu-west-1', 'new')]);
    feed = feedWith(fake);
    feed.setWatching(true);
    // Another session meanwhile: its region is eu-west-1.
    fake.regions = ['eu-west-1'];
    feed.reset();
    release();
    await feed.refresh();
    expect(fake.sent.map(names)).toEqual([['eu-west-1 new 0']]);
  });
});
