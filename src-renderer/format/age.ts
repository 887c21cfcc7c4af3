/**
 * Relative ages as operators read them ("12s", "3m", "2h", "4d"), and the absolute time in
 * the user's zone for the tooltip beside each one.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The age of `at` seen from `now`, in the largest whole unit: "0s" up to "59s", then minutes,
 * hours, days. A time in the future (clock skew between the user and AWS) reads as "0s"
 * rather than a negative age.
 */
export function formatAge(at: number, now: number): string {
  const ms = Math.max(0, now - at);
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  return `${Math.floor(ms / DAY)}d`;
}

/** Same as formatAge, or a dash when the time is unknown. */
export function formatAgeOrDash(at: number | null | undefined, now: number): string {
  return at === null || at === undefined || !Number.isFinite(at) ? '—' : formatAge(at, now);
}

/**
 * The absolute time for a tooltip, in the user's zone (or `timeZone` when given, which tests
 * use), with the zone's name so nobody wonders whether it is UTC.
 */
export function formatAbsoluteTime(at: number, opts: { timeZone?: string; locale?: string } = {}): string {
  return new Intl.DateTimeFormat(opts.locale ?? 'en-GB', {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone: opts.timeZone,
    timeZoneName: 'short',
  }).format(new Date(at));
}

/** A moment as a wall clock, "10:41:07" (with the day, "3 Dec 10:41", when not today). */
export function formatClock(at: number, opts: { timeZone?: string; now?: number; seconds?: boolean } = {}): string {
  const day = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: opts.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  const sameDay = day(at) === day(opts.now ?? Date.now());
  return new Intl.DateTimeFormat('en-GB', {
    ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds === false ? {} : { second: '2-digit' }),
    hour12: false,
    timeZone: opts.timeZone,
  }).format(new Date(at));
}
