import { onBeforeUnmount, onMounted } from 'vue';
import { useShortcutStore, type Shortcut } from '../stores/shortcuts';

/** Registers shortcuts while the calling component is mounted. */
export function useShortcuts(...shortcuts: Shortcut[]): void {
  const store = useShortcutStore();
  let unregister: (() => void) | null = null;
  onMounted(() => (unregister = store.register(...shortcuts)));
  onBeforeUnmount(() => unregister?.());
}
