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

/** A card's grid of blocks (tasks, pods): where it starts and how many blocks a row. */
export interface BlockGrid {
  gridX: number;
  gridY: number;
  cols: number;
}

/** The cards of a row: the usable width, how many fit (never narrower than CARD_W) and how wide each stretches. */
export interface CardRow {
  usable: number;
  perRow: number;
  cardW: number;
}

export function cardRow(width: number): CardRow {
  const usable = Math.max(CARD_W, width);
  const perRow = Math.max(1, Math.floor((usable + GAP) / (CARD_W + GAP)));
  return { usable, perRow, cardW: Math.floor((usable + GAP) / perRow) - GAP };
}

/**
 * Cards of one height laid in rows from `y`: where each goes, and the `y` below the last row
 * (`y` itself when there are none).
 */
export function cardPositions(count: number, y: number, row: CardRow, cardH: number): { at: Array<{ x: number; y: number }>; next: number } {
  const at: Array<{ x: number; y: number }> = [];
  let top = y;
  for (let i = 0; i < count; i++) {
    const col = i % row.perRow;
    if (i > 0 && col === 0) top += cardH + GAP;
    at.push({ x: col * (row.cardW + GAP), y: top });
  }
  return { at, next: count ? top + cardH + GAP : y };
}

/** The top of the block grid inside a full-width pool card (Fargate, waiting, pending): its title line. */
export const POOL_GRID_TOP = PAD + HEAD_H + 6;

/** A full-width pool card of `blocks` blocks: its block columns and height. */
export function poolGrid(blocks: number, usable: number): { cols: number; h: number } {
  const cols = gridCols(usable - 2 * PAD);
  return { cols, h: POOL_GRID_TOP + gridHeight(Math.max(1, Math.ceil(blocks / cols))) + PAD };
}

export function gridCols(innerWidth: number): number {
  return Math.max(1, Math.floor((innerWidth + TASK_GAP) / (TASK + TASK_GAP)));
}

export function gridHeight(rows: number): number {
  return rows * (TASK + TASK_GAP) - TASK_GAP;
}

/** The top of the task grid inside an instance card: header, CPU bar, memory bar. */
const INSTANCE_GRID_TOP = PAD + HEAD_H + 6 + BAR_H + BAR_GAP + BAR_H + 8;

/** The pixel position of the i-th block (task, pod) of a card. */
export function blockPosition(box: BlockGrid, index: number): { x: number; y: number } {
  const col = index % box.cols;
  const row = Math.floor(index / box.cols);
  return { x: box.gridX + col * (TASK + TASK_GAP), y: box.gridY + row * (TASK + TASK_GAP) };
}

export function layoutPlacement(model: PlacementModel, width: number): PlacementLayout {
  const row = cardRow(width);
  const instanceCols = gridCols(row.cardW - 2 * PAD);
  const taskRows = Math.max(MIN_TASK_ROWS, Math.ceil(model.maxTasksPerInstance / instanceCols));
  const cardH = INSTANCE_GRID_TOP + gridHeight(taskRows) + PAD;
  const boxes: LayoutBox[] = [];
  let y = 0;

  for (const section of model.sections) {
    boxes.push({ kind: 'section', x: 0, y, w: row.usable, h: SECTION_H, section });
    y += SECTION_H;
    const cards = cardPositions(section.instances.length, y, row, cardH);
    section.instances.forEach((cell, i) => {
      const { x, y: top } = cards.at[i];
      boxes.push({ kind: 'instance', x, y: top, w: row.cardW, h: cardH, cell, gridX: x + PAD, gridY: top + INSTANCE_GRID_TOP, cols: instanceCols });
    });
    y = cards.next;
    for (const cell of section.pools) {
      const { cols, h } = poolGrid(cell.tasks.length, row.usable);
      boxes.push({ kind: 'pool', x: 0, y, w: row.usable, h, cell, sectionKind: section.kind, gridX: PAD, gridY: y + POOL_GRID_TOP, cols });
      y += h + GAP;
    }
    y += 6;
  }
  return { width: row.usable, height: y, boxes, cardsPerRow: row.perRow };
}

/**
 * The boxes that show in a window of a map, `boxes` in drawing order (y never decreasing):
 * binary search the start. Boxes never overlap across rows, so their bottom edges grow with y
 * too: find the first whose bottom edge reaches the window.
 */
export function visibleBoxes<B extends { y: number; h: number }>(boxes: readonly B[], top: number, height: number): B[] {
  const bottom = top + height;
  let lo = 0;
  let hi = boxes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boxes[mid].y + boxes[mid].h < top) lo = mid + 1;
    else hi = mid;
  }
  const out: B[] = [];
  for (let i = lo; i < boxes.length && boxes[i].y < bottom; i++) {
    if (boxes[i].y + boxes[i].h >= top) out.push(boxes[i]);
  }
  return out;
}
