import type { LiveStatus } from '@contract/domains/live';
import type { DemoSimState, StatusCondition, StatusSnapshot } from '@contract/domains/status';
import type { ConnectionState } from '@contract/wire';
import type { HealthState } from '../../theme/states';
import { formatAge, formatCount } from '../../format';
import { dataWord } from '../live/live-model';

/** Without a refresh promise from core, data older than this is called old. */
export const STALE_AFTER_MS = 60_000;
/** Slack over the refresh promise before data is called old (a refresh in flight, a slow answer). */
export const PROMISE_SLACK_MS = 10_000;

export interface StatusPart {
  id: string;
  text: string;
  /** Colour and symbol when the part signals something; plain text otherwise. */
  state?: HealthState;
  title: string;
}

/** A restart of the Demo sim is told in the status bar this long. */
export const SIM_RESTART_TOLD_MS = 120_000;

/** The status bar's "sim: demo" part, saying when the sim stopped, restarts, or was restarted. */
export function simPart(scenario: string, sim: DemoSimState | null, now: number): StatusPart {
  const normal = { id: 'sim', text: `sim: ${scenario}`, title: "The Demo account is served by Wharf's built-in simulator, not AWS" };
  if (!sim) return normal;
  if (sim.state === 'restarting') return { id: 'sim', text: `sim: ${scenario} restarting…`, state: 'progress', title: sim.message };
  if (sim.state === 'down') return { id: 'sim', text: `sim: ${scenario} stopped`, state: 'failed', title: sim.message };
  return now - sim.at < SIM_RESTART_TOLD_MS ? { id: 'sim', text: `sim: ${scenario} restarted`, state: 'degraded', title: sim.message } : normal;
}

/** How old the data on screen may be before it is called old: its refresh promise, plus slack. */
export function allowedAgeMs(snapshot: Pick<StatusSnapshot, 'refreshEveryMs'> | null): number {
  const every = snapshot?.refreshEveryMs ?? null;
  return every === null ? STALE_AFTER_MS : Math.max(every, 5_000) + PROMISE_SLACK_MS;
}

/** The cause of old data in two or three words, for the status bar ("throttled", "credentials expired"). */
export function conditionShort(c: StatusCondition): string {
  switch (c.kind) {
    case 'throttled':
      return 'throttled';
    case 'credentials':
      return 'credentials expired';
    case 'access-denied':
      return 'access denied';
    case 'unreachable':
      return 'endpoint unreachable';
    case 'server':
      return 'AWS server errors';
    case 'demo-sim':
      return c.recovered ? 'Demo sim restarted' : 'Demo sim stopped';
    default:
      return 'refresh failing';
  }
}

/**
 * The status bar's parts as plain data: what the data's age, the API rate, throttles,
 * errors and the connection say, in words, with a state only where something is off. The age
 * is measured against the refresh promise core reports; when it is broken the part says why
 * (core's condition), and it clears itself once the data is fresh again.
 */
export function statusParts(snapshot: StatusSnapshot | null, connection: ConnectionState, now: number, live?: LiveStatus | null): StatusPart[] {
  const parts: StatusPart[] = [];
  if (connection !== 'open') {
    parts.push(
      connection === 'connecting'
        ? { id: 'connection', text: 'connecting to Wharf…', state: 'progress', title: 'Waiting for the connection to Wharf’s main process' }
        : { id: 'connection', text: 'disconnected, reconnecting', state: 'failed', title: 'Lost the connection to Wharf’s main process; data on screen is not updating' },
    );
  }
  const at = snapshot?.oldestFetchedAt ?? null;
  const condition = snapshot?.condition ?? null;
  if (live && (live.state === 'live' || live.state === 'gap')) {
    // Live events: "live", or a gap with its reason (live-model's words).
    parts.push({ id: 'age', ...dataWord(live, at, now, STALE_AFTER_MS) });
  } else if (at === null) {
    parts.push({ id: 'age', text: 'no data yet', title: 'Nothing has been read from AWS for this view yet' });
  } else {
    const age = now - at;
    const allowed = allowedAgeMs(snapshot);
    const old = age > allowed;
    const every = snapshot?.refreshEveryMs ?? null;
    const promise = every === null ? '' : ` Refreshed every ~${formatAge(now - every, now)}${snapshot?.refreshLimitedBy === 'budget' ? ' (at this size a full read takes that long within Wharf’s API budget)' : ''}.`;
    const why = old ? (condition ? ` · ${conditionShort(condition)}` : snapshot?.refreshLimitedBy === 'budget' ? ' · API budget' : '') : '';
    parts.push({
      id: 'age',
      // Polling while live events are set up but not flowing: said first ("polling · data 3s old").
      text: `${live !== undefined ? 'polling · ' : ''}data ${formatAge(at, now)} old${why}`,
      ...(old ? { state: 'degraded' as const } : {}),
      title: old
        ? `The oldest data on screen is older than its refresh promise.${condition ? ` ${condition.message}${condition.fix ? ` ${condition.fix}` : ''}` : ''}${promise}`
        : `Age of the oldest data on screen.${promise}`,
    });
  }
  const s = snapshot;
  parts.push({ id: 'rate', text: `${formatCount(s?.requestsLastMinute ?? 0)} req/min`, title: 'AWS API requests Wharf made in the last minute' });
  const throttles = s?.throttlesLastMinute ?? 0;
  parts.push({
    id: 'throttles',
    text: `${formatCount(throttles)} throttled`,
    ...(throttles > 0 ? { state: 'degraded' as const } : {}),
    title: `ThrottlingExceptions in the last minute (${formatCount(s?.throttledTotal ?? 0)} since start); Wharf backs off by itself`,
  });
  const errors = s?.errorsLastMinute ?? 0;
  parts.push({
    id: 'errors',
    text: `${formatCount(errors)} ${errors === 1 ? 'error' : 'errors'}`,
    ...(errors > 0 ? { state: 'failed' as const } : {}),
    title: s?.lastError ? `Last error: ${s.lastError}` : 'Failed AWS calls in the last minute',
  });
  const unsupported = s?.unsupported ?? [];
  if (unsupported.length) {
    parts.push({
      id: 'unsupported',
      text: `endpoint lacks ${unsupported.length === 1 ? unsupported[0] : `${unsupported.length} operations`}`,
      title: `This endpoint does not implement ${unsupported.join(', ')}. Wharf does not call ${unsupported.length === 1 ? 'it' : 'them'} again and carries on without.`,
    });
  }
  return parts;
}
