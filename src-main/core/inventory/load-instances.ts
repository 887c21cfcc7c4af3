import { DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { BATCH } from '../aws/ecs-reads';
import type { LoadContext, LoadOutcome } from './load-context';
import { loadListed } from './load-listed';
import { normalizeContainerInstance } from './normalize';

/**
 * Container instances of one cluster: every ListContainerInstances page (ACTIVE, DRAINING and
 * the other states but INACTIVE), each page described at once (100 per call, the page size).
 * All are described each time: remaining resources and agent status change without notice.
 * After a complete listing, instances not in it were deregistered and are removed.
 */
export function loadInstances(ctx: LoadContext, clusterArn: string, opts: { progress: boolean }): Promise<LoadOutcome> {
  return loadListed(
    ctx,
    clusterArn,
    {
      kind: 'instances',
      batchSize: BATCH.containerInstances,
      concurrency: 4,
      expectedCount: (cluster) => cluster?.registeredContainerInstancesCount,
      listOperation: 'ListContainerInstances',
      list: async (cluster, nextToken) => {
        const res = await ctx.ecs.send(new ListContainerInstancesCommand({ cluster, nextToken, maxResults: 100 }));
        return { arns: res.containerInstanceArns ?? [], nextToken: res.nextToken };
      },
      describeOperation: 'DescribeContainerInstances',
      describe: async (cluster, arns) => {
        const res = await ctx.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns }));
        return { items: res.containerInstances ?? [], failures: res.failures };
      },
      normalize: normalizeContainerInstance,
    },
    opts,
  );
}
