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
 * "started 4m" ago means 4 minutes before that moment), else now.
 */
export function viewClock(moment: number | null, now: number): number {
  return moment !== null && moment < now ? moment : now;
}
