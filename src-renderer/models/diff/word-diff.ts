/**
 * Word diff of two short values (an image URI, an ARN, a command line): each split into words
 * at `/ : @ , =` and spaces, the common words at the start and at the end kept, and the words
 * between marked as changed. A rollback from `…/ledger:v2.9.1` to `…/ledger:v2.9.0` marks the
 * tags `v2.9.1` and `v2.9.0` whole, not the 60 characters of registry in front of them.
 */

export interface DiffPart {
  text: string;
  changed: boolean;
  /** A separator the line may wrap after, so a word (a tag) is never cut in the middle. */
  breakAfter: boolean;
}

const SPLIT = /([/:@,=\s])/;

/** Words and the single separators between them, in order: `r.io/app:v1.2` → r.io / app : v1.2. */
export function tokens(text: string): string[] {
  return text.split(SPLIT).filter((t) => t !== '');
}

function parts(list: string[], from: number, to: number): DiffPart[] {
  return list.map((text, i) => ({ text, changed: i >= from && i < to, breakAfter: text.length === 1 && SPLIT.test(text) }));
}

/** The two values split into parts, the changed run of words marked on each side. */
export function wordDiff(before: string, after: string): { before: DiffPart[]; after: DiffPart[] } {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { before: parts(a, start, a.length - end), after: parts(b, start, b.length - end) };
}
