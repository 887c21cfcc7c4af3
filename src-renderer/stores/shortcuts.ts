import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { KeyBinding } from '../models/keyboard/sequence';

export type ShortcutGroup = 'General' | 'Go to' | 'Lists' | 'Views';

/** One shortcut: the keys ("?", "ctrl+k", "g p"), what it does in words, and how. */
export interface Shortcut extends KeyBinding {
  id: string;
  description: string;
  group: ShortcutGroup;
  run: () => void;
  /** Runs even while typing in a field (only for chords with Ctrl or Meta). */
  inInputs?: boolean;
}

/**
 * Every keyboard shortcut, so the `?` overlay can list them all. Views add theirs while they
 * are mounted; the newest binding of a key wins, so a list's "Enter" replaces nothing global
 * and a view's "r" says what it refreshes.
 */
export const useShortcutStore = defineStore('shortcuts', () => {
  const bindings = shallowRef<Shortcut[]>([]);
  const overlayOpen = ref(false);

  /** What the overlay shows: one line per key, the binding in force, grouped. */
  const listing = computed(() => {
    const byKeys = new Map<string, Shortcut>();
    for (const b of bindings.value) byKeys.set(b.keys.join('|'), b);
    const groups = new Map<ShortcutGroup, Shortcut[]>();
    for (const b of byKeys.values()) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
    return [...groups.entries()].map(([group, shortcuts]) => ({ group, shortcuts }));
  });

  function register(...shortcuts: Shortcut[]): () => void {
    bindings.value = [...bindings.value, ...shortcuts];
    return () => {
      bindings.value = bindings.value.filter((b) => !shortcuts.includes(b));
    };
  }

  return { bindings, listing, overlayOpen, register };
});
