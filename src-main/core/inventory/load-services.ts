import { DescribeServicesCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { BATCH, failedArns } from '../aws/ecs-reads';
import { emitter, LoadOutcome, type LoadContext } from './load-context';
import { loadListed } from './load-listed';
import { loadTasks } from './load-tasks';
import { lastSegment, normalizeService } from './normalize';

/**
 * Services of one cluster: every ListServices page, each page described at once in batches
 * of 10 (so the first services are on screen while later pages are still being listed).
 * Every service is described each time: any of its counts may have changed, and ListServices
 * says nothing but ARNs. After a complete listing, services not in it are removed.
 */
export function loadServices(ctx: LoadContext, clusterArn: string, opts: { progress: boolean }): Promise<LoadOutcome> {
  return loadListed(
    ctx,
    clusterArn,
    {
      kind: 'services',
      batchSize: BATCH.services,
      concurrency: BATCH.services,
      expectedCount: (cluster) => cluster?.activeServicesCount,
      listOperation: 'ListServices',
      list: async (cluster, nextToken) => {
        const res = await ctx.ecs.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
        return { arns: res.serviceArns ?? [], nextToken: res.nextToken };
      },
      describeOperation: 'DescribeServices',
      describe: async (cluster, services) => {
        const res = await ctx.ecs.send(new DescribeServicesCommand({ cluster, services }));
        return { items: res.services ?? [], failures: res.failures };
      },
      normalize: (service, _cluster, fetchedAt) => normalizeService(service, fetchedAt),
    },
    opts,
  );
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
