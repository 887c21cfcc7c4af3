import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { StatusSnapshot } from '@contract/domains/status';
import type { ConnectionState } from '../api';
import { onReconnect, storeApi } from './api-context';

/**
 * What the status bar tells: the API rate, throttles, errors, the age of the data and the
 * connection to main. `now` ticks every second so ages count up between snapshots.
 */
export const useStatusStore = defineStore('status', () => {
  const api = storeApi();
  const snapshot = ref<StatusSnapshot | null>(null);
  const connection = ref<ConnectionState>('connecting');
  /** Why the connection is down, when the transport knows (no token, refused, closed with a reason). */
  const connectionDetail = ref<string | null>(null);
  const now = ref(Date.now());
  const loadFailed = ref(false);
  let ticker: ReturnType<typeof setInterval> | null = null;

  const dataAgeMs = computed(() => {
    const at = snapshot.value?.oldestFetchedAt;
    return at === null || at === undefined ? null : Math.max(0, now.value - at);
  });

  api.on('status.changed', (next) => {
    snapshot.value = next;
  });
  api.onConnection((state, detail) => {
    connection.value = state;
    connectionDetail.value = state === 'open' ? null : (detail ?? null);
  });
  onReconnect(api, () => void refresh());

  async function refresh(): Promise<void> {
    try {
      snapshot.value = await api.call('status.get', {});
      loadFailed.value = false;
    } catch {
      loadFailed.value = true;
    }
  }

  function start(): void {
    ticker ??= setInterval(() => (now.value = Date.now()), 1000);
    void refresh();
  }

  function stop(): void {
    if (ticker) clearInterval(ticker);
    ticker = null;
  }

  return { snapshot, connection, connectionDetail, now, dataAgeMs, loadFailed, refresh, start, stop };
});
