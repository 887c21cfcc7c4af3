import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../../src-main/contract/domains/inventory';
import { EventBus } from '../../../src-main/core/events';
import { GONE_FOR_MS, clusterOfProblemId, updateOccurrences } from '../../../src-main/core/notifications/occurrences';
import { NotificationsService } from '../../../src-main/core/notifications/notifications-service';

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod/ledger';

function problem(kind: Problem['kind'], over: Partial<Problem> = {}): Problem {
  return {
    id: `${kind}:${SERVICE}`, severity: 'critical', kind, clusterArn: CLUSTER, region: 'us-east-1', targetArn: SERVICE,
    title: `ledger: ${kind}`, detail: '3 tasks stopped in 10 min', since: 1000, ...over,
  };
}
const watched = () => true;

describe('occurrences', () => {
  it('a problem seen on many polls is one occurrence', () => {
    let memory = {};
    const opened: string[] = [];
    for (let poll = 0; poll < 10; poll++) {
      // The crash loop's detail and `since` change from poll to poll; it is still the same one.
      const update = updateOccurrences(memory, [problem('crash-loop', { detail: `${3 + poll} tasks`, since: 1000 + poll })], 10_000 + poll * 5000, watched);
      memory = update.memory;
      opened.push(...update.opened.map((o) => o.key));
    }
    expect(opened).toHaveLength(1);
  });

  it('a dip shorter than the grace is the same occurrence; a long absence ends it', () => {
    const t0 = 1_000_000;
    let u = updateOccurrences({}, [problem('crash-loop')], t0, watched);
    u = updateOccurrences(u.memory, [], t0 + 60_000, watched);
    u = updateOccurrences(u.memory, [problem('crash-loop')], t0 + 120_000, watched);
    expect(u.opened).toEqual([]);
    u = updateOccurrences(u.memory, [], t0 + 180_000, watched);
    u = updateOccurrences(u.memory, [], t0 + 180_000 + GONE_FOR_MS, watched);
    expect(u.memory).toEqual({});
    u = updateOccurrences(u.memory, [problem('crash-loop')], t0 + 200_000 + GONE_FOR_MS, watched);
    expect(u.opened).toHaveLength(1);
  });

  it('a cluster Wharf is not reading never ends an occurrence', () => {
    const t0 = 1_000_000;
    let u = updateOccurrences({}, [problem('circuit-breaker')], t0, watched);
    u = updateOccurrences(u.memory, [], t0 + 10 * GONE_FOR_MS, () => false);
    u = updateOccurrences(u.memory, [problem('circuit-breaker')], t0 + 11 * GONE_FOR_MS, watched);
    expect(u.opened).toEqual([]);
  });

  it('notifies only the kinds on-call cares about', () => {
    const u = updateOccurrences({}, [problem('instance-draining'), problem('deployment-stuck'), problem('spot-interruption'), problem('below-desired')], 1, watched);
    expect(u.opened.map((o) => o.problem.kind).sort()).toEqual(['below-desired', 'spot-interruption']);
  });

  it('finds the cluster in a problem id', () => {
    expect(clusterOfProblemId(`crash-loop:${SERVICE}`)).toBe(CLUSTER);
    expect(clusterOfProblemId('spot-interruption:arn:aws:ecs:us-east-1:1:task/prod/abc')).toBe('arn:aws:ecs:us-east-1:1:cluster/prod');
  });
});

describe('NotificationsService', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function make(dataDir: string, muted: string[] = [], now = () => 5_000_000) {
    const events = new EventBus();
    const emitted: string[] = [];
    const desktop: string[] = [];
    events.subscribe((event, payload) => {
      if (event === 'notifications.added') emitted.push((payload as { notification: { key: string } }).notification.key);
    });
    const service = new NotificationsService({
      dataDir, events, problems: () => [], isWatched: () => true, mutedClusters: () => muted, now,
      notifyDesktop: (n) => desktop.push(n.title),
    });
    return { service, events, emitted, desktop };
  }

  it('notifies once across polls and across a restart (remembered in the data folder)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-notify-'));
    dirs.push(dir);
    const first = make(dir);
    for (let i = 0; i < 5; i++) first.events.emit('problems.changed', { problems: [problem('crash-loop', { detail: `poll ${i}` })] });
    await first.service.consider([problem('crash-loop')]);
    expect(first.emitted).toHaveLength(1);
    expect(first.desktop).toEqual(['ledger: crash-loop']);
    expect((await first.service.list()).notifications).toHaveLength(1);
    first.service.close();

    const second = make(dir);
    await second.service.consider([problem('crash-loop')]);
    expect(second.emitted).toEqual([]);
    const list = await second.service.list();
    expect(list.notifications).toHaveLength(1);
    expect(list.unread).toBe(1);
    expect((await second.service.markRead()).unread).toBe(0);
    second.service.close();
  });

  it('a muted cluster (by ARN or name) is not notified, and unmuting does not bring it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-notify-'));
    dirs.push(dir);
    const muted = ['prod'];
    const n = make(dir, muted);
    await n.service.consider([problem('circuit-breaker')]);
    expect(n.emitted).toEqual([]);
    muted.length = 0;
    await n.service.consider([problem('circuit-breaker')]);
    expect(n.emitted).toEqual([]);
    await n.service.consider([problem('circuit-breaker'), problem('crash-loop')]);
    expect(n.emitted).toHaveLength(1);
    expect((await n.service.list()).notifications.map((x) => x.kind)).toEqual(['crash-loop']);
    n.service.close();
  });
});
