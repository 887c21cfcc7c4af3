import type { InstanceCell, PlacementModel, PlacementSection, PoolCell } from '../models/placement/placement-model';

/**
 * Where each part of the placement map goes, in pixels: section headings, instance cards in
 * rows, Fargate pools as full-width cards, and every task block inside them. Pure: the same
 * model and width give the same layout. All instance cards share one height (sized for the
 * busiest instance), so a task appearing on one instance does not push the others about.
 */

/** The narrowest instance card: room for an EC2 id, the instance type and both figures. */
export const CARD_W = 248;
export const GAP = 10;
export const PAD = 8;
export const SECTION_H = 30;
export const HEAD_H = 16;
export const BAR_H = 14;
export const BAR_GAP = 4;
export const TASK = 12;
export const TASK_GAP = 3;
/** Rows of task blocks an instance card always has room for. */
export const MIN_TASK_ROWS = 2;

export interface SectionBox {
  kind: 'section';
  x: number;
  y: number;
  w: number;
  h: number;
  section: PlacementSection;
}

export interface InstanceBox {
  kind: 'instance';
  x: number;
  y: number;
  w: number;
  h: number;
  cell: InstanceCell;
  /** Where the task grid starts and how many blocks per row. */
  gridX: number;
  gridY: number;
  cols: number;
}

export interface PoolBox {
  kind: 'pool';
  x: number;
  y: number;
  w: number;
  h: number;
  cell: PoolCell;
  sectionKind: PlacementSection['kind'];
  gridX: number;
  gridY: number;
  cols: number;
}

export type LayoutBox = SectionBox | InstanceBox | PoolBox;

export interface PlacementLayout {
  width: number;
  height: number;
  /** In drawing order, top to bottom: `y` never decreases. */
  boxes: LayoutBox[];
  cardsPerRow: number;
}

export function gridCols(innerWidth: number): number {
  return Math.max(1, Math.floor((innerWidth + TASK_GAP) / (TASK + TASK_GAP)));
}

export function gridHeight(rows: number): number {
  return rows * (TASK + TASK_GAP) - TASK_GAP;
}

/** The top of the task grid inside an instance card: header, CPU bar, memory bar. */
const INSTANCE_GRID_TOP = PAD + HEAD_H + 6 + BAR_H + BAR_GAP + BAR_H + 8;
const POOL_GRID_TOP = PAD + HEAD_H + 6;

/** The pixel rectangle of the i-th task block of a card. */
export function taskPosition(box: InstanceBox | PoolBox, index: number): { x: number; y: number } {
  const col = index % box.cols;
  const row = Math.floor(index / box.cols);
  return { x: box.gridX + col * (TASK + TASK_GAP), y: box.gridY + row * (TASK + TASK_GAP) };
}

export function layoutPlacement(model: PlacementModel, width: number): PlacementLayout {
  const usable = Math.max(CARD_W, width);
  const perRow = Math.max(1, Math.floor((usable + GAP) / (CARD_W + GAP)));
  // Cards stretch to fill the row (never narrower than CARD_W).
  const cardW = Math.floor((usable + GAP) / perRow) - GAP;
  const instanceCols = gridCols(cardW - 2 * PAD);
  const taskRows = Math.max(MIN_TASK_ROWS, Math.ceil(model.maxTasksPerInstance / instanceCols));
  const cardH = INSTANCE_GRID_TOP + gridHeight(taskRows) + PAD;
  const boxes: LayoutBox[] = [];
  let y = 0;

  for (const section of model.sections) {
    boxes.push({ kind: 'section', x: 0, y, w: usable, h: SECTION_H, section });
    y += SECTION_H;
    section.instances.forEach((cell, i) => {
      const col = i % perRow;
      if (i > 0 && col === 0) y += cardH + GAP;
      const x = col * (cardW + GAP);
      boxes.push({ kind: 'instance', x, y, w: cardW, h: cardH, cell, gridX: x + PAD, gridY: y + INSTANCE_GRID_TOP, cols: instanceCols });
    });
    if (section.instances.length) y += cardH + GAP;
    for (const cell of section.pools) {
      const cols = gridCols(usable - 2 * PAD);
      const rows = Math.max(1, Math.ceil(cell.tasks.length / cols));
      const h = POOL_GRID_TOP + gridHeight(rows) + PAD;
      boxes.push({ kind: 'pool', x: 0, y, w: usable, h, cell, sectionKind: section.kind, gridX: PAD, gridY: y + POOL_GRID_TOP, cols });
      y += h + GAP;
    }
    y += 6;
  }
  return { width: usable, height: y, boxes, cardsPerRow: perRow };
}

/** The boxes that show in a window of the map (boxes are sorted by y: binary search the start). */
export function visibleBoxes(layout: PlacementLayout, top: number, height: number): LayoutBox[] {
  const bottom = top + height;
  const boxes = layout.boxes;
  // Boxes never overlap across rows, so their bottom edges grow with y too: find the first
  // whose bottom edge reaches the window.
  let lo = 0;
  let hi = boxes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boxes[mid].y + boxes[mid].h < top) lo = mid + 1;
    else hi = mid;
  }
  const out: LayoutBox[] = [];
  for (let i = lo; i < boxes.length && boxes[i].y < bottom; i++) {
    if (boxes[i].y + boxes[i].h >= top) out.push(boxes[i]);
  }
  return out;
}
