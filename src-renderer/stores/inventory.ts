import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type {
  CapacityProviderRecord,
  ClusterRecord,
  ContainerInstanceRecord,
  Focus,
  InventoryDelta,
  LoadProgress,
  TaskDefinitionDoc,
  ServiceRecord,
  TaskRecord,
} from '@contract/domains/inventory';
import type { SessionInfo } from '@contract/domains/session';
import { ApiError } from '../api';
import { onReconnect, storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { applyClusterList, applyDelta, applySnapshot, emptyInventory, type ClusterBucket } from '../models/inventory/inventory-state';
import { sameFocus } from '../models/inventory/route-focus';
import { useHistoryStore } from './history';

/** Deltas arriving closer together than this are drawn once (a first load sends hundreds). */
const REDRAW_AFTER_MS = 40;

/**
 * The live inventory: core's model mirrored from `inventory.delta` events. The records live
 * in plain maps (inventory-state.ts) behind a version counter: views read through the
 * functions below, which depend on `version`, so a delta redraws what uses it without Vue
 * making every one of 10,000 tasks deeply reactive. Stale records stay, marked.
 */
export const useInventoryStore = defineStore('inventory', () => {
  const api = storeApi();
  const state = markRaw(emptyInventory());
  const version = ref(0);
  const focus = shallowRef<Focus | null>(null);
  /** First-load progress per cluster and kind (`<clusterArn>|services`). */
  const progress = shallowRef<Record<string, LoadProgress>>({});
  const clustersLoaded = ref(false);
  const clustersError = shallowRef<ShownError | null>(null);
  /** Clusters whose snapshot is being fetched. */
  const loadingSnapshot = ref<string | null>(null);
  const snapshotError = shallowRef<ShownError | null>(null);
  /** Task definition revisions never change: each is fetched once per session. */
  const taskDefinitions = markRaw(new Map<string, Promise<TaskDefinitionDoc>>());
  let redrawTimer: ReturnType<typeof setTimeout> | null = null;
  let sessionKey: string | null = null;

  function redrawSoon(): void {
    redrawTimer ??= setTimeout(flush, REDRAW_AFTER_MS);
  }

  /** Draws pending changes now (tests, and before a view reads after an await). */
  function flush(): void {
    if (redrawTimer) clearTimeout(redrawTimer);
    redrawTimer = null;
    version.value++;
  }

  /**
   * Deltas of a cluster whose snapshot is on its way. Core answers a call after an await, so a
   * delta made after it read the snapshot can arrive first: replayed over the snapshot (each
   * carries whole records, in order), none is lost to the snapshot replacing the bucket.
   */
  const duringSnapshot = new Map<string, InventoryDelta[]>();

  api.on('inventory.delta', (delta) => {
    if (delta.clusterArn !== null) duringSnapshot.get(delta.clusterArn)?.push(delta);
    if (applyDelta(state, delta)) redrawSoon();
  });
  api.on('inventory.progress', (p) => {
    progress.value = { ...progress.value, [`${p.clusterArn}|${p.what}`]: p };
    if (p.done) {
      const bucket = state.buckets.get(p.clusterArn);
      const all = (['services', 'tasks', 'instances'] as const).every((w) => progress.value[`${p.clusterArn}|${w}`]?.done);
      if (bucket && all) bucket.complete = true;
    }
  });
  onReconnect(api, () => void resync());

  // ---- reads (each depends on `version`, so computed views follow the data) ----

  const clusters = computed<ClusterRecord[]>(() => {
    void version.value;
    return [...state.clusters.values()].sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
  });

  function clusterByName(name: string): ClusterRecord | null {
    return clusters.value.find((c) => c.name === name) ?? null;
  }

  function clusterArnByName(name: string): string | null {
    return clusterByName(name)?.arn ?? null;
  }

  /** The cluster's records: the live ones, or the past moment's while the time bar is set (see the history store). */
  function bucket(clusterArn: string | null | undefined): ClusterBucket | null {
    void version.value;
    const past = useHistoryStore().bucketFor(clusterArn);
    if (past) return past;
    return clusterArn ? (state.buckets.get(clusterArn) ?? null) : null;
  }

  const services = (clusterArn: string | null | undefined): ServiceRecord[] => [...(bucket(clusterArn)?.services.values() ?? [])];
  const tasks = (clusterArn: string | null | undefined): TaskRecord[] => [...(bucket(clusterArn)?.tasks.values() ?? [])];
  const instances = (clusterArn: string | null | undefined): ContainerInstanceRecord[] => [...(bucket(clusterArn)?.instances.values() ?? [])];
  const capacityProviders = (clusterArn: string | null | undefined): CapacityProviderRecord[] => [...(bucket(clusterArn)?.capacityProviders.values() ?? [])];

  /**
   * Tasks to read image tags from (a task definition's image never changes): at a past moment,
   * that moment's tasks if read, then the live ones (the services list does not read a moment's
   * tasks, so it names the images of the task definitions still running).
   */
  function* tasksForImages(clusterArn: string | null | undefined): Generator<TaskRecord> {
    void version.value;
    const shown = bucket(clusterArn);
    if (shown) yield* shown.tasks.values();
    const live = clusterArn ? state.buckets.get(clusterArn) : undefined;
    if (live && live !== shown) yield* live.tasks.values();
  }

  function service(clusterArn: string | null | undefined, serviceArn: string | null | undefined): ServiceRecord | null {
    return serviceArn ? (bucket(clusterArn)?.services.get(serviceArn) ?? null) : null;
  }

  function task(clusterArn: string | null | undefined, taskArn: string | null | undefined): TaskRecord | null {
    return taskArn ? (bucket(clusterArn)?.tasks.get(taskArn) ?? null) : null;
  }

  /** The tasks of one service, newest first (running and recently stopped). */
  function tasksOfService(clusterArn: string | null | undefined, serviceName: string): TaskRecord[] {
    return tasks(clusterArn)
      .filter((t) => t.serviceName === serviceName)
      .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  }

  /** Whether the first full load of a kind of this cluster is done (from core's data, not from progress events). */
  function loaded(clusterArn: string | null | undefined, what: LoadProgress['what']): boolean {
    const b = bucket(clusterArn);
    return !!b && (b.completeKinds[what] || b.complete);
  }

  /** First-load progress of a cluster, by kind, while it runs. */
  function loadProgress(clusterArn: string | null | undefined, what: LoadProgress['what']): LoadProgress | null {
    return clusterArn ? (progress.value[`${clusterArn}|${what}`] ?? null) : null;
  }

  // ---- calls ----

  async function loadClusters(): Promise<void> {
    try {
      const result = await api.call('inventory.clusters', {});
      applyClusterList(state, result.clusters);
      clustersLoaded.value = true;
      clustersError.value = null;
      flush();
    } catch (err) {
      clustersError.value = toShownError(err);
    }
  }

  /** Tells core what is on screen; a new cluster also brings its snapshot. */
  async function setFocus(next: Focus, opts: { force?: boolean } = {}): Promise<void> {
    if (!opts.force && sameFocus(focus.value, next)) return;
    const clusterChanged = focus.value?.clusterArn !== next.clusterArn;
    focus.value = next;
    try {
      await api.call('inventory.focus', next);
    } catch {
      // Not fatal: the poller keeps its last focus; the next route change tries again.
    }
    if (next.clusterArn && (clusterChanged || opts.force)) await loadSnapshot(next.clusterArn);
  }

  async function loadSnapshot(clusterArn: string): Promise<void> {
    loadingSnapshot.value = clusterArn;
    const arrived: InventoryDelta[] = [];
    duringSnapshot.set(clusterArn, arrived);
    try {
      const snapshot = await api.call('inventory.snapshot', { clusterArn });
      applySnapshot(state, snapshot);
      for (const delta of arrived) applyDelta(state, delta);
      snapshotError.value = null;
      flush();
    } catch (err) {
      // NOT_FOUND: core has not read this cluster yet; its deltas will fill the view.
      snapshotError.value = err instanceof ApiError && err.code === 'NOT_FOUND' ? null : toShownError(err);
    } finally {
      if (duringSnapshot.get(clusterArn) === arrived) duringSnapshot.delete(clusterArn);
      if (loadingSnapshot.value === clusterArn) loadingSnapshot.value = null;
    }
  }

  /** One task definition revision (cached; a failed fetch is forgotten so it can be retried). */
  function taskDefinition(arn: string): Promise<TaskDefinitionDoc> {
    let doc = taskDefinitions.get(arn);
    if (!doc) {
      doc = api.call('inventory.taskDefinition', { arn });
      taskDefinitions.set(arn, doc);
      doc.catch(() => taskDefinitions.delete(arn));
    }
    return doc;
  }

  /** The ACTIVE revisions of a family, newest first (asked each time: new ones get registered). */
  async function taskDefinitionRevisions(family: string): Promise<string[]> {
    return (await api.call('inventory.taskDefinitionRevisions', { family })).arns;
  }

  /** `r`: refresh what is on screen now (core still keeps to its token budget). */
  async function refresh(): Promise<void> {
    try {
      await api.call('inventory.refresh', {});
    } catch {
      // No session yet: nothing to refresh; the session banner says why.
    }
  }

  async function resync(): Promise<void> {
    const before = focus.value;
    await loadClusters();
    // A route watcher that moved the focus meanwhile (the cluster list arriving lets it name
    // the cluster) has already sent it and fetched its snapshot: sending it again would fetch
    // the same snapshot twice.
    if (focus.value && focus.value === before) await setFocus(focus.value, { force: true });
  }

  /**
   * A new profile, account or region, or the same one opened again (the Demo sim restarted; a
   * retry): core starts afresh with an empty model, so does the store (the frame calls this
   * when the session store's current session changes).
   */
  function onSession(session: SessionInfo | null): void {
    const key = session ? `${session.profile}|${session.accountId}|${session.region}|${session.openedAt}` : null;
    if (key === sessionKey) return;
    const first = sessionKey === null;
    sessionKey = key;
    if (!first) reset();
    if (session) void resync();
  }

  function reset(): void {
    state.clusters.clear();
    state.buckets.clear();
    taskDefinitions.clear();
    progress.value = {};
    clustersLoaded.value = false;
    snapshotError.value = null;
    flush();
  }

  return {
    version,
    focus,
    progress,
    clustersLoaded,
    clustersError,
    loadingSnapshot,
    snapshotError,
    clusters,
    clusterByName,
    clusterArnByName,
    bucket,
    services,
    tasks,
    tasksForImages,
    instances,
    capacityProviders,
    service,
    task,
    tasksOfService,
    loadProgress,
    loaded,
    loadClusters,
    setFocus,
    loadSnapshot,
    taskDefinition,
    taskDefinitionRevisions,
    refresh,
    resync,
    onSession,
    flush,
  };
});
