import { DescribeServicesCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { BATCH, batches, failedArns, forEachPage, Limiter } from './ecs-reads';
import { emitter, LoadOutcome, pagesFor, type LoadContext } from './load-context';
import { loadTasks } from './load-tasks';
import { lastSegment, normalizeService } from './normalize';

/**
 * Services of one cluster: every ListServices page, each page described at once in batches
 * of 10 (so the first services are on screen while later pages are still being listed).
 * Every service is described each time: any of its counts may have changed, and ListServices
 * says nothing but ARNs. After a complete listing, services not in it are removed.
 */
export async function loadServices(ctx: LoadContext, clusterArn: string, opts: { progress: boolean }): Promise<LoadOutcome> {
  const outcome = new LoadOutcome();
  const startedAt = ctx.now();
  const listed = new Set<string>();
  const refreshed = new Set<string>();
  const limiter = new Limiter(BATCH.services);
  const describes: Array<Promise<void>> = [];
  // The cluster's counts may land while the first page is fetched: read them at each report.
  const expected = () => pagesFor(ctx.model.clusterRecord(clusterArn)?.activeServicesCount);
  let listingFailed = false;
  let pages = 0;

  const describe = async (arns: string[]) => {
    const out = emitter(ctx, clusterArn);
    try {
      const res = await limiter.run(() => outcome.call(ctx, 'DescribeServices', () => ctx.ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: arns }))));
      const fetchedAt = ctx.now();
      const records = (res.services ?? []).map((s) => normalizeService(s, fetchedAt));
      ctx.model.put(clusterArn, 'services', records, out.delta);
      for (const r of records) refreshed.add(r.arn);
      ctx.model.stale(clusterArn, 'services', failedArns(res.failures), out.delta);
    } catch {
      if (ctx.isCurrent()) ctx.model.stale(clusterArn, 'services', arns, out.delta);
    }
    out.flush();
  };

  try {
    await forEachPage(
      async (nextToken) => {
        const res = await outcome.call(ctx, 'ListServices', () => ctx.ecs.send(new ListServicesCommand({ cluster: clusterArn, nextToken, maxResults: 100 })));
        return { arns: res.serviceArns ?? [], nextToken: res.nextToken };
      },
      (arns) => {
        pages++;
        for (const arn of arns) listed.add(arn);
        for (const batch of batches(arns, BATCH.services)) describes.push(describe(batch));
        if (opts.progress && ctx.isCurrent()) {
          ctx.progress({ clusterArn, what: 'services', pagesFetched: pages, pagesExpected: expected(), itemsFetched: listed.size, done: false });
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
    ctx.model.stale(clusterArn, 'services', [...state.services.keys()].filter((arn) => !refreshed.has(arn)), out.delta);
  } else {
    ctx.model.removeNotListed(clusterArn, 'services', listed, out.delta);
    if (outcome.ok) out.delta.refreshed('services', startedAt);
    state.complete.services = true;
  }
  out.flush();
  if (opts.progress && ctx.isCurrent()) {
    ctx.progress({ clusterArn, what: 'services', pagesFetched: pages, pagesExpected: expected(), itemsFetched: refreshed.size, done: true });
  }
  return outcome;
}

/**
 * The service an operator is looking at, every few seconds: one DescribeServices, then its
 * tasks (ListTasks filtered by service, RUNNING and STOPPED; describes as in loadTasks).
 */
export async function loadFocusedService(ctx: LoadContext, clusterArn: string, serviceArn: string): Promise<LoadOutcome> {
  const outcome = new LoadOutcome();
  const out = emitter(ctx, clusterArn);
  let name = ctx.model.state(clusterArn).services.get(serviceArn)?.name ?? lastSegment(serviceArn);
  try {
    const res = await outcome.call(ctx, 'DescribeServices', () => ctx.ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: [serviceArn] })));
    const fetchedAt = ctx.now();
    const records = (res.services ?? []).map((s) => normalizeService(s, fetchedAt));
    ctx.model.put(clusterArn, 'services', records, out.delta);
    ctx.model.stale(clusterArn, 'services', failedArns(res.failures), out.delta);
    name = records[0]?.name ?? name;
  } catch {
    if (ctx.isCurrent()) ctx.model.stale(clusterArn, 'services', [serviceArn], out.delta);
  }
  out.flush();
  const tasks = await loadTasks(ctx, clusterArn, { kind: 'service', serviceName: name });
  outcome.calls += tasks.calls;
  outcome.errors.push(...tasks.errors);
  return outcome;
}
