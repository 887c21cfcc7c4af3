import { DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, type Tag, type TaskDefinition } from '@aws-sdk/client-ecs';
import { familyRevisionOf } from '../../contract/arn';
import type { TaskDefinitionDoc } from '../../contract/domains/inventory';
import { WharfError } from '../../contract/errors';
import { allPages, type EcsLike } from './reads';

export interface DescribedTaskDefinition {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

/** "family:3" or an ARN ending in ":3" names one immutable revision. */
export function namesRevision(reference: string): boolean {
  return /:\d+$/.test(reference);
}

/**
 * Core's one cache of task definitions (the inventory's panels, the registry's image use,
 * rollback's targets and previews share it, so a revision is described once). A registered
 * revision's body never changes: it is kept by its ARN, which names account and region too, so
 * the cache outlives sessions (bounded: the least recently used goes first). `fresh` reads it
 * again where the tags or the status must be current (a preview).
 *
 * A reference other than an ARN is the ECS client's to resolve: `family:3` is remembered per
 * client (a session's region), a bare family ("the latest ACTIVE revision", which moves) is
 * always asked.
 */
export class TaskDefinitionCache {
  private readonly byArn = new Map<string, DescribedTaskDefinition>();
  private readonly aliases = new WeakMap<EcsLike, Map<string, string>>();

  constructor(private readonly limit = 2000) {}

  async describe(ecs: EcsLike, reference: string, opts: { fresh?: boolean } = {}): Promise<DescribedTaskDefinition> {
    const arn = reference.startsWith('arn:') ? reference : this.aliases.get(ecs)?.get(reference);
    const hit = arn && !opts.fresh ? this.byArn.get(arn) : undefined;
    if (hit) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      this.byArn.delete(arn!);
      this.byArn.set(arn!, hit);
      return hit;
    }
    const res = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }));
    const td = res.taskDefinition;
    if (!td?.taskDefinitionArn) throw new WharfError('NOT_FOUND', `ECS returned no task definition for ${reference}.`);
    const described: DescribedTaskDefinition = { taskDefinition: td, tags: res.tags ?? [] };
    this.byArn.set(td.taskDefinitionArn, described);
    while (this.byArn.size > this.limit) this.byArn.delete(this.byArn.keys().next().value as string);
    if (!reference.startsWith('arn:') && namesRevision(reference)) {
      const mine = this.aliases.get(ecs) ?? this.aliases.set(ecs, new Map()).get(ecs)!;
      mine.set(reference, td.taskDefinitionArn);
    }
    return described;
  }
}

/** A task definition as the renderer gets it: dates as epoch ms (the transport is JSON), everything else as ECS sent it. */
export function taskDefinitionDoc(td: TaskDefinition): TaskDefinitionDoc {
  const doc: Record<string, unknown> = { ...td };
  for (const [key, value] of Object.entries(doc)) if (value instanceof Date) doc[key] = value.getTime();
  return doc as TaskDefinitionDoc;
}

/**
 * Revision ARNs of exactly `family` (ListTaskDefinitions' familyPrefix is a prefix: `web`
 * also matches `web-worker`), newest first, at most `max`.
 */
export async function listFamilyRevisions(ecs: EcsLike, family: string, opts: { status?: 'ACTIVE' | 'INACTIVE'; max?: number } = {}): Promise<string[]> {
  const max = opts.max ?? 100;
  const ofFamily = (arns: string[] | undefined) => (arns ?? []).filter((arn) => familyRevisionOf(arn)?.family === family);
  let found = 0;
  const pages = await allPages(
    (nextToken) => ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC', status: opts.status ?? 'ACTIVE', nextToken, maxResults: 100 })),
    (page) => (found += ofFamily(page.taskDefinitionArns).length) >= max,
  );
  return pages.flatMap((p) => ofFamily(p.taskDefinitionArns)).slice(0, max);
}
