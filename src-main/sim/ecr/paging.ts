/**
 * Offset pagination shared by the sim's ECR, Logs and CloudWatch list calls: an opaque
 * nextToken that AWS clients pass back unchanged, bounded page sizes checked as AWS checks them.
 */
import { SimError } from '../http/types';

export interface PageLimits {
  /** The member name AWS uses for the page size, for the error message (`maxResults`, `limit`). */
  sizeField: string;
  min: number;
  max: number;
  defaultSize: number;
  /** The error code the service uses for a bad parameter (InvalidParameterException, …). */
  errorCode: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** One page of `items` starting where `nextToken` left off. */
export function pageOf<T>(items: T[], size: unknown, nextToken: unknown, limits: PageLimits): Page<T> {
  const pageSize = pageSizeOf(size, limits);
  const start = nextToken === undefined || nextToken === null || nextToken === '' ? 0 : decodeOffset(nextToken, limits.errorCode);
  const end = start + pageSize;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeOffset(end) : undefined };
}

export function pageSizeOf(size: unknown, limits: PageLimits): number {
  if (size === undefined || size === null || size === '') return limits.defaultSize;
  const n = Number(size);
  if (!Number.isInteger(n) || n < limits.min || n > limits.max) {
    const bound = n < limits.min ? `greater than or equal to ${limits.min}` : `less than or equal to ${limits.max}`;
    throw new SimError(
      limits.errorCode,
      `1 validation error detected: Value '${String(size)}' at '${limits.sizeField}' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  return n;
}

// The token carries the offset plus a marker so a token from elsewhere is refused, not misread.
export function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, k: 'wharf-sim' })).toString('base64');
}

export function decodeOffset(token: unknown, errorCode: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { o?: unknown; k?: unknown };
    if (parsed.k === 'wharf-sim' && Number.isInteger(parsed.o) && (parsed.o as number) >= 0) return parsed.o as number;
  } catch {
    // fall through to the error below
  }
  throw new SimError(errorCode, 'Invalid NextToken: the token is malformed or was not issued by this call.');
}
