import { DescribeCapacityProvidersCommand, DescribeClustersCommand, ListClustersCommand, type ClusterField } from '@aws-sdk/client-ecs';
import type { CapacityProviderRecord } from '../../contract/domains/inventory';
import { BATCH, batches, failedArns, forEachPage } from '../aws/ecs-reads';
import { allPages } from '../aws/reads';
import { emitter, LoadOutcome, type LoadContext } from './load-context';
import { builtInCapacityProvider, normalizeCapacityProvider, normalizeCluster } from './normalize';

/** SETTINGS gives Container Insights, CONFIGURATIONS the exec settings; same in every call, so records compare equal. */
const INCLUDE: ClusterField[] = ['SETTINGS', 'CONFIGURATIONS'];

/**
 * The clusters of the region as summaries (DescribeClusters counts, 100 per call). Clusters
 * missing from a complete ListClusters were deleted; a failure keeps them, stale.
 */
export async function loadClusterSummaries(ctx: LoadContext): Promise<LoadOutcome> {
  const outcome = new LoadOutcome();
  const listed = new Set<string>();
  const describes: Array<Promise<void>> = [];
  let listingFailed = false;
  try {
    await forEachPage(
      async (nextToken) => {
        const res = await outcome.call(ctx, 'ListClusters', () => ctx.ecs.send(new ListClustersCommand({ nextToken, maxResults: 100 })));
        return { arns: res.clusterArns ?? [], nextToken: res.nextToken };
      },
      (arns) => {
        for (const arn of arns) listed.add(arn);
        for (const batch of batches(arns, BATCH.clusters)) describes.push(describeClusters(ctx, outcome, batch));
      },
    );
  } catch {
    listingFailed = true;
  }
  await Promise.all(describes);
  const out = emitter(ctx, null);
  if (listingFailed) ctx.model.staleClusters(ctx.model.clusters().filter((c) => c.region === ctx.region && !listed.has(c.arn)).map((c) => c.arn), out.delta);
  else ctx.model.removeClustersNotListed(ctx.region, listed, out.delta, ctx.now());
  out.flush();
  return outcome;
}

async function describeClusters(ctx: LoadContext, outcome: LoadOutcome, arns: string[]): Promise<void> {
  const out = emitter(ctx, null);
  try {
    const res = await outcome.call(ctx, 'DescribeClusters', () => ctx.ecs.send(new DescribeClustersCommand({ clusters: arns, include: INCLUDE })));
    const fetchedAt = ctx.now();
    ctx.model.putClusters((res.clusters ?? []).map((c) => normalizeCluster(c, ctx.region, fetchedAt)), out.delta);
    ctx.model.staleClusters(failedArns(res.failures), out.delta);
  } catch {
    ctx.model.staleClusters(arns, out.delta);
  }
  out.flush();
}

/**
 * The focused cluster itself: its DescribeClusters counts (1 call) and its capacity
 * providers. FARGATE and FARGATE_SPOT are built in; only Auto Scaling providers are described.
 */
export async function loadFocusedCluster(ctx: LoadContext, clusterArn: string): Promise<LoadOutcome> {
  const outcome = new LoadOutcome();
  await describeClusters(ctx, outcome, [clusterArn]);
  const cluster = ctx.model.clusterRecord(clusterArn);
  if (!cluster || !outcome.ok) return outcome;

  const out = emitter(ctx, clusterArn);
  const fetchedAt = ctx.now();
  const names = cluster.capacityProviders;
  const records: CapacityProviderRecord[] = [];
  for (const name of names) if (name === 'FARGATE' || name === 'FARGATE_SPOT') records.push(builtInCapacityProvider(name, fetchedAt));
  const asgNames = names.filter((n) => n !== 'FARGATE' && n !== 'FARGATE_SPOT');
  try {
    for (const batch of batches(asgNames, 10)) {
      await allPages(async (nextToken) => {
        const res = await outcome.call(ctx, 'DescribeCapacityProviders', () =>
          ctx.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: batch, maxResults: 10, nextToken })),
        );
        records.push(...(res.capacityProviders ?? []).map((cp) => normalizeCapacityProvider(cp, ctx.now())));
        ctx.model.stale(clusterArn, 'capacityProviders', (res.failures ?? []).map((f) => nameOfProviderArn(f.arn ?? '')), out.delta);
        return res;
      });
    }
    ctx.model.put(clusterArn, 'capacityProviders', records, out.delta);
    ctx.model.removeNotListed(clusterArn, 'capacityProviders', new Set(names), out.delta);
    out.delta.refreshed('capacityProviders', fetchedAt);
  } catch {
    ctx.model.put(clusterArn, 'capacityProviders', records, out.delta);
    ctx.model.stale(clusterArn, 'capacityProviders', asgNames, out.delta);
  }
  out.flush();
  return outcome;
}

/** failures[] name a provider by ARN or by name; the model keys providers by name. */
function nameOfProviderArn(arnOrName: string): string {
  return arnOrName.includes(':capacity-provider/') ? arnOrName.slice(arnOrName.lastIndexOf('/') + 1) : arnOrName;
}
