/**
 * The sim account's CloudWatch Logs: groups of streams of events, written by the sim's
 * containers and read by the Logs service.
 *
 * Memory is bounded so a sim left running for days stays small: each stream keeps its newest
 * 10,000 events (trimmed in batches, so at most 11,000 are held), and each group its 2,000
 * most recently written streams. Older data simply disappears, as if retention had expired.
 */

export const EVENTS_KEPT_PER_STREAM = 10_000;
export const STREAMS_KEPT_PER_GROUP = 2_000;
const TRIM_SLACK = 1_000;
// The awslogs driver ships batches every few seconds: ingestion lags the event a little.
const INGESTION_LAG_MS = 200;

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Per-stream insertion number, starting at 1: ties on timestamp keep their write order. */
  seq: number;
}

export interface LogStream {
  name: string;
  creationTime: number;
  /** Sorted by (timestamp, seq). */
  events: StoredEvent[];
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
  nextSeq: number;
}

export interface LogGroup {
  name: string;
  creationTime: number;
  streams: Map<string, LogStream>;
}

export class LogsStore {
  readonly accountId: string;
  readonly region: string;
  private readonly groups = new Map<string, LogGroup>();

  constructor(opts: { accountId?: string; region?: string } = {}) {
    this.accountId = opts.accountId ?? '123456789012';
    this.region = opts.region ?? 'us-east-1';
  }

  ensureGroup(name: string, createdAt: Date): void {
    if (!this.groups.has(name)) this.groups.set(name, { name, creationTime: createdAt.getTime(), streams: new Map() });
  }

  /**
   * Append events to a stream, creating the stream (and the group, as awslogs-create-group
   * does) on first write. Events may arrive out of order; they are kept sorted by timestamp.
   */
  putEvents(group: string, stream: string, events: Array<{ timestamp: number; message: string }>): void {
    if (events.length === 0) return;
    const first = events.reduce((min, e) => Math.min(min, e.timestamp), Infinity);
    this.ensureGroup(group, new Date(first));
    const logGroup = this.groups.get(group)!;
    const logStream = this.streamFor(logGroup, stream, first);
    for (const e of events) insertSorted(logStream, e);
    if (logStream.events.length > EVENTS_KEPT_PER_STREAM + TRIM_SLACK) {
      logStream.events.splice(0, logStream.events.length - EVENTS_KEPT_PER_STREAM);
    }
  }

  group(name: string): LogGroup | undefined {
    return this.groups.get(name);
  }

  /** Groups sorted by name, as DescribeLogGroups lists them. */
  allGroups(): LogGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  private streamFor(group: LogGroup, name: string, createdAt: number): LogStream {
    let stream = group.streams.get(name);
    if (!stream) {
      stream = { name, creationTime: createdAt, events: [], storedBytes: 0, nextSeq: 1 };
      group.streams.set(name, stream);
      if (group.streams.size > STREAMS_KEPT_PER_GROUP) dropStalestStream(group);
    }
    return stream;
  }
}

function insertSorted(stream: LogStream, e: { timestamp: number; message: string }): void {
  const event: StoredEvent = {
    timestamp: e.timestamp,
    message: e.message,
    ingestionTime: e.timestamp + INGESTION_LAG_MS,
    seq: stream.nextSeq++,
  };
  const events = stream.events;
  let at = events.length;
  // Usually appended at the end; walk back only past events with a later timestamp.
  while (at > 0 && events[at - 1].timestamp > event.timestamp) at--;
  events.splice(at, 0, event);
  stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? event.timestamp, event.timestamp);
  stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? event.timestamp, event.timestamp);
  stream.lastIngestionTime = Math.max(stream.lastIngestionTime ?? 0, event.ingestionTime);
  stream.storedBytes += Buffer.byteLength(event.message) + 26;
}

function dropStalestStream(group: LogGroup): void {
  let stalest: LogStream | undefined;
  for (const s of group.streams.values()) {
    if (!stalest || (s.lastIngestionTime ?? s.creationTime) < (stalest.lastIngestionTime ?? stalest.creationTime)) stalest = s;
  }
  if (stalest) group.streams.delete(stalest.name);
}
