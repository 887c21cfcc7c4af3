import { onBeforeUnmount, onMounted } from 'vue';
import { useUiStore } from '../stores/ui';

/** Runs `handler` when the user asks to refresh now ("r"), while the view is mounted. */
export function useRefresh(handler: () => void): void {
  const ui = useUiStore();
  onMounted(() => ui.refreshHandlers.push(handler));
  onBeforeUnmount(() => {
    ui.refreshHandlers = ui.refreshHandlers.filter((h) => h !== handler);
  });
}
