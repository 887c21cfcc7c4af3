/** The column and sort types of BaseVirtualTable.vue (a .ts module so parents can import them). */

export type SortOrder = 'ascend' | 'descend';

export interface VirtualColumn {
  /** Names the cell slot (`#cell-<key>`) and, without a slot, the row field shown as text. */
  key: string;
  title: string;
  /** A fixed width (px); or, without one, `minWidth` (px) and a share of the spare width. */
  width?: number;
  minWidth?: number;
  align?: 'left' | 'right' | 'center';
  /** A header click emits `sort` with this key. */
  sortable?: boolean;
  /**
   * When the table is narrower than its columns need, columns with a drop order are left out,
   * the lowest first, until the rest fit (those without one always stay).
   */
  dropOrder?: number;
}

/** The columns that fit `width` px: the droppable ones left out, lowest drop order first, until the rest fit. */
export function columnsThatFit<C extends Pick<VirtualColumn, 'width' | 'minWidth' | 'dropOrder'>>(columns: readonly C[], width: number): C[] {
  const need = (c: C) => c.width ?? c.minWidth ?? 80;
  let shown = [...columns];
  if (width <= 0) return shown;
  const droppable = columns.filter((c) => c.dropOrder !== undefined).sort((a, b) => a.dropOrder! - b.dropOrder!);
  for (const c of droppable) {
    if (shown.reduce((sum, x) => sum + need(x), 0) <= width) break;
    shown = shown.filter((x) => x !== c);
  }
  return shown;
}
