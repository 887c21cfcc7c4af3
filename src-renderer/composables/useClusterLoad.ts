import { computed, type ComputedRef } from 'vue';
import type { ClusterRecord, LoadProgress } from '@contract/domains/inventory';
import { useInventoryStore } from '../stores/inventory';

export interface ClusterLoad {
  clusterRecord: ComputedRef<ClusterRecord | null>;
  clusterArn: ComputedRef<string | null>;
  /** The first load's pages of this kind, while it runs. */
  progress: ComputedRef<LoadProgress | null>;
  /** Still reading: the clusters list, or this cluster's records of this kind (no page done yet). */
  loading: ComputedRef<boolean>;
  /** The clusters are listed and none has the route's name. */
  unknownCluster: ComputedRef<boolean>;
}

/** Where a cluster's list view stands: which cluster the route names, and how far its first load is. */
export function useClusterLoad(clusterName: () => string, what: LoadProgress['what']): ClusterLoad {
  const inventory = useInventoryStore();
  const clusterRecord = computed(() => inventory.clusterByName(clusterName()));
  const clusterArn = computed(() => clusterRecord.value?.arn ?? null);
  const progress = computed(() => inventory.loadProgress(clusterArn.value, what));
  const loading = computed(() => {
    if (!inventory.clustersLoaded) return true;
    if (!clusterArn.value) return false;
    // Ends with core's data (the kind's first load complete), never waits on a progress event a switch may have cut off.
    return !inventory.loaded(clusterArn.value, what) && !progress.value?.done;
  });
  const unknownCluster = computed(() => inventory.clustersLoaded && !clusterRecord.value);
  return { clusterRecord, clusterArn, progress, loading, unknownCluster };
}
