import { describe, expect, it } from 'vitest';
import type { LiveConfig, LiveStatus } from '@contract/domains/live';
import type { StatusSnapshot } from '@contract/domains/status';
import { dataWord, otherSetUps, parseQueueArn, removeNotes, stateLine } from '../../../src-renderer/models/live/live-model';
import { statusParts } from '../../../src-renderer/models/frame/status-line';

const NOW = Date.UTC(2026, 11, 5, 12);
const config = (over: Partial<LiveConfig> = {}): LiveConfig => ({
  profile: 'prod', region: 'eu-west-1', accountId: '123456789012', mode: 'owned', queueArn: 'arn:aws:sqs:eu-west-1:123456789012:wharf-live-ecs-events-ab12cd34',
  queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/wharf-live-ecs-events-ab12cd34', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/wharf-live-ecs-events',
  ruleOwned: true, targetId: 'wharf-ab12cd34', setUpAt: NOW - 3_600_000, ...over,
});
const status = (over: Partial<LiveStatus> = {}): LiveStatus => ({
  profile: 'prod', region: 'eu-west-1', state: 'live', reason: null, fix: null, gapCause: null, since: NOW - 60_000, config: config(), lastEventAt: NOW - 3_000,
  applied: 1234, duplicates: 12, outOfOrder: 3, describes: 40, reconcileEveryMs: 600_000, lastReconciledAt: NOW - 120_000, missedByEvents: 0, ...over,
});
const snapshot = (oldestFetchedAt: number | null): StatusSnapshot => ({
  requestsLastMinute: 5, throttlesLastMinute: 0, errorsLastMinute: 0, throttledTotal: 0, oldestFetchedAt, lastError: null, categories: [],
  awsClockSkewMs: 0, condition: null, unsupported: [], refreshEveryMs: null, refreshLimitedBy: null, demoSim: null,
});

describe('the status bar with live events', () => {
  it('says live while events drive the data, and polling with the age otherwise', () => {
    expect(statusParts(snapshot(NOW - 3_000), 'open', NOW, status())[0]).toMatchObject({ id: 'age', text: 'live', state: 'healthy' });
    expect(statusParts(snapshot(NOW - 3_000), 'open', NOW, status({ state: 'off', config: null }))[0]).toMatchObject({ text: 'polling · data 3s old' });
    expect(statusParts(snapshot(NOW - 3_000), 'open', NOW, null)[0]?.text).toBe('polling · data 3s old');
    // Before live events are known, as before.
    expect(statusParts(snapshot(NOW - 3_000), 'open', NOW)[0]?.text).toBe('data 3s old');
  });

  it('gives a gap its reason and marks it', () => {
    const word = dataWord(status({ state: 'gap', reason: 'The queue q no longer exists. Wharf polls meanwhile.', fix: 'Set live events up again in Settings.' }), NOW - 5_000, NOW, 60_000);
    expect(word).toMatchObject({ text: 'polling · data 5s old', state: 'degraded' });
    expect(word.title).toContain('The queue q no longer exists');
  });
});

describe('the Settings state line', () => {
  it('counts what events did and what only the reconciliation found', () => {
    const line = stateLine(status({ missedByEvents: 1 }), NOW);
    expect(line).toMatchObject({ word: 'live', state: 'healthy' });
    expect(line.sentence).toBe('Events from wharf-live-ecs-events-ab12cd34; last reconciled 2m ago (every 10 min). 1,234 events applied, 12 duplicates and 3 late ones ignored, 1 change found only by reconciliation.');
    expect(stateLine(null, NOW).word).toBe('off');
  });

  it('says a heartbeat gap in its own words: what happened, that Wharf polls meanwhile, that it heals by itself', () => {
    const purged = stateLine(status({ state: 'gap', gapCause: 'heartbeat-gone', since: NOW - 40_000, reason: "Live events lost messages (queue purged?): the heartbeat Wharf keeps in the queue q left it without Wharf deleting it. Wharf reconciled at once and polls until its next heartbeat arrives. Wharf polls meanwhile.", fix: 'Nothing to do if someone purged the queue.' }), NOW);
    expect(purged).toMatchObject({ word: 'messages lost', state: 'degraded' });
    expect(purged.sentence).toBe(
      'Messages left wharf-live-ecs-events-ab12cd34 without Wharf taking them (found 40s ago): the heartbeat Wharf keeps there is gone (the queue was purged, or something else reads it). ' +
        'Events may be missing, so Wharf read what is on screen again at once and polls meanwhile. ' +
        'Nothing to do: live events resume by themselves when the next heartbeat arrives, within a minute. If it keeps happening, make sure nothing else reads or purges the queue.',
    );
    // Core's own account (which heartbeat, which queue) stays at hand in the tooltip.
    expect(purged.title).toMatch(/^Live events lost messages \(queue purged\?\).*Nothing to do if someone purged the queue\.$/);

    const missing = stateLine(status({ state: 'gap', gapCause: 'heartbeat-missing', since: NOW - 120_000, reason: 'Live events lost messages: heartbeat 7 ... Wharf polls meanwhile.' }), NOW);
    expect(missing.word).toBe('messages lost');
    expect(missing.sentence).toMatch(/^A heartbeat Wharf sent itself through wharf-live-ecs-events never reached wharf-live-ecs-events-ab12cd34 \(found 2m ago\): .* polls meanwhile\. Live events resume by themselves when a heartbeat comes through again/);

    // Other gaps keep core's sentence, which already names the cause and the fix.
    const route = stateLine(status({ state: 'gap', gapCause: 'route', reason: 'The rule r is disabled. Wharf polls meanwhile.', fix: 'Set live events up again in Settings.' }), NOW);
    expect(route).toMatchObject({ word: 'gap', sentence: 'The rule r is disabled. Wharf polls meanwhile. Set live events up again in Settings.' });
  });

  it('says an existing queue stays when removed, and an owned one goes', () => {
    expect(removeNotes(config({ mode: 'existing', ruleArn: null, ruleOwned: false }))[0]).toMatch(/the queue and whatever sends to it stay/);
    expect(removeNotes(config())[0]).toMatch(/^Deletes the queue wharf-live-ecs-events-ab12cd34 and Wharf's target on the rule, and the rule itself/);
  });
});

describe('set-ups of other profiles', () => {
  it('offers to remove (or forget) the set-up of a profile that is gone, naming what is left in AWS', () => {
    const session = { profile: 'prod', region: 'eu-west-1', accountId: '123456789012' };
    const others = otherSetUps([config(), config({ profile: 'old-admin' }), config({ region: 'us-east-1' })], session, [{ name: 'prod' }]);
    expect(others.map((o) => [o.config.profile, o.config.region, o.profileGone, o.removable])).toEqual([['old-admin', 'eu-west-1', true, true], ['prod', 'us-east-1', false, true]]);
    expect(others[0].note).toBe('Profile old-admin is gone, but its rule and queue are still in account 123456789012 / eu-west-1. prod is in the same account: remove them with it, or forget them.');
    expect(others[1].note).toBe('In this account too: remove it from here, or open prod / us-east-1.');
  });

  it('may only forget a gone profile\'s set-up of another account, and never removes an existing queue from afar', () => {
    const session = { profile: 'prod', region: 'eu-west-1', accountId: '999999999999' };
    const others = otherSetUps([config({ profile: 'old-admin' }), config({ profile: 'team', mode: 'existing', accountId: '999999999999' })], session, [{ name: 'prod' }, { name: 'team' }]);
    expect(others.map((o) => [o.config.profile, o.profileGone, o.removable])).toEqual([['old-admin', true, false], ['team', false, false]]);
    expect(others[0].note).toMatch(/^Profile old-admin is gone, but its rule and queue are still in account 123456789012 \/ eu-west-1\. Open a profile of account 123456789012 to remove them/);
    expect(others[1].note).toBe('Open team / eu-west-1 to remove it.');
  });

  it('checks a queue ARN as typed', () => {
    expect(parseQueueArn(' arn:aws:sqs:eu-west-1:123456789012:team-events ', 'eu-west-1')).toEqual({ ok: true, value: 'arn:aws:sqs:eu-west-1:123456789012:team-events' });
    expect(parseQueueArn('arn:aws:sqs:us-east-1:123456789012:q', 'eu-west-1')).toMatchObject({ ok: false, why: 'The queue must be in eu-west-1, the region open now.' });
    expect(parseQueueArn('https://sqs.eu-west-1.amazonaws.com/1/q', 'eu-west-1').ok).toBe(false);
  });
});
