import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppNotification } from '@contract/domains/notifications';
import { onReconnect, storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { useSettingsStore } from './settings';

/**
 * Notifications as core decided them: the bell's list and count, and, in browser mode, the
 * browser's desktop notification (in Electron the shell shows them). Permission is asked only
 * when the user clicks "Enable desktop notifications", never on its own. A click on a desktop
 * notification (the shell's, via `notifications.opened`, or the browser's) sets `openRequest`.
 */
export type DesktopPermission = 'unsupported' | 'default' | 'granted' | 'denied';

export const useNotificationsStore = defineStore('notifications', () => {
  const api = storeApi();
  const list = shallowRef<AppNotification[]>([]);
  const unread = ref(0);
  const loaded = ref(false);
  const error = shallowRef<ShownError | null>(null);
  const panelOpen = ref(false);
  const permission = ref<DesktopPermission>(currentPermission());
  /** A desktop notification the user clicked: the bell takes it to its place, then clears it. */
  const openRequest = shallowRef<AppNotification | null>(null);

  api.on('notifications.added', ({ notification, unread: count, desktopByShell }) => {
    if (!list.value.some((n) => n.key === notification.key)) list.value = [notification, ...list.value].slice(0, 200);
    unread.value = count;
    if (!desktopByShell && api.transport === 'web') showInBrowser(notification);
  });
  api.on('notifications.opened', ({ key }) => void requestOpen(key));
  onReconnect(api, () => void load());

  async function load(): Promise<void> {
    try {
      const result = await api.call('notifications.list', {});
      list.value = result.notifications;
      unread.value = result.unread;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  /** The shell's notification `key` was clicked; a list that has not heard of it yet is reloaded. */
  async function requestOpen(key: string): Promise<void> {
    if (!list.value.some((n) => n.key === key)) await load();
    openRequest.value = list.value.find((n) => n.key === key) ?? null;
  }

  async function markAllRead(): Promise<void> {
    if (!unread.value) return;
    try {
      unread.value = (await api.call('notifications.markRead', {})).unread;
      list.value = list.value.map((n) => (n.read ? n : { ...n, read: true }));
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  /** Call from a click: the only moment a browser lets a page ask. */
  async function enableDesktop(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    try {
      permission.value = (await Notification.requestPermission()) as DesktopPermission;
    } catch {
      permission.value = currentPermission();
    }
  }

  function showInBrowser(n: AppNotification): void {
    if (currentPermission() !== 'granted') return;
    try {
      const shown = new Notification(n.title, { body: n.detail, tag: n.key });
      shown.onclick = () => {
        window.focus();
        openRequest.value = n;
      };
    } catch {
      // Some browsers only allow notifications from a service worker; the bell has it.
    }
  }

  const muted = computed(() => new Set(useSettingsStore().settings?.mutedClusters ?? []));

  function isMuted(clusterArn: string): boolean {
    return muted.value.has(clusterArn);
  }

  async function setMuted(clusterArn: string, mute: boolean): Promise<void> {
    const settings = useSettingsStore();
    const current = settings.settings?.mutedClusters ?? [];
    const next = mute ? [...new Set([...current, clusterArn])] : current.filter((c) => c !== clusterArn);
    await settings.update({ mutedClusters: next });
  }

  return { list, unread, loaded, error, panelOpen, permission, openRequest, load, requestOpen, markAllRead, enableDesktop, isMuted, setMuted };
});

function currentPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : (Notification.permission as DesktopPermission);
}
