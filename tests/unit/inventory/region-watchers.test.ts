import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../src-main/contract/domains/session';
import { RegionWatchers, type WatchedSession } from '../../../src-main/core/inventory/region-watchers';

/**
 * Which regions get a watcher and when they may call: the session's own region never (its
 * poller covers it), the others once the inventory is active; a region dropped from the
 * setting stops, a new session starts every watcher afresh. A fake ECS client per region
 * records the calls (an empty account: every list is empty).
 */
const calls: string[] = [];
let watchers: RegionWatchers | null = null;
afterEach(() => {
  watchers?.stopAll();
  watchers = null;
  calls.length = 0;
});

function session(region: string): WatchedSession & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    info: { region } as SessionInfo,
    clientsFor: (r: string) => {
      asked.push(r);
      const ecs = {
        send: async (command: object) => {
          calls.push(`${r} ${command.constructor.name}`);
          return {};
        },
      };
      return { ecs } as unknown as ReturnType<WatchedSession['clientsFor']>;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('RegionWatchers', () => {
  it('watches the chosen regions but the session’s own, and calls nothing until active', async () => {
    watchers = new RegionWatchers({ now: () => 0, onRefresh: () => {} });
    watchers.setRegions(['eu-west-1', 'us-east-1', 'ap-southeast-2']);
    expect(watchers.watched()).toEqual([]);
    const s = session('us-east-1');
    watchers.setSession(s);
    expect(watchers.watched().sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    expect(s.asked.sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    await settle();
    expect(calls).toEqual([]);
    watchers.activate();
    await settle();
    expect(calls.sort()).toEqual(['ap-southeast-2 ListClustersCommand', 'eu-west-1 ListClustersCommand']);
  });

  it('stops the watcher of a region dropped from the setting, keeps the others as they are', () => {
    watchers = new RegionWatchers({ now: () => 0, onRefresh: () => {} });
    watchers.setRegions(['eu-west-1', 'ap-southeast-2']);
    watchers.setSession(session('us-east-1'));
    const kept = watchers.poller('ap-southeast-2');
    watchers.setRegions(['ap-southeast-2']);
    expect(watchers.watched()).toEqual(['ap-southeast-2']);
    expect(watchers.poller('ap-southeast-2')).toBe(kept);
    expect(watchers.poller('eu-west-1')).toBeUndefined();
  });

  it('a new session starts afresh; no session, no watcher', () => {
    watchers = new RegionWatchers({ now: () => 0, onRefresh: () => {} });
    watchers.setRegions(['eu-west-1']);
    watchers.setSession(session('us-east-1'));
    const first = watchers.poller('eu-west-1');
    watchers.setSession(session('us-east-1'));
    expect(watchers.poller('eu-west-1')).not.toBe(first);
    watchers.setSession(session('eu-west-1'));
    expect(watchers.watched()).toEqual([]);
    watchers.setSession(null);
    expect(watchers.watched()).toEqual([]);
  });
});
