import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { StatusSnapshot } from '@contract/domains/status';
import type { ConnectionState } from '../api';
import { onReconnect, storeApi } from './api-context';

/**
 * What the status bar tells: the API rate, throttles, errors, the age of the data and the
 * connection to main. `now` ticks every second so ages count up between snapshots, and it is
 * AWS's time, not the local clock's: core reports how far AWS's clock (the Date header of its
 * answers) is from the local one, and every timestamp on screen is AWS's. Every age in the
 * app is measured against this `now` (or `awsNow()` for a one-off stamp).
 */
export const useStatusStore = defineStore('status', () => {
  const api = storeApi();
  const snapshot = ref<StatusSnapshot | null>(null);
  const connection = ref<ConnectionState>('connecting');
  /** Why the connection is down, when the transport knows (no token, refused, closed with a reason). */
  const connectionDetail = ref<string | null>(null);
  /** AWS's clock minus the local one, ms (core's figure from the last status snapshot). */
  const skewMs = ref(0);
  const awsNow = (): number => Date.now() + skewMs.value;
  const now = ref(awsNow());
  const loadFailed = ref(false);
  let ticker: ReturnType<typeof setInterval> | null = null;

  const dataAgeMs = computed(() => {
    const at = snapshot.value?.oldestFetchedAt;
    return at === null || at === undefined ? null : Math.max(0, now.value - at);
  });

  api.on('status.changed', (next) => accept(next));

  function accept(next: StatusSnapshot): void {
    snapshot.value = next;
    skewMs.value = next.awsClockSkewMs ?? 0;
    now.value = awsNow();
  }
  api.onConnection((state, detail) => {
    connection.value = state;
    connectionDetail.value = state === 'open' ? null : (detail ?? null);
  });
  onReconnect(api, () => void refresh());

  async function refresh(): Promise<void> {
    try {
      accept(await api.call('status.get', {}));
      loadFailed.value = false;
    } catch {
      loadFailed.value = true;
    }
  }

  function start(): void {
    ticker ??= setInterval(() => (now.value = awsNow()), 1000);
    void refresh();
  }

  function stop(): void {
    if (ticker) clearInterval(ticker);
    ticker = null;
  }

  return { snapshot, connection, connectionDetail, now, skewMs, awsNow, dataAgeMs, loadFailed, refresh, start, stop };
});
