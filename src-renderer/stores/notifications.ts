import { defineStore, storeToRefs } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppNotification } from '@contract/domains/notifications';
import { onReconnect, storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { useSettingsStore } from './settings';
import { useSessionStore } from './session';
import { notificationsOfAccount } from '../models/problems/notification-scope';

/**
 * Notifications as core decided them: the bell's list and count, and, in browser mode, the
 * browser's desktop notification (in Electron the shell shows them). Permission is asked only
 * when the user clicks "Enable desktop notifications", never on its own. A click on a desktop
 * notification (the shell's, via `notifications.opened`, or the browser's) sets `openRequest`.
 */
export type DesktopPermission = 'unsupported' | 'default' | 'granted' | 'denied';

export const useNotificationsStore = defineStore('notifications', () => {
  const api = storeApi();
  /** Every recent notification, of every profile and account Wharf has had open. */
  const all = shallowRef<AppNotification[]>([]);
  /** Core's unread count across accounts (the bell counts the open account's: `unread`). */
  const unreadAll = ref(0);
  const loaded = ref(false);
  const error = shallowRef<ShownError | null>(null);
  const panelOpen = ref(false);
  const permission = ref<DesktopPermission>(currentPermission());
  /** A desktop notification the user clicked: the bell takes it to its place, then clears it. */
  const openRequest = shallowRef<AppNotification | null>(null);

  api.on('notifications.added', ({ notification, unread: count, desktopByShell }) => {
    if (!all.value.some((n) => n.key === notification.key)) all.value = [notification, ...all.value].slice(0, 200);
    unreadAll.value = count;
    if (!desktopByShell && api.transport === 'web') showInBrowser(notification);
  });
  api.on('notifications.opened', ({ key }) => void requestOpen(key));
  onReconnect(api, () => void load());

  async function load(): Promise<void> {
    try {
      const result = await api.call('notifications.list', {});
      all.value = result.notifications;
      unreadAll.value = result.unread;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  /** The shell's notification `key` was clicked; a list that has not heard of it yet is reloaded. */
  async function requestOpen(key: string): Promise<void> {
    if (!all.value.some((n) => n.key === key)) await load();
    openRequest.value = all.value.find((n) => n.key === key) ?? null;
  }

  /** Marks the open account's notifications read (another account's wait for it to be open). */
  async function markAllRead(): Promise<void> {
    const keys = list.value.filter((n) => !n.read).map((n) => n.key);
    if (!keys.length) return;
    const done = new Set(keys);
    try {
      unreadAll.value = (await api.call('notifications.markRead', { keys })).unread;
      all.value = all.value.map((n) => (n.read || !done.has(n.key) ? n : { ...n, read: true }));
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

  // Notifications belong to an account: the bell lists and counts the open one's; the others
  // wait (labelled with their profile) behind "from other accounts".
  const { current } = storeToRefs(useSessionStore());
  const scoped = computed(() => notificationsOfAccount(all.value, current.value?.accountId ?? null));
  const list = computed(() => scoped.value.here);
  const others = computed(() => scoped.value.others);
  const unread = computed(() => list.value.filter((n) => !n.read).length);

  return { all, list, others, unread, unreadAll, loaded, error, panelOpen, permission, openRequest, load, requestOpen, markAllRead, enableDesktop, isMuted, setMuted };
});

function currentPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : (Notification.permission as DesktopPermission);
}
