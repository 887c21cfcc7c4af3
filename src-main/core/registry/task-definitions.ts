import { DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, type Tag, type TaskDefinition } from '@aws-sdk/client-ecs';
import { familyRevisionOf } from '../../contract/arn';
import type { EcsLike } from '../aws/reads';

export interface DescribedTaskDefinition {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}


/**
 * Task definitions by ARN. A revision's body never changes once registered, so a described one
 * is kept (bounded); `fresh` re-reads it when the tags or the status must be current (a preview).
 */
export class TaskDefinitionCache {
  private readonly byArn = new Map<string, DescribedTaskDefinition>();

  constructor(private readonly limit = 2000) {}

  async describe(ecs: EcsLike, arn: string, opts: { fresh?: boolean } = {}): Promise<DescribedTaskDefinition> {
    const cached = this.byArn.get(arn);
    if (cached && !opts.fresh) return cached;
    const res = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
    if (!res.taskDefinition) throw new Error(`ECS described no task definition for ${arn}.`);
    const described: DescribedTaskDefinition = { taskDefinition: res.taskDefinition, tags: res.tags ?? [] };
    this.remember(res.taskDefinition.taskDefinitionArn ?? arn, described);
    if (arn !== res.taskDefinition.taskDefinitionArn) this.remember(arn, described);
    return described;
  }

  private remember(arn: string, described: DescribedTaskDefinition): void {
    if (this.byArn.size >= this.limit) {
      const oldest = this.byArn.keys().next().value;
      if (oldest !== undefined) this.byArn.delete(oldest);
    }
    this.byArn.set(arn, described);
  }
}

/**
 * Revision ARNs of exactly `family` (ListTaskDefinitions' familyPrefix is a prefix: `web`
 * also matches `web-worker`), newest first, at most `max`.
 */
export async function listFamilyRevisions(ecs: EcsLike, family: string, opts: { status?: 'ACTIVE' | 'INACTIVE'; max?: number } = {}): Promise<string[]> {
  const max = opts.max ?? 100;
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const res = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC', status: opts.status ?? 'ACTIVE', nextToken, maxResults: 100 }));
    for (const arn of res.taskDefinitionArns ?? []) {
      if (familyRevisionOf(arn)?.family === family) out.push(arn);
    }
    nextToken = res.nextToken;
  } while (nextToken && out.length < max);
  return out.slice(0, max);
}
