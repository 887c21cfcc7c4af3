import { defineStore, storeToRefs } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { useInventoryStore } from './inventory';
import { useSessionStore } from './session';
import { useSettingsStore } from './settings';
import { overviewRows, type ClusterRow } from '../models/inventory/cluster-rows';

/** How often the overview's summaries are read again while it is on screen. */
export const OVERVIEW_EVERY_MS = 30_000;

/**
 * Every cluster of the open profile across the regions chosen in Settings: summaries read
 * every 30 s while the overview is watched; the open region's clusters follow the live inventory.
 */
export const useOverviewStore = defineStore('overview', () => {
  const api = storeApi();
  const inventory = useInventoryStore();
  const { current } = storeToRefs(useSessionStore());
  const { settings } = storeToRefs(useSettingsStore());

  const regions = computed(() => {
    const chosen = settings.value?.overviewRegions ?? [];
    const open = current.value?.region;
    return [...new Set([...(open ? [open] : []), ...chosen])];
  });
  const remote = shallowRef<ClusterRow[]>([]);
  const errors = shallowRef<Array<{ region: string; message: string }>>([]);
  const failure = shallowRef<ShownError | null>(null);
  const loading = ref(false);
  const rows = computed(() => overviewRows(inventory.clusters, remote.value, current.value?.region));

  async function load(): Promise<void> {
    if (!current.value) return;
    loading.value = true;
    try {
      const result = await api.call('inventory.overview', { regions: regions.value });
      remote.value = result.clusters;
      errors.value = result.errors;
      failure.value = null;
    } catch (err) {
      failure.value = toShownError(err);
    } finally {
      loading.value = false;
    }
  }

  /** Reads now, again every 30 s and whenever the regions or the account change, until the returned stop. */
  function watchOverview(): () => void {
    void load();
    const timer = setInterval(() => void load(), OVERVIEW_EVERY_MS);
    const stopWatch = watch([regions, () => current.value?.accountId], () => void load());
    return () => {
      clearInterval(timer);
      stopWatch();
    };
  }

  return { regions, remote, errors, failure, loading, rows, load, watchOverview };
});
