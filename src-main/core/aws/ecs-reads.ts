import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  type Cluster,
  type Failure,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { allPages, type EcsLike } from './reads';

/**
 * The ECS reads of core: batch sizes and the pieces the inventory's poller builds its loads
 * from (it streams pages through forEachPage), and whole reads for the registry, rollback and
 * the overview (every page followed, every describe at the API's batch maximum).
 */

/** ECS's batch limits (docs/ecs-facts.md): every describe goes out at the API maximum. */
export const BATCH = { services: 10, tasks: 100, containerInstances: 100, clusters: 100 } as const;

/** Splits ARNs into batches of `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The ARNs ECS reported in `failures[]` (MISSING, or a transient reason): to be marked stale. */
export function failedArns(failures: Failure[] | undefined): string[] {
  return (failures ?? []).map((f) => f.arn ?? '').filter((arn) => arn !== '');
}

/** A short sentence for the status bar's "last error". */
export function describeError(operation: string, err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${operation} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

/**
 * Runs async tasks with at most `limit` in flight. The token buckets pace requests; this only
 * keeps a first load of thousands of items from holding thousands of pending promises.
 */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/**
 * Lists every page of a List* call, handing each page to `onPage` as it arrives. The next
 * page is asked for before `onPage` runs, so in Wharf's FIFO token bucket it goes ahead of
 * the describes `onPage` queues: the next ARNs are in hand before those describes are done,
 * and the bucket never idles waiting for a page. Throws the first failed page's error.
 */
export async function forEachPage(
  fetchPage: (nextToken: string | undefined) => Promise<{ arns: string[]; nextToken: string | undefined }>,
  onPage: (arns: string[], pageIndex: number) => void,
): Promise<number> {
  let page = await fetchPage(undefined);
  let pages = 0;
  for (;;) {
    const next = page.nextToken ? fetchPage(page.nextToken) : null;
    // A failing next page must not count as unhandled while this page is handed over.
    next?.catch(() => {});
    onPage(page.arns, pages);
    pages++;
    if (!next) return pages;
    page = await next;
  }
}

export async function listClusterArns(ecs: EcsLike): Promise<string[]> {
  const pages = await allPages((nextToken) => ecs.send(new ListClustersCommand({ nextToken, maxResults: 100 })));
  return pages.flatMap((p) => p.clusterArns ?? []);
}

/** Clusters by ARN, 100 per DescribeClusters. */
export async function describeClusters(ecs: EcsLike, clusters: readonly string[]): Promise<Cluster[]> {
  const out: Cluster[] = [];
  for (const batch of batches(clusters, BATCH.clusters)) out.push(...((await ecs.send(new DescribeClustersCommand({ clusters: batch }))).clusters ?? []));
  return out;
}

export async function listServiceArns(ecs: EcsLike, cluster: string): Promise<string[]> {
  const pages = await allPages((nextToken) => ecs.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 })));
  return pages.flatMap((p) => p.serviceArns ?? []);
}

/** Services of a cluster, 10 per DescribeServices. */
export async function describeServices(ecs: EcsLike, cluster: string, services: readonly string[]): Promise<Service[]> {
  const out: Service[] = [];
  for (const batch of batches(services, BATCH.services)) out.push(...((await ecs.send(new DescribeServicesCommand({ cluster, services: batch }))).services ?? []));
  return out;
}

/** One service, or null when ECS reports it missing (its `failures[]` entry) or INACTIVE. */
export async function describeService(ecs: EcsLike, cluster: string, service: string): Promise<Service | null> {
  const res = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = res.services?.[0];
  return found && found.status !== 'INACTIVE' ? found : null;
}

/** The RUNNING tasks of a service, 100 per DescribeTasks. */
export async function runningTasksOf(ecs: EcsLike, cluster: string, serviceName: string): Promise<Task[]> {
  const pages = await allPages((nextToken) => ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING', nextToken, maxResults: 100 })));
  const out: Task[] = [];
  for (const batch of batches(pages.flatMap((p) => p.taskArns ?? []), BATCH.tasks)) out.push(...((await ecs.send(new DescribeTasksCommand({ cluster, tasks: batch }))).tasks ?? []));
  return out;
}
