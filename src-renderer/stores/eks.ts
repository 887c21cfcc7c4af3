import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { EksClusterRecord, EksInsightDetail, KubeSnapshot } from '@contract/domains/eks';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/**
 * EKS as core holds it: the clusters of the open region and the watched ones (with node
 * groups, Fargate profiles, add-ons, insights and whether Wharf may read their Kubernetes
 * API), and the nodes and pods of the cluster on screen. Core says `eks.changed` with a
 * version when something changed; the store reads again then (the list, or the snapshot of
 * the cluster it shows). A snapshot of 5,000 pods is kept raw (markRaw): views read it whole.
 */
export const useEksStore = defineStore('eks', () => {
  const api = storeApi();
  const clusters = shallowRef<EksClusterRecord[]>([]);
  const errors = shallowRef<Array<{ region: string; message: string }>>([]);
  const loaded = ref(false);
  const error = shallowRef<ShownError | null>(null);
  /** The snapshot of the cluster on screen. */
  const kube = shallowRef<KubeSnapshot | null>(null);
  const kubeError = shallowRef<ShownError | null>(null);
  const focused = ref<string | null>(null);
  const insights = markRaw(new Map<string, Promise<EksInsightDetail>>());
  let connection: 'connecting' | 'open' | 'closed' = 'connecting';

  api.on('eks.changed', ({ clusterArn, version }) => {
    if (clusterArn === null) void load();
    else if (clusterArn === focused.value && version !== kube.value?.version) {
      void loadKube(clusterArn);
    }
  });
  api.onConnection((next) => {
    const wasDown = connection === 'closed';
    connection = next;
    if (wasDown && next === 'open') {
      void load();
      if (focused.value) void focus(focused.value);
    }
  });

  async function load(): Promise<void> {
    try {
      const result = await api.call('eks.clusters', {});
      clusters.value = result.clusters;
      errors.value = result.errors;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  async function loadKube(clusterArn: string): Promise<void> {
    try {
      const snapshot = await api.call('eks.kube', { clusterArn });
      if (focused.value === clusterArn) {
        kube.value = markRaw(snapshot);
        kubeError.value = null;
      }
    } catch (err) {
      if (focused.value === clusterArn) kubeError.value = toShownError(err);
    }
  }

  /** The cluster on screen (null: none): core reads its nodes and pods every few seconds. */
  async function focus(clusterArn: string | null): Promise<void> {
    if (clusterArn !== focused.value) {
      kube.value = null;
      kubeError.value = null;
    }
    focused.value = clusterArn;
    try {
      await api.call('eks.focus', { clusterArn });
    } catch (err) {
      kubeError.value = toShownError(err);
    }
    if (clusterArn) await loadKube(clusterArn);
  }

  function refresh(): void {
    void api.call('eks.refresh', {}).catch(() => undefined);
  }

  function byRegionAndName(region: string, name: string): EksClusterRecord | null {
    return clusters.value.find((c) => c.region === region && c.name === name) ?? null;
  }

  /** An insight's recommendation and resources, read once per cluster and id. */
  function insight(clusterArn: string, id: string): Promise<EksInsightDetail> {
    const key = `${clusterArn}|${id}`;
    let found = insights.get(key);
    if (!found) {
      found = api.call('eks.insight', { clusterArn, id });
      found.catch(() => insights.delete(key));
      insights.set(key, found);
    }
    return found;
  }

  const problemTotal = computed(() => clusters.value.reduce((n, c) => n + c.problemCount, 0));

  return { clusters, errors, loaded, error, kube, kubeError, focused, problemTotal, load, loadKube, focus, refresh, byRegionAndName, insight };
});
