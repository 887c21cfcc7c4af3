import { onBeforeUnmount, watch } from 'vue';
import type { PaletteItem } from '../stores/palette';
import { usePaletteStore } from '../stores/palette';
import { useInventoryStore } from '../stores/inventory';
import { useSessionStore } from '../stores/session';
import { useSettingsStore } from '../stores/settings';
import { useExecStore } from '../stores/exec';
import { useStatusStore } from '../stores/status';
import { useHistoryStore } from '../stores/history';
import { execAvailability, type ExecPermission } from '../models/exec/exec-availability';
import type { ExecTarget } from '../models/exec/exec-tabs';
import { disposeTerminal } from '../terminal/terminal-registry';

/** At most this many "Open shell in" entries in the jump box (the focused cluster's newest tasks). */
const PALETTE_SHELLS = 500;

/**
 * Exec's part of the frame, called once by App.vue: "Open shell in <task>/<container>" in the
 * jump box for the cluster on screen, terminals disposed with their tabs, and sessions main
 * still holds adopted after a reload or a reconnect of the window's connection.
 */
export function useExecFrame(): void {
  const exec = useExecStore();
  const palette = usePaletteStore();
  const inventory = useInventoryStore();
  const session = useSessionStore();
  const settings = useSettingsStore();
  const status = useStatusStore();
  const history = useHistoryStore();

  const offTabRemoved = exec.onTabRemoved(disposeTerminal);
  const offPalette = palette.register(() => shellItems());
  onBeforeUnmount(() => {
    offTabRemoved();
    offPalette();
  });

  watch(
    () => status.connection,
    (state) => {
      if (state === 'open') void exec.adoptOpenSessions();
    },
    { immediate: true },
  );

  function permission(): ExecPermission {
    const current = session.current;
    const marked = !!current && (settings.settings?.readOnlyProfiles.includes(current.profile) ?? false);
    return { readOnly: !!current?.readOnly || marked, allowExecOnReadOnly: settings.settings?.allowExecOnReadOnly ?? false };
  }

  function shellItems(): PaletteItem[] {
    const clusterArn = inventory.focus?.clusterArn;
    const cluster = clusterArn ? inventory.clusters.find((c) => c.arn === clusterArn) : null;
    // A past moment shows tasks of then: no shell is offered into them (nor any action).
    if (!cluster || !session.current || history.pastReason) return [];
    const allowed = permission();
    const items: PaletteItem[] = [];
    const running = inventory
      .tasks(cluster.arn)
      .filter((t) => t.lastStatus === 'RUNNING' && t.enableExecuteCommand)
      .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
    for (const task of running) {
      for (const container of task.containers) {
        if (!execAvailability(task, container, allowed).ok) continue;
        const target: ExecTarget = { clusterArn: cluster.arn, clusterName: cluster.name, serviceName: task.serviceName, taskArn: task.arn, taskId: task.id, container: container.name };
        items.push({
          id: `exec.${task.arn}/${container.name}`,
          label: `Open shell in ${task.serviceName ?? 'task'} ${task.id.slice(0, 8)}/${container.name}`,
          kind: 'action',
          hint: cluster.name,
          run: () => void exec.open(target),
        });
        if (items.length >= PALETTE_SHELLS) return items;
      }
    }
    return items;
  }
}
