import { describe, expect, it } from 'vitest';
import { chartPalette } from '../../../src-renderer/charts/chart-theme';
import { countsLine, sectionHeading } from '../../../src-renderer/charts/placement-draw';
import { CARD_W, cardPositions, cardRow, GAP, poolGrid, visibleBoxes } from '../../../src-renderer/charts/placement-layout';

describe('what the ECS and EKS placement maps share', () => {
  it('lays cards in rows that stretch to the width, never narrower than a card', () => {
    expect(cardRow(100)).toEqual({ usable: CARD_W, perRow: 1, cardW: CARD_W });
    const row = cardRow(1000);
    expect(row.perRow).toBe(3);
    expect(row.perRow * row.cardW + (row.perRow - 1) * GAP).toBeLessThanOrEqual(1000);
    const { at, next } = cardPositions(4, 30, row, 100);
    expect(at).toEqual([{ x: 0, y: 30 }, { x: row.cardW + GAP, y: 30 }, { x: 2 * (row.cardW + GAP), y: 30 }, { x: 0, y: 30 + 100 + GAP }]);
    expect(next).toBe(30 + 2 * (100 + GAP));
    expect(cardPositions(0, 30, row, 100).next).toBe(30);
    expect(poolGrid(0, 1000).h).toBe(poolGrid(1, 1000).h);
    expect(poolGrid(poolGrid(0, 1000).cols + 1, 1000).h).toBeGreaterThan(poolGrid(1, 1000).h);
  });

  it('finds the boxes in a window, and writes headings and tooltip counts alike', () => {
    const boxes = [0, 100, 200, 300].map((y) => ({ y, h: 90 }));
    expect(visibleBoxes(boxes, 150, 100)).toEqual([{ y: 100, h: 90 }, { y: 200, h: 90 }]);
    const p = chartPalette('dark');
    const [plain] = sectionHeading({ y: 0, w: 500, h: 30 }, 0, p, { title: 'us-east-1a {x}', counts: '3 nodes' }) as Array<{ style: { text: string } }>;
    expect(plain.style.text).toBe('{t|us-east-1a x}   {c|3 nodes}');
    const [warn] = sectionHeading({ y: 0, w: 500, h: 30 }, 0, p, { title: 'Pending', counts: '2 pods', warn: true }) as Array<{ style: { text: string } }>;
    expect(warn.style.text).toBe('{w|▲ Pending}   {c|2 pods}');
    expect(countsLine(['web', 'api', 'web'], 'task')).toBe('<div><span style="opacity:.7">3 tasks</span> web 2, api 1</div>');
    expect(countsLine([], 'pod')).toBe('<div><span style="opacity:.7">pods</span> none</div>');
  });
});
