import type { Settings, SettingsProblem } from '@contract/domains/app';

/** Each setting as the Settings page names it. */
export const SETTING_LABELS: Record<keyof Settings, string> = {
  theme: 'Theme',
  productionProfiles: 'Production profiles',
  readOnlyProfiles: 'Read-only profiles',
  allowExecOnReadOnly: 'Exec in read-only profiles',
  apiBudgetShare: 'API budget',
  overviewRegions: 'Overview regions',
  mutedClusters: 'Muted clusters',
  historyRetentionDays: 'History: days kept',
  historyMaxMb: 'History: size on disk',
};

export interface ProblemSummary {
  /** Read back in full and in force now. */
  recovered: string[];
  /** Lists cut short: their first items are in force, the rest is lost. */
  partial: string[];
  /** Not read back: on their defaults now. */
  lost: string[];
}

/** A damaged settings file, in the words of the Settings page: what was kept, what was not. */
export function problemSummary(problem: SettingsProblem): ProblemSummary {
  const keys = Object.keys(SETTING_LABELS) as Array<keyof Settings>;
  const label = (k: string): string => SETTING_LABELS[k as keyof Settings] ?? k;
  const known = new Set([...problem.recovered, ...problem.partial]);
  return {
    recovered: problem.recovered.map(label),
    partial: problem.partial.map(label),
    lost: keys.filter((k) => !known.has(k)).map(label),
  };
}

/** A list of names in a sentence: "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What is in force after the damage, in one or two sentences. */
export function problemSentence(summary: ProblemSummary): string {
  const parts = [summary.recovered.length ? `In force now, recovered from it: ${listInWords(summary.recovered)}.` : 'Nothing could be recovered from it.'];
  if (summary.partial.length) parts.push(`${listInWords(summary.partial)} ${summary.partial.length === 1 ? 'was' : 'were'} cut short: only the entries before the damage are kept.`);
  if (summary.lost.length) parts.push(`On defaults: ${listInWords(summary.lost)}.`);
  return parts.join(' ');
}
