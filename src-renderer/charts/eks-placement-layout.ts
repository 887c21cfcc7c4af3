import type { EksPlacementModel, NodeCell, NodeGroupBlock, PlacementSectionEks, PoolCell } from '../models/eks/eks-placement';
import { BAR_GAP, BAR_H, CARD_W, GAP, gridCols, gridHeight, HEAD_H, MIN_TASK_ROWS, PAD, SECTION_H, TASK, TASK_GAP } from './placement-layout';

/**
 * Where each part of the EKS placement map goes, in pixels, with the ECS map's measures:
 * zone headings, then the zone's node cards in rows, node group by node group (each card
 * names its group: rows stay full however the groups split), with CPU, memory and pods bars
 * over the pod blocks; Fargate and Pending pools as full-width cards. Pure; every node card
 * has the same height (sized for the busiest node) so a pod appearing never pushes the
 * others about.
 */
/** The line under a card's name: its node group and capacity type. */
export const GROUP_LINE_H = 14;
/** Name line, group line, CPU bar, memory bar, pods bar, then the blocks. */
const NODE_GRID_TOP = PAD + HEAD_H + GROUP_LINE_H + 6 + 3 * BAR_H + 2 * BAR_GAP + 8;
const POOL_GRID_TOP = PAD + HEAD_H + 6;

export interface EksSectionBox {
  kind: 'section';
  x: number;
  y: number;
  w: number;
  h: number;
  section: PlacementSectionEks;
}

export interface EksNodeBox {
  kind: 'node';
  x: number;
  y: number;
  w: number;
  h: number;
  cell: NodeCell;
  gridX: number;
  gridY: number;
  cols: number;
}

export interface EksPoolBox {
  kind: 'pool';
  x: number;
  y: number;
  w: number;
  h: number;
  cell: PoolCell;
  pending: boolean;
  gridX: number;
  gridY: number;
  cols: number;
}

export type EksLayoutBox = EksSectionBox | EksNodeBox | EksPoolBox;

export interface EksPlacementLayout {
  width: number;
  height: number;
  /** In drawing order, top to bottom. */
  boxes: EksLayoutBox[];
  cardsPerRow: number;
}

export function blockPosition(box: EksNodeBox | EksPoolBox, index: number): { x: number; y: number } {
  const col = index % box.cols;
  const row = Math.floor(index / box.cols);
  return { x: box.gridX + col * (TASK + TASK_GAP), y: box.gridY + row * (TASK + TASK_GAP) };
}

export function layoutEksPlacement(model: EksPlacementModel, width: number): EksPlacementLayout {
  const usable = Math.max(CARD_W, width);
  const perRow = Math.max(1, Math.floor((usable + GAP) / (CARD_W + GAP)));
  const cardW = Math.floor((usable + GAP) / perRow) - GAP;
  const nodeCols = gridCols(cardW - 2 * PAD);
  const rows = Math.max(MIN_TASK_ROWS, Math.ceil(model.maxPodsPerNode / nodeCols));
  const cardH = NODE_GRID_TOP + gridHeight(rows) + PAD;
  const boxes: EksLayoutBox[] = [];
  let y = 0;
  for (const section of model.sections) {
    boxes.push({ kind: 'section', x: 0, y, w: usable, h: SECTION_H, section });
    y += SECTION_H;
    const nodes = section.groups.flatMap((g: NodeGroupBlock) => g.nodes);
    nodes.forEach((cell, i) => {
      const col = i % perRow;
      if (i > 0 && col === 0) y += cardH + GAP;
      const x = col * (cardW + GAP);
      boxes.push({ kind: 'node', x, y, w: cardW, h: cardH, cell, gridX: x + PAD, gridY: y + NODE_GRID_TOP, cols: nodeCols });
    });
    if (nodes.length) y += cardH + GAP;
    for (const group of section.groups) {
      for (const cell of group.pools) {
        const cols = gridCols(usable - 2 * PAD);
        const h = POOL_GRID_TOP + gridHeight(Math.max(1, Math.ceil(cell.blocks.length / cols))) + PAD;
        boxes.push({ kind: 'pool', x: 0, y, w: usable, h, cell, pending: section.kind === 'pending', gridX: PAD, gridY: y + POOL_GRID_TOP, cols });
        y += h + GAP;
      }
    }
    y += 6;
  }
  return { width: usable, height: y, boxes, cardsPerRow: perRow };
}

/** The boxes in a window of the map (boxes are sorted by y: binary search the start). */
export function visibleEksBoxes(layout: EksPlacementLayout, top: number, height: number): EksLayoutBox[] {
  const bottom = top + height;
  const boxes = layout.boxes;
  let lo = 0;
  let hi = boxes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boxes[mid].y + boxes[mid].h < top) lo = mid + 1;
    else hi = mid;
  }
  const out: EksLayoutBox[] = [];
  for (let i = lo; i < boxes.length && boxes[i].y < bottom; i++) if (boxes[i].y + boxes[i].h >= top) out.push(boxes[i]);
  return out;
}
