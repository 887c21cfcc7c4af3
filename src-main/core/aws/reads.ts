import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';

/**
 * The clients as every read takes them: Wharf's real client (token buckets, counters) in the
 * app, a plain SDK client or a fake in tests. Only `send` is used.
 */
export type EcsLike = Pick<ECSClient, 'send'>;
export type EcrLike = Pick<ECRClient, 'send'>;

/** A guard against a server that keeps answering with a nextToken. */
const MAX_PAGES = 2000;

/**
 * Every page of a list call, followed to the last one (the one pagination loop of the reads
 * that want the whole list at once; the poller's pages stream through forEachPage instead).
 * `enough`, when given, is shown each page and stops the reading early once it says so.
 */
export async function allPages<P extends { nextToken?: string }>(fetchPage: (nextToken: string | undefined) => Promise<P>, enough?: (page: P) => boolean): Promise<P[]> {
  const pages: P[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    pages.push(page);
    if (enough?.(page)) break;
    nextToken = page.nextToken;
  } while (nextToken && pages.length < MAX_PAGES);
  return pages;
}
