/**
 * Where each log line sits in the viewer's scroll space, so only the visible ones are drawn.
 * Without wrapping every line is one row tall; with wrapping a line takes as many rows as its
 * message needs at the viewer's width (monospace: characters per row is exact enough), kept as
 * prefix sums so finding the first visible line is a binary search, and appending lines (a
 * live follow) extends the sums instead of redoing them.
 */
export class LogRowLayout {
  /** offsets[i] = y of line i in rows; offsets[n] = total rows. Only used when wrapping. */
  private offsets = new Float64Array(1);
  private count = 0;
  private charsPerRow: number | null = null;

  /** Lays out `messages` from scratch; charsPerRow null = no wrapping. */
  reset(messages: ArrayLike<{ message: string }>, charsPerRow: number | null): void {
    this.charsPerRow = charsPerRow === null ? null : Math.max(8, Math.floor(charsPerRow));
    this.count = 0;
    this.offsets = new Float64Array(Math.max(16, messages.length + 1));
    this.extend(messages);
  }

  /** Adds the lines after the ones already laid out (the array grew at its end). */
  extend(messages: ArrayLike<{ message: string }>): void {
    if (this.charsPerRow === null) {
      this.count = messages.length;
      return;
    }
    if (messages.length + 1 > this.offsets.length) {
      const bigger = new Float64Array(Math.max(messages.length + 1, this.offsets.length * 2));
      bigger.set(this.offsets.subarray(0, this.count + 1));
      this.offsets = bigger;
    }
    for (let i = this.count; i < messages.length; i++) this.offsets[i + 1] = this.offsets[i] + this.rowsOf(messages[i].message);
    this.count = messages.length;
  }

  get lineCount(): number {
    return this.count;
  }

  get totalRows(): number {
    return this.charsPerRow === null ? this.count : this.offsets[this.count];
  }

  /** The first row of line `i`. */
  rowOf(i: number): number {
    return this.charsPerRow === null ? i : this.offsets[Math.min(i, this.count)];
  }

  /** How many rows line `i` takes. */
  heightOf(i: number): number {
    return this.rowOf(i + 1) - this.rowOf(i);
  }

  /** The line covering `row` (clamped). */
  lineAt(row: number): number {
    if (this.count === 0) return 0;
    if (this.charsPerRow === null) return Math.max(0, Math.min(this.count - 1, Math.floor(row)));
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private rowsOf(message: string): number {
    const cpr = this.charsPerRow ?? 1;
    let rows = 0;
    // Each embedded newline starts a row of its own (stack traces arrive as one event).
    for (const part of message.split('\n')) rows += Math.max(1, Math.ceil(part.length / cpr));
    return rows;
  }
}

/** The lines to draw for a viewport, with `overscan` lines either side. */
export function visibleLines(layout: LogRowLayout, scrollTopPx: number, heightPx: number, rowPx: number, overscan = 10): { first: number; last: number } {
  if (layout.lineCount === 0) return { first: 0, last: -1 };
  const first = Math.max(0, layout.lineAt(scrollTopPx / rowPx) - overscan);
  const last = Math.min(layout.lineCount - 1, layout.lineAt((scrollTopPx + heightPx) / rowPx) + overscan);
  return { first, last };
}
