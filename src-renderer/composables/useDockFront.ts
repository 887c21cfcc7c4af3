import { computed, type ComputedRef } from 'vue';
import { useExecStore } from '../stores/exec';
import { useLogsStore } from '../stores/logs';
import { useUiStore } from '../stores/ui';
import { dockFront, type DockKind } from '../models/frame/dock-front';

/** Which kind of dock tab is in front now (the ui store's wish, checked against what is open). */
export function useDockFront(): ComputedRef<DockKind> {
  const exec = useExecStore();
  const logs = useLogsStore();
  const ui = useUiStore();
  return computed(() => dockFront(ui.dockFront, exec.tabs.length, logs.tails.length));
}
