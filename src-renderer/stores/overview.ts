import { defineStore, storeToRefs } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { Overview } from '@contract/domains/inventory';
import { onReconnect, storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { useInventoryStore } from './inventory';
import { useSessionStore } from './session';
import { useSettingsStore } from './settings';
import { overviewRows, type ClusterRow } from '../models/inventory/cluster-rows';

/**
 * Every cluster of the open profile across the regions chosen in Settings. Core sends the
 * overview (`inventory.overview` events) while it is the focus, and again as it changes; this
 * store only listens (the frame creates it at start, so no event is missed). The open
 * region's clusters follow the live inventory.
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
  /** No overview of this session has arrived yet. */
  const loading = ref(true);
  const rows = computed(() => overviewRows(inventory.clusters, remote.value, current.value?.region));

  function apply(overview: Overview): void {
    remote.value = overview.clusters;
    errors.value = overview.errors;
    failure.value = null;
    loading.value = false;
  }

  api.on('inventory.overview', apply);
  // Events sent while the connection was down are lost: ask for the overview as it is now.
  onReconnect(api, () => {
    if (!current.value) return;
    api.call('inventory.overview', {}).then(apply, (err) => (failure.value = toShownError(err)));
  });
  // Another profile, account or region: the last one's clusters are not this one's.
  watch(
    () => current.value && `${current.value.profile}|${current.value.accountId}|${current.value.region}`,
    () => {
      remote.value = [];
      errors.value = [];
      loading.value = true;
    },
  );

  return { regions, remote, errors, failure, loading, rows };
});
