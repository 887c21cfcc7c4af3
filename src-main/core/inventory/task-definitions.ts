import { DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, type TaskDefinition } from '@aws-sdk/client-ecs';
import type { TaskDefinitionDoc } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import type { EcsLike } from './ecs-reads';

/**
 * Task definitions on demand. A registered revision never changes, so each is fetched once
 * and kept (a bounded cache: the oldest looked-at goes first). A bare family name means
 * "the latest ACTIVE revision", which can change: it is always asked, and cached under the
 * revision ECS answers with.
 */
const MAX_CACHED = 500;

/** "family:3" or an ARN ending in ":3" names one immutable revision. */
export function namesRevision(reference: string): boolean {
  return /:\d+$/.test(reference);
}

/** `task-definition/<family>:<revision>` -> family. */
export function familyOf(arn: string): string {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon > 0 ? name.slice(0, colon) : name;
}

/** Dates as epoch ms (the transport is JSON), everything else as ECS sent it. */
function toDoc(td: TaskDefinition): TaskDefinitionDoc {
  const doc: Record<string, unknown> = { ...td };
  for (const [key, value] of Object.entries(doc)) if (value instanceof Date) doc[key] = value.getTime();
  return doc as TaskDefinitionDoc;
}

export class TaskDefinitions {
  private readonly cache = new Map<string, TaskDefinitionDoc>();

  constructor(private readonly ecs: () => EcsLike) {}

  async get(reference: string): Promise<TaskDefinitionDoc> {
    const hit = this.cache.get(reference);
    if (hit) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      this.cache.delete(reference);
      this.cache.set(reference, hit);
      return hit;
    }
    const res = await this.ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition: reference }));
    if (!res.taskDefinition) throw new WharfError('NOT_FOUND', `ECS returned no task definition for ${reference}.`);
    const doc = toDoc(res.taskDefinition);
    this.remember(doc.taskDefinitionArn, doc);
    if (namesRevision(reference)) this.remember(reference, doc);
    return doc;
  }

  /** Every ACTIVE revision ARN of exactly this family, newest first (all pages). */
  async revisions(family: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      // familyPrefix is a prefix: "web" also matches "web-api", so keep exact matches only.
      const res = await this.ecs().send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC', maxResults: 100, nextToken }));
      arns.push(...(res.taskDefinitionArns ?? []).filter((arn) => familyOf(arn) === family));
      nextToken = res.nextToken;
    } while (nextToken);
    return arns;
  }

  private remember(key: string, doc: TaskDefinitionDoc): void {
    this.cache.set(key, doc);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
}
