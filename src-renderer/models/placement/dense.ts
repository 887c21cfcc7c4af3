import type { ThemeName } from '../../theme/states';
import { share } from './figures';
import { byText, type InstanceCell, type PlacementModel, type PlacementSection } from './placement-model';

/**
 * The dense placement map's model: every instance one small cell, grouped by zone as the card
 * map groups them, sorted by fullness or by name. A cell carries its CPU and memory shares
 * (each drawn as a bar in a fullness colour) and, when a service is highlighted, how many of
 * that service's tasks it runs; instances that run none of it are left out, so the ones that
 * matter are the only ones on screen. Pure: the same model, sort and highlight give the same
 * cells in the same order.
 */

/** Above this many instances the map starts dense; the user can switch either way. */
export const DENSE_ABOVE = 60;

export type DenseSort = 'fullness' | 'name';

export interface DenseCell {
  cell: InstanceCell;
  /** Reserved share of registered, 0..1. */
  cpu: number;
  memory: number;
  /** The larger of the two: what "full" means for placing one more task. */
  fullness: number;
  /** Tasks of the highlighted service on this instance (0 without a highlight). */
  highlighted: number;
}

export interface DenseGroup {
  key: string;
  title: string;
  cells: DenseCell[];
  /** Instances of the group before the highlight left some out. */
  instanceCount: number;
  /** Tasks on Fargate in this zone (of the highlighted service, when one is). */
  fargateTasks: number;
  /** Tasks waiting for an instance (the "not placed yet" section). */
  waitingTasks: number;
}

export interface DenseModel {
  groups: DenseGroup[];
  /** Cells shown, over all groups. */
  shown: number;
  /** Instances on the map before the highlight. */
  instances: number;
  /** With a highlight: its tasks on the instances shown, on Fargate, and waiting. */
  highlight: { service: string; instances: number; tasks: number; fargateTasks: number; waitingTasks: number } | null;
}

function countOf(tasks: InstanceCell['tasks'], service: string): number {
  let n = 0;
  for (const t of tasks) if (t.serviceKey === service) n++;
  return n;
}

export function denseCellOf(cell: InstanceCell, highlight: string | null): DenseCell {
  const cpu = share(cell.cpu.reserved, cell.cpu.registered);
  const memory = share(cell.memory.reserved, cell.memory.registered);
  return { cell, cpu, memory, fullness: Math.max(cpu, memory), highlighted: highlight ? countOf(cell.tasks, highlight) : 0 };
}

function sortCells(cells: DenseCell[], sort: DenseSort): DenseCell[] {
  // The model's instances are already in name order; a stable sort keeps it among equals.
  if (sort === 'fullness') cells.sort((a, b) => b.fullness - a.fullness || b.cpu + b.memory - (a.cpu + a.memory));
  else cells.sort((a, b) => byText(a.cell.label, b.cell.label) || byText(a.cell.id, b.cell.id));
  return cells;
}

function groupOf(section: PlacementSection, sort: DenseSort, highlight: string | null): DenseGroup {
  const cells: DenseCell[] = [];
  for (const instance of section.instances) {
    const d = denseCellOf(instance, highlight);
    if (!highlight || d.highlighted > 0) cells.push(d);
  }
  let fargateTasks = 0;
  let waitingTasks = 0;
  for (const pool of section.pools) {
    const n = highlight ? countOf(pool.tasks, highlight) : pool.tasks.length;
    if (section.kind === 'unplaced') waitingTasks += n;
    else fargateTasks += n;
  }
  return { key: section.key, title: section.title, cells: sortCells(cells, sort), instanceCount: section.instances.length, fargateTasks, waitingTasks };
}

export function buildDenseModel(model: PlacementModel, sort: DenseSort, highlight: string | null): DenseModel {
  const all = model.sections.map((s) => groupOf(s, sort, highlight));
  const groups = highlight ? all.filter((g) => g.cells.length > 0 || g.fargateTasks > 0 || g.waitingTasks > 0) : all;
  const shown = groups.reduce((n, g) => n + g.cells.length, 0);
  const instances = all.reduce((n, g) => n + g.instanceCount, 0);
  const summary = highlight
    ? {
        service: highlight,
        instances: shown,
        tasks: groups.reduce((n, g) => n + g.cells.reduce((m, c) => m + c.highlighted, 0), 0),
        fargateTasks: groups.reduce((n, g) => n + g.fargateTasks, 0),
        waitingTasks: groups.reduce((n, g) => n + g.waitingTasks, 0),
      }
    : null;
  return { groups, shown, instances, highlight: summary };
}

/**
 * Fullness as colour: five steps of one hue (no state colour: a full instance is not a
 * fault), from barely there to strong, each step readable against the theme's surface.
 */
export const FULLNESS_STEPS: Record<ThemeName, readonly string[]> = {
  dark: ['#5a6f96', '#6a88bd', '#82a2da', '#a0bdf0', '#c8dbfb'],
  light: ['#98b0d9', '#7896cb', '#5679b8', '#3a5ea0', '#1f3f7d'],
};

/** The step of a share: 0–20 %, 20–40 %, … 80–100 %. */
export function fullnessStep(fraction: number): number {
  return Math.min(4, Math.max(0, Math.floor(fraction * 5)));
}

export function fullnessColour(fraction: number, theme: ThemeName): string {
  return FULLNESS_STEPS[theme][fullnessStep(fraction)];
}

/** Whole percent, for labels and `data-*` figures. */
export function percent(fraction: number): number {
  return Math.round(fraction * 100);
}
