/**
 * The arithmetic of a virtual list with rows of one fixed height: which rows to render for a
 * scroll position, and where to scroll so a row is in view. Pure, so it is unit-tested apart
 * from the DOM (tests/unit/renderer/virtual-window.test.ts).
 *
 * Coordinates are the rows' own: row i spans [i * rowHeight, (i + 1) * rowHeight). The
 * viewport is the part of the scroller the rows can show, i.e. without a sticky header.
 */

export interface WindowInput {
  /** The scroller's scrollTop, in the rows' coordinates. */
  scrollTop: number;
  /** The height the rows can be seen in (the scroller's client height minus a sticky header). */
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below the visible ones, so a small scroll shows no gap. */
  overscan: number;
}

export interface RowWindow {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Where the first rendered row sits: start * rowHeight. */
  offsetTop: number;
  /** The height of all the rows: what the scroller must be able to scroll through. */
  totalHeight: number;
}

/**
 * The rows to render. The scroll position is clamped to what the rows allow, so a list that
 * just shrank under a scrolled viewport (a filter typed) renders its last rows, not nothing.
 */
export function rowWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: WindowInput): RowWindow {
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: Math.max(0, totalHeight) };
  const viewport = Math.max(0, viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewport));
  const firstVisible = Math.floor(top / rowHeight);
  // A row partly visible at the bottom counts; at least one row even in a zero-height viewport.
  const lastVisible = Math.max(firstVisible + 1, Math.ceil((top + viewport) / rowHeight));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, lastVisible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/**
 * The scrollTop that brings row `index` fully into view with the least movement, or null
 * when it already is (so moving the keyboard's selection inside the viewport never jumps).
 */
export function scrollTopToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return null;
}

/** Two windows render the same rows at the same place (so nothing needs to render again). */
export function sameWindow(a: RowWindow, b: RowWindow): boolean {
  return a.start === b.start && a.end === b.end && a.totalHeight === b.totalHeight;
}
