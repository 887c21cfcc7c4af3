import { describe, expect, it } from 'vitest';
import { rowWindow, sameWindow, scrollTopToReveal } from '../../../src-renderer/models/table/virtual-window';

// The services table's numbers: 30 px rows, a 600 px viewport (20 rows), 4 rows of overscan.
const base = { viewportHeight: 600, rowHeight: 30, rowCount: 2000, overscan: 4 };

describe('rowWindow', () => {
  it('at the top renders the visible rows and the overscan below, none above', () => {
    expect(rowWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 24, offsetTop: 0, totalHeight: 60_000 });
  });

  it('in the middle renders the visible rows with overscan on both sides, placed at the first rendered row', () => {
    // scrollTop 3000 = row 100 at the top; rows 100..119 visible.
    expect(rowWindow({ ...base, scrollTop: 3000 })).toEqual({ start: 96, end: 124, offsetTop: 96 * 30, totalHeight: 60_000 });
  });

  it('counts rows partly visible at the top and at the bottom', () => {
    // scrollTop 3015: row 100 half hidden above, row 120 half shown below.
    const w = rowWindow({ ...base, overscan: 0, scrollTop: 3015 });
    expect([w.start, w.end]).toEqual([100, 121]);
  });

  it('at the bottom stops at the last row', () => {
    const w = rowWindow({ ...base, scrollTop: 60_000 - 600 });
    expect([w.start, w.end]).toEqual([1976, 2000]);
  });

  it('clamps a scrollTop beyond the rows (the list shrank under a scrolled viewport) to the last page', () => {
    const w = rowWindow({ ...base, rowCount: 50, scrollTop: 30_000 });
    // 50 rows = 1500 px; the last page starts at 900 px = row 30.
    expect([w.start, w.end, w.offsetTop]).toEqual([26, 50, 26 * 30]);
  });

  it('renders every row of a list shorter than the viewport', () => {
    const w = rowWindow({ ...base, rowCount: 7, scrollTop: 0 });
    expect([w.start, w.end, w.totalHeight]).toEqual([0, 7, 210]);
  });

  it('renders nothing for no rows, and treats a negative scrollTop (overscroll) as 0', () => {
    expect(rowWindow({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    expect(rowWindow({ ...base, scrollTop: -40 }).start).toBe(0);
  });

  it('renders at least one row before the viewport has a height (not yet laid out)', () => {
    const w = rowWindow({ ...base, viewportHeight: 0, overscan: 0, scrollTop: 0 });
    expect([w.start, w.end]).toEqual([0, 1]);
  });

  it('sameWindow tells a scroll inside the same rows from one that needs a new render', () => {
    // 3005 and 3020: row 100 at the top, row 120 partly in view at the bottom, in both.
    const a = rowWindow({ ...base, scrollTop: 3005 });
    expect(sameWindow(a, rowWindow({ ...base, scrollTop: 3020 }))).toBe(true);
    expect(sameWindow(a, rowWindow({ ...base, scrollTop: 3030 }))).toBe(false);
    expect(sameWindow(a, rowWindow({ ...base, rowCount: 1999, scrollTop: 3005 }))).toBe(false);
  });
});

describe('scrollTopToReveal', () => {
  it('leaves a row already fully in view where it is', () => {
    expect(scrollTopToReveal(105, 3000, 600, 30)).toBeNull();
    expect(scrollTopToReveal(100, 3000, 600, 30)).toBeNull();
    expect(scrollTopToReveal(119, 3000, 600, 30)).toBeNull();
  });

  it('scrolls up just enough to put a row above the viewport at its top', () => {
    expect(scrollTopToReveal(99, 3000, 600, 30)).toBe(2970);
  });

  it('scrolls down just enough to put a row below the viewport at its bottom', () => {
    expect(scrollTopToReveal(120, 3000, 600, 30)).toBe(3030);
    expect(scrollTopToReveal(1999, 0, 600, 30)).toBe(60_000 - 600);
  });

  it('brings a half-hidden row fully into view', () => {
    expect(scrollTopToReveal(100, 3015, 600, 30)).toBe(3000);
    expect(scrollTopToReveal(120, 3015, 600, 30)).toBe(3030);
  });
});
