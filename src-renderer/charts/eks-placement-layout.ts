import type { EksPlacementModel, NodeCell, NodeGroupBlock, PlacementSectionEks, PoolCell } from '../models/eks/eks-placement';
import { BAR_GAP, BAR_H, cardPositions, cardRow, GAP, gridCols, gridHeight, HEAD_H, MIN_TASK_ROWS, PAD, poolGrid, POOL_GRID_TOP, SECTION_H } from './placement-layout';

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

export function layoutEksPlacement(model: EksPlacementModel, width: number): EksPlacementLayout {
  const row = cardRow(width);
  const nodeCols = gridCols(row.cardW - 2 * PAD);
  const rows = Math.max(MIN_TASK_ROWS, Math.ceil(model.maxPodsPerNode / nodeCols));
  const cardH = NODE_GRID_TOP + gridHeight(rows) + PAD;
  const boxes: EksLayoutBox[] = [];
  let y = 0;
  for (const section of model.sections) {
    boxes.push({ kind: 'section', x: 0, y, w: row.usable, h: SECTION_H, section });
    y += SECTION_H;
    const nodes = section.groups.flatMap((g: NodeGroupBlock) => g.nodes);
    const cards = cardPositions(nodes.length, y, row, cardH);
    nodes.forEach((cell, i) => {
      const { x, y: top } = cards.at[i];
      boxes.push({ kind: 'node', x, y: top, w: row.cardW, h: cardH, cell, gridX: x + PAD, gridY: top + NODE_GRID_TOP, cols: nodeCols });
    });
    y = cards.next;
    for (const group of section.groups) {
      for (const cell of group.pools) {
        const { cols, h } = poolGrid(cell.blocks.length, row.usable);
        boxes.push({ kind: 'pool', x: 0, y, w: row.usable, h, cell, pending: section.kind === 'pending', gridX: PAD, gridY: y + POOL_GRID_TOP, cols });
        y += h + GAP;
      }
    }
    y += 6;
  }
  return { width: row.usable, height: y, boxes, cardsPerRow: row.perRow };
}
