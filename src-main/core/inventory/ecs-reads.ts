import type { Failure } from '@aws-sdk/client-ecs';

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
