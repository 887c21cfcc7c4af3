import type { LiveStatus } from '@contract/domains/live';
import type { StatusSnapshot } from '@contract/domains/status';
import type { ConnectionState } from '@contract/wire';
import type { HealthState } from '../../theme/states';
import { formatAge, formatCount } from '../../format';
import { dataWord } from '../live/live-model';

/** Data older than this is marked stale in the status bar. */
export const STALE_AFTER_MS = 60_000;

export interface StatusPart {
  id: string;
  text: string;
  /** Colour and symbol when the part signals something; plain text otherwise. */
  state?: HealthState;
  title: string;
}

/**
 * The status bar's parts as plain data: what the data's age, the API rate, throttles,
 * errors and the connection say, in words, with a state only where something is off.
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
  if (live !== undefined) {
    // Live events known: "live", or "polling · data 3s old" (with the gap's reason when there is one).
    parts.push({ id: 'age', ...dataWord(live, at, now, STALE_AFTER_MS) });
  } else if (at === null) {
    parts.push({ id: 'age', text: 'no data yet', title: 'Nothing has been read from AWS for this view yet' });
  } else {
    const stale = now - at > STALE_AFTER_MS;
    parts.push({
      id: 'age',
      text: `data ${formatAge(at, now)} old`,
      ...(stale ? { state: 'degraded' as const } : {}),
      title: stale ? 'The oldest data on screen is over a minute old: refreshes are failing or throttled' : 'Age of the oldest data on screen',
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
  return parts;
}
