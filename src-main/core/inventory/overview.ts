import { DescribeClustersCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import type { ClusterHealth, ClusterRecord } from '../../contract/domains/inventory';
import { allPages, type EcsLike } from '../aws/reads';
import { BATCH, batches } from './ecs-reads';
import { normalizeCluster } from './normalize';

export type ClusterSummary = Pick<
  ClusterRecord,
  'arn' | 'name' | 'region' | 'status' | 'runningTasksCount' | 'pendingTasksCount' | 'activeServicesCount' | 'registeredContainerInstancesCount' | 'capacityProviders' | 'problemCount' | 'health' | 'fetchedAt' | 'stale'
>;

export interface OverviewResult {
  clusters: ClusterSummary[];
  errors: Array<{ region: string; message: string }>;
}

export interface OverviewDeps {
  ecsFor(region: string): EcsLike;
  now(): number;
  /** Problems Wharf knows of per cluster (the session's region and the watched ones are swept). */
  problemCount(clusterArn: string): number;
  /** The cluster's verdict from the same problems (contract/health.ts). */
  health(clusterArn: string): ClusterHealth;
  /**
   * The region's clusters as a poller already holds them (the session's region, a watched
   * one), or null: then they are read from AWS. Saves the overview's calls where Wharf reads
   * the region anyway.
   */
  known?(region: string): ClusterRecord[] | null;
  /** A failure as a sentence naming the fix (expired credentials, access denied, ...). */
  explain(err: unknown): string;
}

/**
 * Every cluster of the profile across the chosen regions: what the pollers hold, else per
 * region one ListClusters per 100 clusters and one DescribeClusters per 100. Regions are asked in parallel (each has its own
 * token buckets); a region that fails is named with its error, the others still answer.
 */
export async function clusterOverview(regions: readonly string[], deps: OverviewDeps): Promise<OverviewResult> {
  const result: OverviewResult = { clusters: [], errors: [] };
  await Promise.all(
    [...new Set(regions)].map(async (region) => {
      try {
        result.clusters.push(...(await regionClusters(region, deps)));
      } catch (err) {
        result.errors.push({ region, message: deps.explain(err) });
      }
    }),
  );
  result.clusters.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
  result.errors.sort((a, b) => a.region.localeCompare(b.region));
  return result;
}

async function regionClusters(region: string, deps: OverviewDeps): Promise<ClusterSummary[]> {
  const known = deps.known?.(region);
  if (known) return known.map((c) => summaryOf(c, deps.problemCount(c.arn), deps.health(c.arn)));
  const ecs = deps.ecsFor(region);
  const arns = (await allPages((nextToken) => ecs.send(new ListClustersCommand({ nextToken, maxResults: 100 })))).flatMap((p) => p.clusterArns ?? []);
  const out: ClusterSummary[] = [];
  for (const batch of batches(arns, BATCH.clusters)) {
    const res = await ecs.send(new DescribeClustersCommand({ clusters: batch }));
    const fetchedAt = deps.now();
    for (const c of res.clusters ?? []) {
      const r = normalizeCluster(c, region, fetchedAt);
      out.push(summaryOf(r, deps.problemCount(r.arn), deps.health(r.arn)));
    }
  }
  return out;
}

function summaryOf(r: ClusterRecord, problemCount: number, health: ClusterHealth): ClusterSummary {
  return {
    arn: r.arn, name: r.name, region: r.region, status: r.status, runningTasksCount: r.runningTasksCount, pendingTasksCount: r.pendingTasksCount,
    activeServicesCount: r.activeServicesCount, registeredContainerInstancesCount: r.registeredContainerInstancesCount,
    capacityProviders: r.capacityProviders, problemCount, health, fetchedAt: r.fetchedAt, stale: r.stale,
  };
}
