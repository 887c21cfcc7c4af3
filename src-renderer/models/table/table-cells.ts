import { formatAbsoluteTime } from '../../format';

/**
 * Small helpers for the cells of the virtual tables (BaseVirtualTable.vue). A virtual table
 * renders a row again each time it scrolls in, so whatever a cell computes is paid on every
 * scroll step: what repeats (a route's href, an absolute time) is computed once and kept.
 */

/** `make` memoized by its argument; forgets everything past `limit` keys (a long session's ages). */
export function memoByKey<K, V>(make: (key: K) => V, limit = 10_000): ((key: K) => V) & { clear: () => void } {
  const cache = new Map<K, V>();
  const get = (key: K): V => {
    if (cache.has(key)) return cache.get(key)!;
    if (cache.size >= limit) cache.clear();
    const value = make(key);
    cache.set(key, value);
    return value;
  };
  return Object.assign(get, { clear: () => cache.clear() });
}

// An Intl formatter is built per formatAbsoluteTime call; times repeat across renders.
const absoluteTimes = memoByKey(formatAbsoluteTime);

/** The title of an age cell: the absolute time in the user's zone, or "Unknown time". */
export function absoluteTimeTitle(at: number | null | undefined): string {
  return at == null ? 'Unknown time' : absoluteTimes(at);
}

/** The `datetime` of an age cell's <time>. */
export function isoTime(at: number | null | undefined): string | undefined {
  return at == null ? undefined : new Date(at).toISOString();
}

/** How full a meter's bar is, as a CSS width: used of total, clamped to 0..100%. */
export function meterWidth(used: number, total: number): string {
  const share = total > 0 ? Math.min(1, Math.max(0, used / total)) : 0;
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * Whether a click on a table's link is the browser's to handle: with a modifier key or another
 * button than the first (a new tab or window, a copy). Any other click on a row opens the row.
 */
export function leftToBrowser(event: MouseEvent): boolean {
  return event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0;
}
