import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';

export type PaletteKind = 'view' | 'action' | 'profile' | 'region' | 'cluster' | 'service' | 'task';

/** One thing the jump box can go to or do. */
export interface PaletteItem {
  id: string;
  label: string;
  kind: PaletteKind;
  /** Grey text after the label: a cluster name, a region, a verdict. */
  hint?: string;
  /** When the hint is a verdict: its state, which colours it. */
  hintState?: 'healthy' | 'progress' | 'degraded' | 'failed' | 'unknown';
  /** The keyboard shortcut that does the same, drawn as keycaps ("g p"). */
  keys?: string;
  run: () => void | Promise<void>;
}

/** A fixed list, or a function read reactively (clusters and services change as data arrives). */
export type PaletteSource = readonly PaletteItem[] | (() => readonly PaletteItem[]);

/**
 * The jump box (":" or Ctrl+K). Views and actions register now; the inventory stores will
 * register clusters, services and tasks as sources. `register` returns the function that
 * takes the items away again.
 */
export const usePaletteStore = defineStore('palette', () => {
  const sources = shallowRef<PaletteSource[]>([]);
  const isOpen = ref(false);

  const items = computed<PaletteItem[]>(() => {
    const seen = new Set<string>();
    const all: PaletteItem[] = [];
    for (const source of sources.value) {
      for (const item of typeof source === 'function' ? source() : source) {
        if (seen.has(item.id)) continue; // the first registration of an id wins
        seen.add(item.id);
        all.push(item);
      }
    }
    return all;
  });

  function register(source: PaletteSource): () => void {
    const raw = markRaw(source as object) as PaletteSource;
    sources.value = [...sources.value, raw];
    return () => {
      sources.value = sources.value.filter((s) => s !== raw);
    };
  }

  function open(): void {
    isOpen.value = true;
  }

  function close(): void {
    isOpen.value = false;
  }

  return { items, isOpen, register, open, close };
});
