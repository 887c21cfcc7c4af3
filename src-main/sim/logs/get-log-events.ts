/**
 * GetLogEvents with CloudWatch Logs' token semantics. A token marks a position between two
 * events: `f/…` reads forward (newer) from it, `b/…` backward (older). The answer's
 * nextForwardToken sits after its last event and nextBackwardToken before its first; when
 * there is nothing new the caller gets back the very token it sent, which is how a tailing
 * client knows it has caught up.
 */
import { SimError } from '../http/types';
import type { LogStream, StoredEvent } from './logs-store';

export const MAX_EVENTS = 10_000;
// A response carries at most 1 MB of events, counting 26 bytes of overhead per event.
export const MAX_RESPONSE_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;

/** A position in a stream: between the events before and after (timestamp, seq). */
interface Position {
  timestamp: number;
  seq: number;
}

export interface GetLogEventsQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
  startFromHead: boolean;
  nextToken?: string;
}

export function getLogEvents(stream: LogStream, q: GetLogEventsQuery) {
  const inRange = stream.events.filter(
    (e) => (q.startTime === undefined || e.timestamp >= q.startTime) && (q.endTime === undefined || e.timestamp < q.endTime),
  );
  const token = q.nextToken === undefined ? undefined : decodeToken(q.nextToken);
  const forward = token ? token.direction === 'f' : q.startFromHead;
  let candidates = inRange;
  if (token) {
    candidates = inRange.filter((e) => (forward ? compare(e, token.at) > 0 : compare(e, token.at) < 0));
  }
  const page = forward ? takeFromHead(candidates, q.limit) : takeFromTail(candidates, q.limit);
  if (page.length === 0) {
    // Nothing to read: hand back the same position, so the caller polls from where it is.
    const at = token?.at ?? { timestamp: q.startTime ?? 0, seq: 0 };
    return { events: [], nextForwardToken: encodeToken('f', at), nextBackwardToken: encodeToken('b', at) };
  }
  return {
    events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: encodeToken('f', page[page.length - 1]),
    nextBackwardToken: encodeToken('b', page[0]),
  };
}

function takeFromHead(events: StoredEvent[], limit: number): StoredEvent[] {
  let bytes = 0;
  let n = 0;
  while (n < events.length && n < limit) {
    bytes += eventBytes(events[n]);
    if (bytes > MAX_RESPONSE_BYTES && n > 0) break;
    n++;
  }
  return events.slice(0, n);
}

function takeFromTail(events: StoredEvent[], limit: number): StoredEvent[] {
  let bytes = 0;
  let start = events.length;
  while (start > 0 && events.length - start < limit) {
    bytes += eventBytes(events[start - 1]);
    if (bytes > MAX_RESPONSE_BYTES && start < events.length) break;
    start--;
  }
  return events.slice(start);
}

export function eventBytes(e: { message: string }): number {
  return Buffer.byteLength(e.message) + EVENT_OVERHEAD_BYTES;
}

function compare(e: Position, at: Position): number {
  return e.timestamp !== at.timestamp ? e.timestamp - at.timestamp : e.seq - at.seq;
}

// Shaped like AWS's tokens: a direction, 56 digits, and `/s`.
function encodeToken(direction: 'f' | 'b', at: Position): string {
  return `${direction}/${String(at.timestamp + 1).padStart(20, '0')}${String(at.seq).padStart(36, '0')}/s`;
}

function decodeToken(token: string): { direction: 'f' | 'b'; at: Position } {
  const m = /^([fb])\/(\d{20})(\d{36})\/s$/.exec(token);
  if (!m) throw new SimError('InvalidParameterException', 'The specified nextToken is invalid.');
  return { direction: m[1] as 'f' | 'b', at: { timestamp: Number(m[2]) - 1, seq: Number(m[3]) } };
}
