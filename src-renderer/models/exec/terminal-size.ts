/**
 * Terminal geometry without the DOM: which grid a pane holds, whether a proposal is worth a
 * resize, and a sender that tells main the newest size once the user stops dragging.
 */

export interface GridSize {
  cols: number;
  rows: number;
}

/** What the contract accepts (exec.resize): 1 to 1000 each way. */
export const MIN_GRID = 1;
export const MAX_GRID = 1000;
export const DEFAULT_GRID: GridSize = { cols: 80, rows: 24 };

/**
 * A proposal from the fit addon (or any measurement) made usable: whole numbers within the
 * contract's bounds, and null for a pane that is hidden or not laid out yet (0 × 0), so a
 * collapsed dock never shrinks a shell to one column.
 */
export function usableGrid(proposal: { cols: number; rows: number } | null | undefined): GridSize | null {
  if (!proposal) return null;
  const { cols, rows } = proposal;
  if (!Number.isFinite(cols) || !Number.isFinite(rows) || cols < 2 || rows < 1) return null;
  const clamp = (n: number) => Math.min(MAX_GRID, Math.max(MIN_GRID, Math.floor(n)));
  return { cols: clamp(cols), rows: clamp(rows) };
}

/** The grid a pane of this many pixels holds with cells of this size (the fit addon's rule). */
export function gridForPane(pane: { width: number; height: number }, cell: { width: number; height: number }, scrollbarWidth = 0): GridSize | null {
  if (cell.width <= 0 || cell.height <= 0) return null;
  return usableGrid({ cols: (pane.width - scrollbarWidth) / cell.width, rows: pane.height / cell.height });
}

export function sameGrid(a: GridSize | null | undefined, b: GridSize | null | undefined): boolean {
  return !!a && !!b && a.cols === b.cols && a.rows === b.rows;
}

export interface ResizeSender {
  /** The terminal's grid changed; main hears the newest one after the quiet period. */
  propose(size: GridSize): void;
  /** The size the shell was started with (or last told), so an unchanged size is not resent. */
  markSent(size: GridSize): void;
  /** Sends now whatever is pending (a new session became known). */
  flush(): void;
  dispose(): void;
}

/**
 * Debounces resizes: a drag of the dock fires dozens of observations, the shell needs one
 * SIGWINCH at the end. `send` returns false while there is no session to tell (the size is
 * kept and sent on `flush`).
 */
export function createResizeSender(send: (size: GridSize) => boolean, delayMs = 120, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis): ResizeSender {
  let pending: GridSize | null = null;
  let sent: GridSize | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    if (timer) timers.clearTimeout(timer);
    timer = null;
    if (!pending || sameGrid(pending, sent)) return;
    if (send(pending)) {
      sent = pending;
      pending = null;
    }
  }

  return {
    propose(size) {
      pending = size;
      if (timer) timers.clearTimeout(timer);
      timer = timers.setTimeout(flush, delayMs);
    },
    markSent(size) {
      sent = size;
    },
    flush,
    dispose() {
      if (timer) timers.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

/** Font sizes the terminal steps through with Ctrl+= and Ctrl+-. */
export const FONT_SIZE_DEFAULT = 13;
export const FONT_SIZE_MIN = 8;
export const FONT_SIZE_MAX = 32;

export function stepFontSize(current: number, step: 1 | -1 | 0): number {
  if (step === 0) return FONT_SIZE_DEFAULT;
  return Math.min(FONT_SIZE_MAX, Math.max(FONT_SIZE_MIN, current + step));
}
