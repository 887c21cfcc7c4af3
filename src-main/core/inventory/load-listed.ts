import type { ClusterRecord } from '../../contract/domains/inventory';
import { batches, failedArns, forEachPage, Limiter } from '../aws/ecs-reads';
import type { RecordOf } from './delta';
import { emitter, LoadOutcome, pagesFor, type LoadContext } from './load-context';

type ListedKind = 'services' | 'instances';

/** What differs between the kinds that are listed by ARN, then all described each time. */
export interface ListedKindSpec<K extends ListedKind, Item> {
  kind: K;
  batchSize: number;
  concurrency: number;
  /** The cluster summary's count of this kind, to estimate the pages to come. */
  expectedCount(cluster: ClusterRecord | undefined): number | undefined;
  listOperation: string;
  list(clusterArn: string, nextToken: string | undefined): Promise<{ arns: string[]; nextToken: string | undefined }>;
  describeOperation: string;
  describe(clusterArn: string, arns: string[]): Promise<{ items: Item[]; failures: Parameters<typeof failedArns>[0] }>;
  normalize(item: Item, clusterArn: string, fetchedAt: number): RecordOf[K];
}

/**
 * One kind of one cluster: every list page, each page described at once in batches (so the
 * first records are on screen while later pages are still being listed). Failed describes
 * and `failures[]` mark records stale, never remove them; after a complete listing, what is
 * not in it is gone. Services and container instances both load this way.
 */
export async function loadListed<K extends ListedKind, Item>(ctx: LoadContext, clusterArn: string, spec: ListedKindSpec<K, Item>, opts: { progress: boolean }): Promise<LoadOutcome> {
  const { kind } = spec;
  const outcome = new LoadOutcome();
  const startedAt = ctx.now();
  const listed = new Set<string>();
  const refreshed = new Set<string>();
  const limiter = new Limiter(spec.concurrency);
  const describes: Array<Promise<void>> = [];
  // The cluster's counts may land while the first page is fetched: read them at each report.
  const expected = () => pagesFor(spec.expectedCount(ctx.model.clusterRecord(clusterArn)));
  let listingFailed = false;
  let pages = 0;

  const describe = async (arns: string[]) => {
    const out = emitter(ctx, clusterArn);
    try {
      const res = await limiter.run(() => outcome.call(ctx, spec.describeOperation, () => spec.describe(clusterArn, arns)));
      const fetchedAt = ctx.now();
      const records = res.items.map((item) => spec.normalize(item, clusterArn, fetchedAt));
      ctx.model.put(clusterArn, kind, records, out.delta);
      for (const r of records) refreshed.add(r.arn);
      ctx.model.stale(clusterArn, kind, failedArns(res.failures), out.delta);
    } catch {
      if (ctx.isCurrent()) ctx.model.stale(clusterArn, kind, arns, out.delta);
    }
    out.flush();
  };

  try {
    await forEachPage(
      (nextToken) => outcome.call(ctx, spec.listOperation, () => spec.list(clusterArn, nextToken)),
      (arns) => {
        pages++;
        for (const arn of arns) listed.add(arn);
        for (const batch of batches(arns, spec.batchSize)) describes.push(describe(batch));
        if (opts.progress && ctx.isCurrent()) {
          ctx.progress({ clusterArn, what: kind, pagesFetched: pages, pagesExpected: expected(), itemsFetched: listed.size, done: false });
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
    // Without the complete list nothing can be called gone; what was not refreshed is stale.
    ctx.model.stale(clusterArn, kind, [...state[kind].keys()].filter((arn) => !refreshed.has(arn)), out.delta);
  } else {
    ctx.model.removeNotListed(clusterArn, kind, listed, out.delta);
    if (outcome.ok) {
      out.delta.refreshed(kind, startedAt);
      ctx.model.fullyRead(clusterArn, kind, startedAt);
    }
    if (!state.complete[kind]) out.delta.completed(kind);
    state.complete[kind] = true;
  }
  out.flush();
  if (opts.progress && ctx.isCurrent()) {
    ctx.progress({ clusterArn, what: kind, pagesFetched: pages, pagesExpected: expected(), itemsFetched: refreshed.size, done: true });
  }
  return outcome;
}
