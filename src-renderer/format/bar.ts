/**
 * The width of a bar's fill as CSS reads it: "21%" (never "21 %", which CSS drops, drawing
 * every bar full). Every bar in Wharf takes its width from here and marks its fill with
 * `data-bar-fill` and `data-expect-width`, so an e2e test measures each drawn bar against the
 * share it stands for.
 */
function barShare(part: number, whole: number): number {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0 || part <= 0) return 0;
  return Math.min(1, part / whole);
}

export function barWidth(part: number, whole: number): string {
  return shareWidth(barShare(part, whole));
}

/** A share 0..1 as a CSS width ("0%".."100%", one decimal at most). */
export function shareWidth(share: number): string {
  const clamped = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  return `${Math.round(clamped * 1000) / 10}%`;
}
