/**
 * AWS's clock as Wharf sees it: every response carries a `Date` header (the SDK reads the same
 * header to correct its signatures), so core learns how far the endpoint's clock is from the
 * local one and computes ages against the endpoint's. A laptop whose clock is off, or the sim
 * running its own accelerated clock (`--speed 5`), would otherwise make every age wrong
 * ("0s" for events stamped in the local future, an "As of" earlier than its own events).
 *
 * One per profile (the client factory owns it), per region: each region may be answered by a
 * different endpoint.
 */

/** A new sample this far from the estimate replaces it; closer ones are blended in. */
const JUMP_MS = 2_000;
/** Weight of a new sample in the estimate (a `Date` header only has whole seconds). */
const BLEND = 0.25;

export class AwsClock {
  private readonly skews = new Map<string, number>();

  constructor(private readonly localNow: () => number = Date.now) {}

  /**
   * A response from `region` carried `dateHeader`, received at local time `receivedAt`. The
   * header has whole seconds: the server's time lay within the second after it, so its middle
   * is taken.
   */
  observe(region: string, dateHeader: string | undefined | null, receivedAt = this.localNow()): void {
    if (!dateHeader) return;
    const server = Date.parse(dateHeader);
    if (!Number.isFinite(server)) return;
    const sample = server + 500 - receivedAt;
    const known = this.skews.get(region);
    const next = known === undefined || Math.abs(sample - known) > JUMP_MS ? sample : known + (sample - known) * BLEND;
    this.skews.set(region, next);
  }

  /** How far AWS's clock in `region` is ahead of the local one, in ms (0 before any response). */
  skewMs(region: string): number {
    return Math.round(this.skews.get(region) ?? 0);
  }

  /** Epoch ms by AWS's clock in `region`: what ages and "as of" are computed against. */
  now(region: string): number {
    return this.localNow() + this.skewMs(region);
  }
}

/** The `Date` header of a raw SDK response (an HttpResponse), if it has one. */
export function dateHeaderOf(response: unknown): string | undefined {
  const headers = (response as { headers?: Record<string, string | undefined> } | undefined)?.headers;
  if (!headers) return undefined;
  return headers.date ?? headers.Date;
}
