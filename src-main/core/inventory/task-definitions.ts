import { DescribeTaskDefinitionCommand, type TaskDefinition } from '@aws-sdk/client-ecs';
import type { TaskDefinitionDoc } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import type { EcsLike } from '../aws/reads';
import { listFamilyRevisions } from '../registry/task-definitions';

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
  revisions(family: string): Promise<string[]> {
    return listFamilyRevisions(this.ecs(), family, { max: Infinity });
  }

  private remember(key: string, doc: TaskDefinitionDoc): void {
    this.cache.set(key, doc);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
}
