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
