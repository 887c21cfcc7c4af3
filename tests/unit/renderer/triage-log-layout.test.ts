import { describe, expect, it } from 'vitest';
import { LogRowLayout, visibleLines } from '../../../src-renderer/models/logs/log-row-layout';

const lines = (messages: string[]) => messages.map((message) => ({ message }));

describe('log row layout (virtualization)', () => {
  it('without wrapping: one row per line, and only the visible window is drawn', () => {
    const layout = new LogRowLayout();
    const many = lines(Array.from({ length: 100_000 }, (_, i) => `line ${i}`));
    layout.reset(many, null);
    expect(layout.totalRows).toBe(100_000);
    const { first, last } = visibleLines(layout, 50_000 * 18, 360, 18, 10);
    expect(first).toBe(49_990);
    expect(last - first + 1).toBeLessThan(50);
  });

  it('with wrapping: a long line takes several rows; finding a line by its row is exact', () => {
    const layout = new LogRowLayout();
    layout.reset(lines(['short', 'x'.repeat(250), 'a\nb\nc', 'end']), 100);
    expect([0, 1, 2, 3].map((i) => layout.heightOf(i))).toEqual([1, 3, 3, 1]);
    expect(layout.totalRows).toBe(8);
    expect([0, 1, 3, 4, 6, 7].map((r) => layout.lineAt(r))).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it('appending lines (a live follow) extends the layout like a full reset would', () => {
    const all = lines(Array.from({ length: 5000 }, (_, i) => 'y'.repeat(i % 300)));
    const grown = new LogRowLayout();
    grown.reset(all.slice(0, 10), 80);
    for (let n = 10; n <= all.length; n += 997) grown.extend(all.slice(0, n));
    grown.extend(all);
    const fresh = new LogRowLayout();
    fresh.reset(all, 80);
    expect(grown.totalRows).toBe(fresh.totalRows);
    expect(grown.rowOf(4321)).toBe(fresh.rowOf(4321));
  });
});
