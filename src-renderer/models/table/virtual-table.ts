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
}
