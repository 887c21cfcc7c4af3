import type { ClusterRecord } from '@contract/domains/inventory';

/** What the clusters table shows of a cluster: a live record of the open region or another region's summary. */
export type ClusterRow = Pick<
  ClusterRecord,
  'arn' | 'name' | 'region' | 'status' | 'runningTasksCount' | 'pendingTasksCount' | 'activeServicesCount' | 'registeredContainerInstancesCount' | 'capacityProviders' | 'problemCount' | 'health' | 'fetchedAt' | 'stale'
>;

/**
 * The overview's rows: the open region from the live inventory (fresher), the others from the
 * overview call (and the open region's summaries until the live clusters arrive); most
 * problems first, then by region and name.
 */
export function overviewRows(live: readonly ClusterRow[], remote: readonly ClusterRow[], openRegion: string | undefined): ClusterRow[] {
  const liveOpen = live.filter((c) => c.region === openRegion);
  const others = remote.filter((c) => c.region !== openRegion || !liveOpen.length);
  return [...liveOpen, ...others].sort((a, b) => b.problemCount - a.problemCount || a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
}
