import type { LiveConfig, LiveStatus } from '@contract/domains/live';
import type { ProfileInfo, SessionInfo } from '@contract/domains/session';
import type { HealthState } from '../../theme/states';
import { formatAge, formatCount } from '../../format';

/**
 * The words of live events: the status bar's "live" or "polling · data N s old", the state
 * line of Settings, the set-up and removal sentences, and which set-ups the open profile can
 * no longer reach. Pure: the Settings panel, the status bar and their tests use it.
 */

/** The status bar's data part: "live" while events drive the model, "polling · data 3s old" otherwise. */
export interface DataWord {
  text: string;
  state?: HealthState;
  title: string;
}

export function dataWord(live: LiveStatus | null, oldestFetchedAt: number | null, now: number, staleAfterMs: number): DataWord {
  if (live?.state === 'live') {
    const last = live.lastEventAt ? `last event ${formatAge(live.lastEventAt, now)} ago` : 'no event yet';
    const reconciled = live.lastReconciledAt ? `reconciled ${formatAge(live.lastReconciledAt, now)} ago` : 'first reconciliation to come';
    return { text: 'live', state: 'healthy', title: `ECS's events update what you see as they happen (${last}); ${reconciled}, every ${minutes(live.reconcileEveryMs)}.` };
  }
  const age = oldestFetchedAt === null ? null : `data ${formatAge(oldestFetchedAt, now)} old`;
  const stale = oldestFetchedAt !== null && now - oldestFetchedAt > staleAfterMs;
  const text = age ? `polling · ${age}` : 'no data yet';
  if (live?.state === 'gap') {
    return { text, state: 'degraded', title: `Live events stopped: ${live.reason ?? 'no reason given'}${live.fix ? ` ${live.fix}` : ''}` };
  }
  if (live?.state === 'starting') return { text, ...(stale ? { state: 'degraded' as const } : {}), title: 'Live events are starting: Wharf polls until the first events come.' };
  return {
    text,
    ...(stale ? { state: 'degraded' as const } : {}),
    title: stale ? 'The oldest data on screen is over a minute old: refreshes are failing or throttled' : age ? 'Age of the oldest data on screen (Wharf polls ECS)' : 'Nothing has been read from AWS for this view yet',
  };
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 1 ? `${m} min` : `${Math.round(ms / 1000)} s`;
}

/** The state line of Settings: a word, its colour and a sentence (and core's own account, for a tooltip). */
export interface StateLine {
  word: string;
  state: HealthState;
  sentence: string;
  title?: string;
}

/**
 * A heartbeat gap in Settings' words: what happened, that Wharf polls meanwhile, and that it
 * heals by itself (docs/live-events.md, Gaps). Core's own sentence, naming the heartbeat, goes
 * in the tooltip.
 */
function heartbeatGap(live: LiveStatus, queue: string, now: number): StateLine {
  const found = live.since ? ` (found ${formatAge(live.since, now)} ago)` : '';
  const rule = live.config?.ruleArn ? live.config.ruleArn.slice(live.config.ruleArn.lastIndexOf('/') + 1) : 'the rule';
  const happened =
    live.gapCause === 'heartbeat-gone'
      ? `Messages left ${queue} without Wharf taking them${found}: the heartbeat Wharf keeps there is gone (the queue was purged, or something else reads it).`
      : `A heartbeat Wharf sent itself through ${rule} never reached ${queue}${found}: events on that route may have been lost.`;
  const meanwhile = 'Events may be missing, so Wharf read what is on screen again at once and polls meanwhile.';
  const heals =
    live.gapCause === 'heartbeat-gone'
      ? 'Nothing to do: live events resume by themselves when the next heartbeat arrives, within a minute. If it keeps happening, make sure nothing else reads or purges the queue.'
      : 'Live events resume by themselves when a heartbeat comes through again (one goes every minute). If none does, set live events up again: Wharf rewrites the rule\'s target and the queue\'s policy.';
  const title = [live.reason, live.fix].filter(Boolean).join(' ');
  return { word: 'messages lost', state: 'degraded', sentence: `${happened} ${meanwhile} ${heals}`, ...(title ? { title } : {}) };
}

export function stateLine(live: LiveStatus | null, now: number): StateLine {
  if (!live || live.state === 'off') {
    return { word: 'off', state: 'unknown', sentence: 'Wharf polls ECS for this profile and region. With live events, changes show within seconds and polling drops to a reconciliation every few minutes.' };
  }
  const queue = live.config ? queueName(live.config.queueArn) : 'the queue';
  if (live.state === 'starting') return { word: 'starting', state: 'progress', sentence: `Reading ${queue} for the first time; Wharf polls until then.` };
  if (live.state === 'gap' && (live.gapCause === 'heartbeat-gone' || live.gapCause === 'heartbeat-missing')) return heartbeatGap(live, queue, now);
  if (live.state === 'gap') return { word: 'gap', state: 'degraded', sentence: `${live.reason ?? 'Events stopped.'}${live.fix ? ` ${live.fix}` : ''}` };
  const counts = [
    `${formatCount(live.applied)} events applied`,
    `${formatCount(live.duplicates)} duplicates and ${formatCount(live.outOfOrder)} late ones ignored`,
    `${formatCount(live.missedByEvents)} ${live.missedByEvents === 1 ? 'change' : 'changes'} found only by reconciliation`,
  ].join(', ');
  const reconciled = live.lastReconciledAt ? `last reconciled ${formatAge(live.lastReconciledAt, now)} ago` : 'not reconciled yet';
  return { word: 'live', state: 'healthy', sentence: `Events from ${queue}; ${reconciled} (every ${minutes(live.reconcileEveryMs)}). ${counts}.` };
}

export function queueName(queueArn: string): string {
  return queueArn.slice(queueArn.lastIndexOf(':') + 1);
}

/** "Set up live events in prod-admin / eu-west-1". */
export function setUpSentence(session: Pick<SessionInfo, 'profile' | 'region'>): string {
  return `Set up live events in ${session.profile} / ${session.region}`;
}

export function setUpNotes(names: { rule: string; queue: string }): string[] {
  return [
    `Wharf creates the EventBridge rule ${names.rule} for every ECS event (or adds its target to a rule the account already has for them).`,
    `…and the SQS queue ${names.queue}: encrypted (SSE-SQS), messages kept one day, and only that rule may send to it.`,
    'Polling then drops to a reconciliation every 10 minutes; Remove takes all of it away again.',
  ];
}

/** Setting up again after a gap: what is still there is kept, what went away is made again. */
export function repairNotes(names: { rule: string; queue: string }): string[] {
  return [
    `Wharf makes again what went away of the EventBridge rule ${names.rule}, its target and the SQS queue ${names.queue}, and keeps what is still there.`,
    'A queue deleted less than a minute ago cannot be made again yet (SQS keeps its name for 60 seconds).',
  ];
}

export function removeSentence(session: Pick<SessionInfo, 'profile' | 'region'>): string {
  return `Remove live events in ${session.profile} / ${session.region}`;
}

export function removeNotes(config: LiveConfig): string[] {
  if (config.mode === 'existing') return [`Wharf stops reading ${queueName(config.queueArn)}; the queue and whatever sends to it stay.`];
  return [
    `Deletes the queue ${queueName(config.queueArn)} and Wharf's target on the rule${config.ruleOwned ? ', and the rule itself once no other target uses it' : ' (the rule was the account\'s: it stays)'}.`,
    'Wharf polls ECS again at once.',
  ];
}

/** A set-up other than the open profile and region's, and what can be done about it from here. */
export interface OtherSetUp {
  config: LiveConfig;
  /** Why it cannot be removed from here, in words. */
  note: string;
  /** Its profile no longer exists. */
  profileGone: boolean;
  /** In the open session's account: removable from here, with the open profile's credentials. */
  removable: boolean;
}

export function otherSetUps(configs: readonly LiveConfig[], session: Pick<SessionInfo, 'profile' | 'region' | 'accountId'> | null, profiles: readonly Pick<ProfileInfo, 'name'>[]): OtherSetUp[] {
  const known = new Set(profiles.map((p) => p.name));
  return configs
    .filter((c) => !(session && c.profile === session.profile && c.region === session.region))
    .map((config) => {
      const profileGone = profiles.length > 0 && !known.has(config.profile);
      const removable = !!session && config.accountId === session.accountId && config.mode === 'owned';
      const left = `${config.mode === 'owned' ? 'rule and queue are' : 'queue is'} still in account ${config.accountId ?? '?'} / ${config.region}`;
      let note: string;
      if (profileGone && removable) note = `Profile ${config.profile} is gone, but its ${left}. ${session.profile} is in the same account: remove them with it, or forget them.`;
      else if (profileGone) note = `Profile ${config.profile} is gone, but its ${left}. Open a profile of account ${config.accountId ?? '?'} to remove them, or forget them here and delete them in the AWS console.`;
      else if (removable) note = `In this account too: remove it from here, or open ${config.profile} / ${config.region}.`;
      else note = `Open ${config.profile} / ${config.region} to remove it.`;
      return { config, note, profileGone, removable };
    })
    .sort((a, b) => Number(b.profileGone) - Number(a.profileGone) || a.config.profile.localeCompare(b.config.profile));
}

/** An SQS queue ARN as typed: its value, or why it is not one. */
export function parseQueueArn(text: string, region: string | null): { ok: true; value: string } | { ok: false; why: string } {
  const value = text.trim();
  const match = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/.exec(value);
  if (!match) return { ok: false, why: 'An SQS queue ARN looks like arn:aws:sqs:eu-west-1:123456789012:my-queue.' };
  if (region && match[1] !== region) return { ok: false, why: `The queue must be in ${region}, the region open now.` };
  return { ok: true, value };
}
