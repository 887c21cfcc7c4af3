import type { StatusCondition } from '@contract/domains/status';

/**
 * Why the data on screen is old, in a sentence with the fix. Core names the cause
 * (StatusSnapshot.condition: the latest trouble of the last minute, with this profile's fix);
 * this only picks the words to show, and says plainly when there is no failure to blame.
 */
export interface StaleExplanation {
  message: string;
  fix: string | null;
}

export function explainStale(condition: StatusCondition | null, limitedByBudget = false): StaleExplanation {
  if (condition) return { message: condition.message, fix: condition.fix };
  if (limitedByBudget) {
    return { message: 'At this size a full refresh takes this long within Wharf’s API budget.', fix: 'Raise the API budget in Settings to refresh faster (it leaves less of AWS’s rate to your pipelines).' };
  }
  return { message: 'Wharf could not refresh some of this lately.', fix: 'Wharf retries by itself and keeps the last data on screen.' };
}
