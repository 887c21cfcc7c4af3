import { ref, watch, type Ref } from 'vue';
import { moveInList } from '../models/keyboard/list-nav';
import type { Shortcut } from '../stores/shortcuts';
import { useShortcuts } from './useShortcuts';

export interface ListNavigationOptions {
  /** How many rows the list shows now (after filtering). */
  count: Ref<number>;
  /** Enter on a row. */
  onOpen: (index: number) => void;
  /** After a move, e.g. to scroll the row into view in a virtual table. */
  onMove?: (index: number) => void;
  pageSize?: number;
}

/**
 * j/k, arrows, PgUp/PgDn, Home/End and Enter for a list or table. The selection is an index
 * into the rows as shown; it stays in range when the list shrinks.
 */
export function useListNavigation(opts: ListNavigationOptions): { activeIndex: Ref<number> } {
  const activeIndex = ref(-1);

  watch(opts.count, (count) => {
    if (activeIndex.value >= count) activeIndex.value = count - 1;
  });

  function press(chord: string): void {
    const move = moveInList(activeIndex.value, chord, opts.count.value, opts.pageSize);
    if (move.kind === 'move') {
      activeIndex.value = move.index;
      opts.onMove?.(move.index);
    } else if (move.kind === 'open') {
      opts.onOpen(move.index);
    }
  }

  const binding = (id: string, keys: string[], description: string, chord: string): Shortcut => ({
    id: `list.${id}`,
    keys,
    description,
    group: 'Lists',
    run: () => press(chord),
  });

  useShortcuts(
    binding('next', ['j', 'ArrowDown'], 'Next row', 'j'),
    binding('previous', ['k', 'ArrowUp'], 'Previous row', 'k'),
    binding('page-down', ['PageDown'], 'A page down', 'PageDown'),
    binding('page-up', ['PageUp'], 'A page up', 'PageUp'),
    binding('first', ['Home'], 'First row', 'Home'),
    binding('last', ['End', 'G'], 'Last row', 'End'),
    binding('open', ['Enter'], 'Open the selected row', 'Enter'),
  );

  return { activeIndex };
}
