import type { LogLine, ReadableLogSource } from '../../contract/domains/logs';

/** Events as CloudWatch Logs returns them (GetLogEvents or FilterLogEvents). */
export interface RawEvent {
  timestamp?: number;
  message?: string;
  eventId?: string;
  logStreamName?: string;
}

/** Labels one stream's events with their container and task; ids unique within the stream. */
export function toLines(source: ReadableLogSource, events: readonly RawEvent[]): LogLine[] {
  const lines: LogLine[] = [];
  let lastTs = -1;
  let n = 0;
  for (const e of events) {
    const timestamp = e.timestamp ?? 0;
    n = timestamp === lastTs ? n + 1 : 0;
    lastTs = timestamp;
    lines.push({
      id: e.eventId ?? `${source.stream}@${timestamp}#${n}`,
      timestamp,
      // awslogs keeps the trailing newline some runtimes write; a viewer wants the text.
      message: (e.message ?? '').replace(/\r?\n$/, ''),
      container: source.container,
      taskId: source.taskId,
    });
  }
  return lines;
}

/** Merges per-stream lists (each oldest first) into one, oldest first; stable for equal times. */
export function mergeByTime(lists: readonly LogLine[][]): LogLine[] {
  const all = lists.flat();
  return all
    .map((line, i) => ({ line, i }))
    .sort((a, b) => a.line.timestamp - b.line.timestamp || a.i - b.i)
    .map((x) => x.line);
}

/** The newest `limit` lines, and whether any were left out. */
export function keepNewest(lines: LogLine[], limit: number): { lines: LogLine[]; truncated: boolean } {
  return lines.length > limit ? { lines: lines.slice(lines.length - limit), truncated: true } : { lines, truncated: false };
}
