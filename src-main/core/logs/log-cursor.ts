import { z } from 'zod';
import { WharfError } from '../../contract/errors';
import type { ReadableLogSource } from '../../contract/domains/logs';

/**
 * Where a live follow continues. The renderer holds it as an opaque string and hands it back,
 * so it is parsed like any other untrusted input. Two ways to continue: per stream, CloudWatch's
 * forward token (GetLogEvents); across streams or with a pattern, the last timestamp seen and
 * the event ids at that timestamp (FilterLogEvents, which has no forward token of its own).
 */
const CursorShape = z.object({
  v: z.literal(1),
  tokens: z.record(z.string().max(2000), z.string().max(4000)),
  since: z.number().int().nonnegative(),
  seen: z.array(z.string().max(200)).max(2000),
});
export type FollowCursor = z.infer<typeof CursorShape>;

export function streamKey(source: Pick<ReadableLogSource, 'region' | 'group' | 'stream'>): string {
  return `${source.region}|${source.group}|${source.stream}`;
}

export function encodeCursor(cursor: Omit<FollowCursor, 'v'>): string {
  return JSON.stringify({ v: 1, ...cursor });
}

export function decodeCursor(raw: string): FollowCursor {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = null;
  }
  const parsed = CursorShape.safeParse(json);
  if (!parsed.success) throw new WharfError('BAD_REQUEST', 'The log follow position is not one Wharf made.', { fix: 'Reload the logs.' });
  return parsed.data;
}
