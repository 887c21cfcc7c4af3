/** Counts with thousands separators, so 12000 reads as "12,000" at a glance. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return grouped.format(Math.round(n));
}

/** "1 service", "3 services": the plural made by appending "s" unless given. */
export function pluralize(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/**
 * Why a count from the API cannot be shown as a number (negative, fractional, not a number:
 * an emulator once sent pending -1), or null when it is a count. Shown as "—" with this hint.
 */
export function oddCountHint(n: number | null | undefined): string | null {
  if (n === null || n === undefined) return null;
  if (!Number.isFinite(n)) return 'The API sent no usable number here.';
  if (n < 0) return `The API sent ${n}, which cannot be a count; shown as "—".`;
  if (!Number.isInteger(n)) return `The API sent ${n}, which is not a whole count; shown as "—".`;
  return null;
}

/** A count for a table cell: "12,000", or "—" when the API sent something that is not a count. */
export function formatCountOrDash(n: number | null | undefined): string {
  return n === null || n === undefined || oddCountHint(n) !== null ? '—' : formatCount(n);
}
