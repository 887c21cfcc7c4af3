import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '@contract/domains/app';
import { storeApi } from './api-context';

/** What the shell is: version, transport, and the Demo account's sim scenario if any. */
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

  return { info, load };
});
