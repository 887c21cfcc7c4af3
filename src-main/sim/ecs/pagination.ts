/**
 * ECS-style pagination: `maxResults` within AWS's bounds, an opaque `nextToken`. Tokens carry
 * the offset and which listing they belong to, so a token from one listing is refused by
 * another as ECS refuses it.
 */
import { invalidParameter } from './errors';

export interface PageRequest {
  nextToken?: unknown;
  maxResults?: unknown;
}

export interface PageLimits {
  defaultSize: number;
  maxSize: number;
  /** Identifies the listing (operation + filters) the token belongs to. */
  listing: string;
}

/** Takes one page from `items` (walked lazily, so only what the page needs is read). */
export function paginate<T>(items: Iterable<T>, request: PageRequest, limits: PageLimits): { page: T[]; nextToken?: string } {
  const size = pageSize(request.maxResults, limits);
  const offset = request.nextToken === undefined || request.nextToken === null || request.nextToken === '' ? 0 : decodeToken(request.nextToken, limits.listing);
  const page: T[] = [];
  let index = 0;
  let more = false;
  for (const item of items) {
    if (index++ < offset) continue;
    if (page.length === size) {
      more = true;
      break;
    }
    page.push(item);
  }
  return { page, nextToken: more ? encodeToken(offset + size, limits.listing) : undefined };
}

function pageSize(maxResults: unknown, limits: PageLimits): number {
  if (maxResults === undefined || maxResults === null) return limits.defaultSize;
  const n = Number(maxResults);
  if (!Number.isInteger(n) || n < 1 || n > limits.maxSize) {
    throw invalidParameter(`maxResults must be between 1 and ${limits.maxSize}.`);
  }
  return n;
}

function encodeToken(offset: number, listing: string): string {
  return Buffer.from(JSON.stringify({ o: offset, l: hash(listing) })).toString('base64');
}

function decodeToken(token: unknown, listing: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { o: number; l: string };
    if (Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.l === hash(listing)) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('Invalid nextToken: the token is malformed or belongs to a different request.');
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
