/**
 * Fuzzy matching for the jump box: the query's characters must appear in order in the label;
 * matches at word starts, consecutive runs and an early start rank higher, so "chk" finds
 * "checkout" before "cache-hook" and "pay web" finds "payments / web".
 */

export interface Ranked<T> {
  item: T;
  score: number;
  /** Indexes of the label's matched characters, for highlighting. */
  positions: number[];
}

const WORD_BREAK = /[\s\-_/.:·]/;

/** A score (higher is better) or null when the label does not contain the query in order. */
export function fuzzyMatch(query: string, label: string): { score: number; positions: number[] } | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q.length === 0) return { score: 0, positions: [] };
  const text = label.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = findBest(text, ch, from, previous);
    if (at < 0) return null;
    const wordStart = at === 0 || WORD_BREAK.test(text[at - 1]!);
    score += 1;
    if (at === previous + 1) score += 4;
    else if (previous >= 0) score -= Math.min(3, (at - previous - 1) * 0.2); // scattered letters rank low
    if (wordStart) score += 3;
    positions.push(at);
    previous = at;
    from = at + 1;
  }
  score -= positions[0]! * 0.1; // earlier is better
  score -= (label.length - q.length) * 0.01; // shorter labels win ties
  if (text.startsWith(q)) score += 5;
  return { score, positions };
}

/** Prefer the next character right after the previous match, then a word start, then any. */
function findBest(text: string, ch: string, from: number, previous: number): number {
  if (text[previous + 1] === ch && previous + 1 >= from) return previous + 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === ch && (i === 0 || WORD_BREAK.test(text[i - 1]!))) return i;
  }
  return text.indexOf(ch, from);
}

/** The items whose label matches, best first; ties keep their given order. */
export function rankByQuery<T>(items: readonly T[], query: string, labelOf: (item: T) => string, limit = 50): Ranked<T>[] {
  const ranked: Array<Ranked<T> & { order: number }> = [];
  items.forEach((item, order) => {
    const m = fuzzyMatch(query, labelOf(item));
    if (m) ranked.push({ item, score: m.score, positions: m.positions, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  // When something matches well, letters scattered across a long label are noise.
  const best = ranked[0]?.score ?? 0;
  const kept = best > 8 ? ranked.filter((r) => r.score >= best * 0.4) : ranked;
  return kept.slice(0, limit).map(({ item, score, positions }) => ({ item, score, positions }));
}
