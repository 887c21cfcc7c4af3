import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '@contract/domains/app';
import { storeApi } from './api-context';

/** What the shell is (version, transport, the Demo account's sim scenario if any), and the way out to the AWS console. */
export const useAppStore = defineStore('app', () => {
  const api = storeApi();
  const info = ref<AppInfo | null>(null);

  async function load(): Promise<void> {
    try {
      info.value = await api.call('app.info', {});
    } catch {
      info.value = null; // the frame works without it; the status bar just omits the version
    }
  }

  /**
   * Opens an AWS console URL. Core checks it against its allow-list (app.openExternal); in
   * Electron the shell opens it in the system browser, in browser mode this page opens it
   * itself, only after that same check said yes, in a new tab with no opener and no referrer.
   */
  async function openExternal(url: string): Promise<void> {
    try {
      const { opened } = await api.call('app.openExternal', { url });
      if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
    } catch {
      // Refused by the allow-list: nothing opens (the link builders never make such a URL).
    }
  }

  return { info, load, openExternal };
});
