import { formatClock } from '../../format';

/**
 * Why no action is offered while the time bar shows a past moment: what is on screen is how
 * the cluster was then, and a change made from it would act on a state that may be gone.
 */
export function pastMomentReason(at: number, now?: number): string {
  return `The cluster is shown as of ${formatClock(at, { now })}: a past moment is read-only. "now ▶" in the time bar returns to live, where actions are on.`;
}

/**
 * The clock a view measures ages against: the moment shown when the time bar is set (a task
 * "started 4m" ago means 4 minutes before that moment), else now. Moments are Wharf's clock
 * (when it saw a change) and records' times are AWS's: the moment is moved by the skew between
 * the two as it is now (`now` is AWS's clock, `localNow` Wharf's).
 */
export function viewClock(moment: number | null, now: number, localNow: number): number {
  if (moment === null) return now;
  return Math.min(now, moment + (now - localNow));
}
