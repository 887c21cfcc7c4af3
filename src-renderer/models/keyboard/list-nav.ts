/**
 * Where the selection goes in a list when a key is pressed: j/k and the arrows move one row,
 * PgUp/PgDn a page, Home/End (and "G") to the ends, Enter opens. Pure, so the composable that
 * tables use stays a thin wrapper.
 */

export type ListMove = { kind: 'move'; index: number } | { kind: 'open'; index: number } | { kind: 'ignore' };

/** `current` is -1 when nothing is selected yet: the first move selects the first row. */
export function moveInList(current: number, chord: string, count: number, pageSize = 20): ListMove {
  if (count <= 0) return { kind: 'ignore' };
  const last = count - 1;
  const from = Math.min(current, last);
  const clamp = (i: number): ListMove => ({ kind: 'move', index: Math.max(0, Math.min(last, i)) });
  switch (chord) {
    case 'j':
    case 'ArrowDown':
      return clamp(from < 0 ? 0 : from + 1);
    case 'k':
    case 'ArrowUp':
      return clamp(from < 0 ? 0 : from - 1);
    case 'PageDown':
      return clamp(from < 0 ? 0 : from + pageSize);
    case 'PageUp':
      return clamp(from - pageSize);
    case 'Home':
      return clamp(0);
    case 'End':
    case 'G':
      return clamp(last);
    case 'Enter':
      return from < 0 ? { kind: 'ignore' } : { kind: 'open', index: from };
    default:
      return { kind: 'ignore' };
  }
}
