import { FilterLogEventsCommand, GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogLine, ReadableLogSource } from '../../contract/domains/logs';
import { streamKey, type FollowCursor } from './log-cursor';
import { keepNewest, mergeByTime, toLines, type RawEvent } from './log-lines';

/**
 * Reads CloudWatch Logs for resolved sources. One stream at a time with GetLogEvents (exact,
 * newest-first from the tail, with a forward token to follow); several streams, or a
 * pattern, with FilterLogEvents (one call per group covers up to 100 streams).
 */
export type LogsLike = Pick<CloudWatchLogsClient, 'send'>;

export interface ReaderDeps {
  logsFor(region: string): LogsLike;
}

export interface RangeQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

/** FilterLogEvents takes at most 100 stream names per call. */
const MAX_STREAMS_PER_FILTER = 100;
/** A filter over a long range may page many times; this bounds the calls per read. */
const MAX_FILTER_PAGES = 25;

export interface TailResult {
  lines: LogLine[];
  truncated: boolean;
  tokens: Record<string, string>;
  /** Streams that do not exist (yet): the container never wrote, or the task never started. */
  missing: ReadableLogSource[];
}

/** The newest `limit` lines of each stream in the range, merged (GetLogEvents from the tail). */
export async function readTails(deps: ReaderDeps, sources: readonly ReadableLogSource[], q: RangeQuery): Promise<TailResult> {
  const tokens: Record<string, string> = {};
  const missing: ReadableLogSource[] = [];
  let truncated = false;
  const perStream = await Promise.all(
    sources.map(async (source) => {
      try {
        const res = await deps.logsFor(source.region).send(
          new GetLogEventsCommand({ logGroupName: source.group, logStreamName: source.stream, startFromHead: false, limit: q.limit, startTime: q.startTime, endTime: q.endTime }),
        );
        const events = res.events ?? [];
        if (events.length >= q.limit) truncated = true;
        if (res.nextForwardToken) tokens[streamKey(source)] = res.nextForwardToken;
        return toLines(source, events);
      } catch (err) {
        if (isNotFound(err)) {
          missing.push(source);
          return [];
        }
        throw err;
      }
    }),
  );
  const kept = keepNewest(mergeByTime(perStream), q.limit);
  return { lines: kept.lines, truncated: truncated || kept.truncated, tokens, missing };
}

/** Lines matching `pattern` (or all) across the sources, newest `limit` kept. */
export async function filterSources(deps: ReaderDeps, sources: readonly ReadableLogSource[], q: RangeQuery & { pattern?: string }): Promise<{ lines: LogLine[]; truncated: boolean }> {
  const lists: LogLine[][] = [];
  let truncated = false;
  for (const batch of byGroup(sources)) {
    const result = await filterBatch(deps, batch, q);
    truncated ||= result.truncated;
    lists.push(result.lines);
  }
  const kept = keepNewest(mergeByTime(lists), q.limit);
  return { lines: kept.lines, truncated: truncated || kept.truncated };
}

async function filterBatch(deps: ReaderDeps, batch: ReadableLogSource[], q: RangeQuery & { pattern?: string }): Promise<{ lines: LogLine[]; truncated: boolean }> {
  const { region, group } = batch[0];
  const byStream = new Map(batch.map((s) => [s.stream, s]));
  const lines: LogLine[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  let truncated = false;
  do {
    let res;
    try {
      res = await deps.logsFor(region).send(
        new FilterLogEventsCommand({
          logGroupName: group,
          logStreamNames: [...byStream.keys()],
          filterPattern: q.pattern || undefined,
          startTime: q.startTime,
          endTime: q.endTime,
          limit: Math.min(10_000, q.limit),
          nextToken,
        }),
      );
    } catch (err) {
      if (isNotFound(err)) return { lines: [], truncated: false };
      throw err;
    }
    lines.push(...labelled(byStream, res.events ?? []));
    nextToken = res.nextToken;
    // Keep only what a read returns anyway: the newest `limit`.
    if (lines.length > 2 * q.limit) lines.splice(0, lines.length - q.limit);
  } while (nextToken && ++pages < MAX_FILTER_PAGES);
  if (nextToken) truncated = true;
  return { lines, truncated };
}

function labelled(byStream: Map<string, ReadableLogSource>, events: readonly RawEvent[]): LogLine[] {
  const out: LogLine[] = [];
  for (const e of events) {
    const source = byStream.get(e.logStreamName ?? '');
    if (source) out.push(...toLines(source, [e]));
  }
  return out;
}

/** Sources grouped by (region, group), at most 100 streams per group. */
function byGroup(sources: readonly ReadableLogSource[]): ReadableLogSource[][] {
  const groups = new Map<string, ReadableLogSource[]>();
  for (const s of sources) {
    const key = `${s.region}|${s.group}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const batches: ReadableLogSource[][] = [];
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i += MAX_STREAMS_PER_FILTER) batches.push(list.slice(i, i + MAX_STREAMS_PER_FILTER));
  }
  return batches;
}

/**
 * What arrived after the cursor. Streams with a forward token continue from it; a pattern,
 * or streams without a token, read from the cursor's last timestamp and drop the events
 * already seen at that millisecond.
 */
export async function followSources(
  deps: ReaderDeps,
  sources: readonly ReadableLogSource[],
  cursor: FollowCursor,
  pattern: string | undefined,
): Promise<{ lines: LogLine[]; cursor: Omit<FollowCursor, 'v'> }> {
  const tokens = { ...cursor.tokens };
  const withToken = pattern ? [] : sources.filter((s) => tokens[streamKey(s)]);
  const rest = sources.filter((s) => !withToken.includes(s));
  const lists: LogLine[][] = [];
  for (const source of withToken) {
    try {
      const res = await deps.logsFor(source.region).send(
        new GetLogEventsCommand({ logGroupName: source.group, logStreamName: source.stream, startFromHead: true, nextToken: tokens[streamKey(source)], limit: 10_000 }),
      );
      if (res.nextForwardToken) tokens[streamKey(source)] = res.nextForwardToken;
      lists.push(toLines(source, res.events ?? []));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (rest.length) {
    const seen = new Set(cursor.seen);
    const found = await filterSources(deps, rest, { startTime: cursor.since, limit: 10_000, pattern });
    lists.push(found.lines.filter((l) => !seen.has(l.id)));
  }
  const lines = mergeByTime(lists);
  return { lines, cursor: { tokens, ...sinceOf(lines, cursor) } };
}

/** The newest timestamp seen and the ids at it, so the next filter neither skips nor repeats. */
export function sinceOf(lines: readonly LogLine[], previous: { since: number; seen: string[] }): { since: number; seen: string[] } {
  if (!lines.length) return { since: previous.since, seen: previous.seen };
  const since = Math.max(previous.since, lines[lines.length - 1].timestamp);
  const seen = lines.filter((l) => l.timestamp === since).map((l) => l.id);
  if (since === previous.since) seen.push(...previous.seen);
  return { since, seen: [...new Set(seen)].slice(-2000) };
}

function isNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ResourceNotFoundException';
}
