import { DescribeTasksCommand, ListTasksCommand, type DesiredStatus } from '@aws-sdk/client-ecs';
import type { TaskRecord } from '../../contract/domains/inventory';
import { BATCH, failedArns, forEachPage, Limiter } from '../aws/ecs-reads';
import { emitter, LoadOutcome, pagesFor, type LoadContext } from './load-context';
import { normalizeTask } from './normalize';
import { TaskDescribePlan } from './task-plan';

/**
 * Tasks of one cluster, incrementally: ListTasks (RUNNING and STOPPED) gives ARNs; only ARNs
 * not seen before and known tasks not yet STOPPED are described, in full batches of 100. A
 * STOPPED task never changes, so it is described once and then only confirmed by the listing.
 *
 * - `cluster`: the focused cluster; both listings complete, so expired stopped tasks go.
 * - `stopped`: the background sweep: only ListTasks(STOPPED), for crash loops and errors.
 * - `service`: the focused service, every few seconds: both listings filtered by service.
 */
export type TaskScope = { kind: 'cluster'; progress: boolean } | { kind: 'stopped' } | { kind: 'service'; serviceName: string };

export async function loadTasks(ctx: LoadContext, clusterArn: string, scope: TaskScope): Promise<LoadOutcome> {
  const outcome = new LoadOutcome();
  const startedAt = ctx.now();
  const state = ctx.model.state(clusterArn);
  const inScope = (t: TaskRecord) => scope.kind !== 'service' || t.serviceName === scope.serviceName;
  const plan = new TaskDescribePlan(state.tasks, BATCH.tasks);
  const limiter = new Limiter(4);
  const describes: Array<Promise<void>> = [];
  const listed = new Set<string>();
  const expected = () => {
    const cluster = ctx.model.clusterRecord(clusterArn);
    return pagesFor(cluster ? cluster.runningTasksCount + cluster.pendingTasksCount : undefined);
  };
  const progress = scope.kind === 'cluster' && scope.progress;
  let runningPages = 0;
  let listingFailed = false;

  const describe = async (arns: string[]) => {
    const out = emitter(ctx, clusterArn);
    try {
      const res = await limiter.run(() => outcome.call(ctx, 'DescribeTasks', () => ctx.ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: arns }))));
      const fetchedAt = ctx.now();
      ctx.model.put(clusterArn, 'tasks', (res.tasks ?? []).map((t) => normalizeTask(t, fetchedAt)), out.delta);
      ctx.model.stale(clusterArn, 'tasks', failedArns(res.failures), out.delta);
    } catch {
      if (ctx.isCurrent()) ctx.model.stale(clusterArn, 'tasks', arns, out.delta);
    }
    out.flush();
  };
  const send = (batch: string[]) => describes.push(describe(batch));

  const list = (desiredStatus: DesiredStatus) =>
    forEachPage(
      async (nextToken) => {
        const input = { cluster: clusterArn, desiredStatus, nextToken, maxResults: 100, serviceName: scope.kind === 'service' ? scope.serviceName : undefined };
        const res = await outcome.call(ctx, 'ListTasks', () => ctx.ecs.send(new ListTasksCommand(input)));
        return { arns: res.taskArns ?? [], nextToken: res.nextToken };
      },
      (arns) => {
        for (const arn of arns) listed.add(arn);
        plan.addListed(arns).forEach(send);
        if (desiredStatus === 'RUNNING' && progress && ctx.isCurrent()) {
          runningPages++;
          ctx.progress({ clusterArn, what: 'tasks', pagesFetched: runningPages, pagesExpected: expected(), itemsFetched: listed.size, done: false });
        }
      },
    ).catch(() => {
      listingFailed = true;
    });

  await Promise.all(scope.kind === 'stopped' ? [list('STOPPED')] : [list('RUNNING'), list('STOPPED')]);
  // Known live tasks missing from the listings have most likely stopped: describe them too.
  if (scope.kind !== 'stopped') plan.addKnownLive(inScope).forEach(send);
  plan.flush().forEach(send);
  await Promise.all(describes);
  if (!ctx.isCurrent()) return outcome;

  const out = emitter(ctx, clusterArn);
  if (listingFailed) {
    ctx.model.stale(clusterArn, 'tasks', ctx.model.liveTaskArns(clusterArn, inScope).filter((arn) => !plan.queued.has(arn)), out.delta);
  } else {
    const now = ctx.now();
    ctx.model.confirmStoppedTasks(clusterArn, listed, now);
    if (scope.kind !== 'service') ctx.model.removeExpiredTasks(clusterArn, listed, now, out.delta);
    if (scope.kind === 'cluster') {
      if (outcome.ok) {
        out.delta.refreshed('tasks', startedAt);
        ctx.model.fullyRead(clusterArn, 'tasks', startedAt);
      }
      if (!state.complete.tasks) out.delta.completed('tasks');
      state.complete.tasks = true;
    }
  }
  out.flush();
  if (progress && ctx.isCurrent()) {
    ctx.progress({ clusterArn, what: 'tasks', pagesFetched: runningPages, pagesExpected: expected(), itemsFetched: listed.size, done: true });
  }
  return outcome;
}
