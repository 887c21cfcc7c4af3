import { DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { BATCH, batches, failedArns, forEachPage, Limiter } from './ecs-reads';
import { emitter, LoadOutcome, pagesFor, type LoadContext } from './load-context';
import { normalizeContainerInstance } from './normalize';

/**
 * Container instances of one cluster: every ListContainerInstances page (ACTIVE, DRAINING and
 * the other states but INACTIVE), each page described at once (100 per call, the page size).
 * All are described each time: remaining resources and agent status change without notice.
 * After a complete listing, instances not in it were deregistered and are removed.
 */
export async function loadInstances(ctx: LoadContext, clusterArn: string, opts: { progress: boolean }): Promise<LoadOutcome> {
  const outcome = new LoadOutcome();
  const startedAt = ctx.now();
  const listed = new Set<string>();
  const refreshed = new Set<string>();
  const limiter = new Limiter(4);
  const describes: Array<Promise<void>> = [];
  // The cluster's counts may land while the first page is fetched: read them at each report.
  const expected = () => pagesFor(ctx.model.clusterRecord(clusterArn)?.registeredContainerInstancesCount);
  let pages = 0;
  let listingFailed = false;

  const describe = async (arns: string[]) => {
    const out = emitter(ctx, clusterArn);
    try {
      const res = await limiter.run(() =>
        outcome.call(ctx, 'DescribeContainerInstances', () => ctx.ecs.send(new DescribeContainerInstancesCommand({ cluster: clusterArn, containerInstances: arns }))),
      );
      const fetchedAt = ctx.now();
      const records = (res.containerInstances ?? []).map((ci) => normalizeContainerInstance(ci, clusterArn, fetchedAt));
      ctx.model.put(clusterArn, 'instances', records, out.delta);
      for (const r of records) refreshed.add(r.arn);
      ctx.model.stale(clusterArn, 'instances', failedArns(res.failures), out.delta);
    } catch {
      if (ctx.isCurrent()) ctx.model.stale(clusterArn, 'instances', arns, out.delta);
    }
    out.flush();
  };

  try {
    await forEachPage(
      async (nextToken) => {
        const res = await outcome.call(ctx, 'ListContainerInstances', () => ctx.ecs.send(new ListContainerInstancesCommand({ cluster: clusterArn, nextToken, maxResults: 100 })));
        return { arns: res.containerInstanceArns ?? [], nextToken: res.nextToken };
      },
      (arns) => {
        pages++;
        for (const arn of arns) listed.add(arn);
        for (const batch of batches(arns, BATCH.containerInstances)) describes.push(describe(batch));
        if (opts.progress && ctx.isCurrent()) {
          ctx.progress({ clusterArn, what: 'instances', pagesFetched: pages, pagesExpected: expected(), itemsFetched: listed.size, done: false });
        }
      },
    );
  } catch {
    listingFailed = true;
  }
  await Promise.all(describes);
  if (!ctx.isCurrent()) return outcome;

  const out = emitter(ctx, clusterArn);
  const state = ctx.model.state(clusterArn);
  if (listingFailed) {
    ctx.model.stale(clusterArn, 'instances', [...state.instances.keys()].filter((arn) => !refreshed.has(arn)), out.delta);
  } else {
    ctx.model.removeNotListed(clusterArn, 'instances', listed, out.delta);
    if (outcome.ok) out.delta.refreshed('instances', startedAt);
    state.complete.instances = true;
  }
  out.flush();
  if (opts.progress && ctx.isCurrent()) {
    ctx.progress({ clusterArn, what: 'instances', pagesFetched: pages, pagesExpected: expected(), itemsFetched: refreshed.size, done: true });
  }
  return outcome;
}
