/**
 * FilterLogEvents: events of several streams of a group, interleaved by time, matched against
 * a filter pattern. The nextToken remembers the last event returned, so a page boundary holds
 * while new events arrive.
 */
import { SimError } from '../http/types';
import { compileFilterPattern } from './filter-pattern';
import { eventBytes, MAX_RESPONSE_BYTES } from './get-log-events';
import type { LogGroup, LogStream, StoredEvent } from './logs-store';

export interface FilterQuery {
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  filterPattern?: string;
  startTime?: number;
  endTime?: number;
  limit: number;
  nextToken?: string;
}

interface Hit {
  stream: LogStream;
  event: StoredEvent;
}

interface Cursor {
  t: number;
  s: string;
  q: number;
}

export function filterLogEvents(group: LogGroup, q: FilterQuery) {
  if (q.logStreamNames !== undefined && q.logStreamNamePrefix !== undefined) {
    throw new SimError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive: specify only one.');
  }
  const matches = compileFilterPattern(q.filterPattern);
  const after = q.nextToken === undefined ? undefined : decodeCursor(q.nextToken);
  const hits: Hit[] = [];
  for (const stream of selectStreams(group, q)) {
    for (const event of stream.events) {
      if (q.startTime !== undefined && event.timestamp < q.startTime) continue;
      if (q.endTime !== undefined && event.timestamp > q.endTime) continue;
      if (after && compareHit({ stream, event }, after) <= 0) continue;
      if (matches(event.message)) hits.push({ stream, event });
    }
  }
  hits.sort((a, b) => compareHit(a, cursorOf(b)));
  const page = takePage(hits, q.limit);
  const last = page[page.length - 1];
  return {
    events: page.map(({ stream, event }) => ({
      logStreamName: stream.name,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: eventId(stream, event),
    })),
    // Deprecated by AWS in 2020: always an empty list now.
    searchedLogStreams: [],
    nextToken: page.length < hits.length && last ? encodeCursor(cursorOf(last)) : undefined,
  };
}

function selectStreams(group: LogGroup, q: FilterQuery): LogStream[] {
  if (q.logStreamNames !== undefined) {
    return q.logStreamNames.map((name) => group.streams.get(name)).filter((s): s is LogStream => s !== undefined);
  }
  const prefix = q.logStreamNamePrefix ?? '';
  return [...group.streams.values()].filter((s) => s.name.startsWith(prefix));
}

function takePage(hits: Hit[], limit: number): Hit[] {
  let bytes = 0;
  let n = 0;
  while (n < hits.length && n < limit) {
    bytes += eventBytes(hits[n].event);
    if (bytes > MAX_RESPONSE_BYTES && n > 0) break;
    n++;
  }
  return hits.slice(0, n);
}

function cursorOf(hit: Hit): Cursor {
  return { t: hit.event.timestamp, s: hit.stream.name, q: hit.event.seq };
}

function compareHit(hit: Hit, c: Cursor): number {
  if (hit.event.timestamp !== c.t) return hit.event.timestamp - c.t;
  if (hit.stream.name !== c.s) return hit.stream.name < c.s ? -1 : 1;
  return hit.event.seq - c.q;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64');
}

function decodeCursor(token: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<Cursor>;
    if (typeof c.t === 'number' && typeof c.s === 'string' && typeof c.q === 'number') return c as Cursor;
  } catch {
    // fall through
  }
  throw new SimError('InvalidParameterException', 'The specified nextToken is invalid.');
}

// 56 digits like AWS's event ids: the timestamp, a stream fingerprint, the event's number.
function eventId(stream: LogStream, event: StoredEvent): string {
  let h = 0;
  for (const ch of stream.name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${String(event.timestamp).padStart(20, '0')}${String(h).padStart(16, '0')}${String(event.seq).padStart(20, '0')}`;
}
