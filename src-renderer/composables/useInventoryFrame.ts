import { computed, onBeforeUnmount, watch, type ComputedRef } from 'vue';
import { START_LOCATION, useRoute, useRouter } from 'vue-router';
import type { PaletteItem } from '../stores/palette';
import { usePaletteStore } from '../stores/palette';
import { useInventoryStore } from '../stores/inventory';
import { useOverviewStore } from '../stores/overview';
import { useProblemsStore } from '../stores/problems';
import { useSessionStore } from '../stores/session';
import { useRefresh } from './useRefresh';
import { clusterResolver, focusFromRoute, focusKnown, type RouteLike } from '../models/inventory/route-focus';
import { taskIdOf } from '../models/inventory/task-words';
import { STATE_STYLES } from '../theme/states';

export interface SidebarClusterItem {
  name: string;
  region: string;
  problems: number;
}

/** At most this many tasks go into the jump box (the focused cluster's newest). */
const PALETTE_TASKS = 2000;

/**
 * The inventory's part of the frame: follows the session (a new one resets the stores), tells
 * core the focus on every route change (the overview store, made here, hears the overview core
 * sends while it is the focus), answers `r`, puts clusters, services and tasks in the
 * jump box, and feeds the sidebar. Called once, by App.vue.
 */
export function useInventoryFrame(): { sidebarClusters: ComputedRef<SidebarClusterItem[]>; problemCount: ComputedRef<number | null> } {
  const inventory = useInventoryStore();
  const problems = useProblemsStore();
  // Made now, before any route sets the overview as the focus: core sends it at once then.
  useOverviewStore();
  const session = useSessionStore();
  const palette = usePaletteStore();
  const route = useRoute();
  const router = useRouter();

  watch(
    () => session.current,
    (current) => {
      inventory.onSession(current);
      if (current) void problems.load();
    },
    { immediate: true },
  );

  // The route on screen, or during the first navigation (its lazy views still loading, which
  // takes a good part of a second on a busy machine) the one the window opens: core starts
  // reading the cluster in the URL while the view's code arrives.
  const shownRoute = (): RouteLike => (router.currentRoute.value === START_LOCATION ? router.resolve(router.options.history.location) : route);

  // Route names to ARNs: from the clusters list, or from the session's account and region
  // while the list is on its way (a first load then starts without waiting for it).
  watch(
    () => [route.name, route.params, inventory.clusters, inventory.clustersLoaded, session.current] as const,
    () => {
      const shown = shownRoute();
      const resolve = clusterResolver({ listed: inventory.clustersLoaded, byName: inventory.clusterArnByName, session: session.current });
      const focus = focusFromRoute(shown, resolve);
      if (focusKnown(shown, focus, inventory.clustersLoaded)) void inventory.setFocus(focus);
    },
    { immediate: true },
  );

  useRefresh(() => void inventory.refresh());

  const clusterItems = (): PaletteItem[] =>
    inventory.clusters.map((c) => ({
      id: `cluster.${c.arn}`,
      label: c.name,
      kind: 'cluster',
      hint: `${c.region} · ${STATE_STYLES[c.health.state].symbol} ${c.health.word}`,
      hintState: c.health.state,
      run: () => void router.push({ name: 'cluster.services', params: { cluster: c.name } }),
    }));

  const serviceItems = (): PaletteItem[] =>
    inventory.clusters.flatMap((c) =>
      inventory.services(c.arn).map((s) => ({
        id: `service.${s.arn}`,
        label: `${c.name} / ${s.name}`,
        kind: 'service' as const,
        // The verdict core sent with the record: the same word as the list and the header.
        hint: `${STATE_STYLES[s.health.state].symbol} ${s.health.word}`,
        hintState: s.health.state,
        run: () => void router.push({ name: 'cluster.service', params: { cluster: c.name, service: s.name } }),
      })),
    );

  const taskItems = (): PaletteItem[] => {
    const clusterArn = inventory.focus?.clusterArn;
    const cluster = clusterArn ? inventory.clusters.find((c) => c.arn === clusterArn) : null;
    if (!cluster) return [];
    return inventory
      .tasks(cluster.arn)
      .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
      .slice(0, PALETTE_TASKS)
      .map((t) => ({
        id: `task.${t.arn}`,
        label: `${cluster.name} / ${t.serviceName ?? t.group ?? 'task'} / ${taskIdOf(t.arn)}`,
        kind: 'task' as const,
        hint: t.lastStatus.toLowerCase(),
        run: () => void router.push({ name: 'cluster.task', params: { cluster: cluster.name, task: taskIdOf(t.arn) } }),
      }));
  };

  const disposers = [palette.register(clusterItems), palette.register(serviceItems), palette.register(taskItems)];
  onBeforeUnmount(() => disposers.forEach((d) => d()));

  const sidebarClusters = computed(() => inventory.clusters.map((c) => ({ name: c.name, region: c.region, problems: c.problemCount })));
  return { sidebarClusters, problemCount: computed(() => problems.count) };
}
