/** ListTaskDefinitionFamilies, ListTaskDefinitions, DescribeTaskDefinition, RegisterTaskDefinition. */
import type { OperationHandler } from '../http/types';
import type { TaskDefinitionRecord } from '../world/types';
import { includeSet, optionalString, requiredString, type EcsDeps } from './deps';
import { clientError, invalidParameter } from './errors';
import { paginate } from './pagination';
import { renderTaskDefinition } from './render';

const FAMILY_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

export function taskDefinitionOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { world, engine } = deps;
  return {
    ListTaskDefinitionFamilies(input) {
      const prefix = optionalString(input.familyPrefix, 'familyPrefix') ?? '';
      const status = optionalString(input.status, 'status') ?? 'ACTIVE';
      function* families() {
        for (const [family, revisions] of [...world.families].sort(([a], [b]) => a.localeCompare(b))) {
          if (!family.startsWith(prefix)) continue;
          const active = revisions.some((r) => r.status === 'ACTIVE');
          if (status === 'ALL' || (status === 'ACTIVE') === active) yield family;
        }
      }
      const { page, nextToken } = paginate(families(), input, { defaultSize: 100, maxSize: 100, listing: `ListTaskDefinitionFamilies|${prefix}|${status}` });
      return { families: page, nextToken };
    },

    ListTaskDefinitions(input) {
      const family = optionalString(input.familyPrefix, 'familyPrefix');
      const status = optionalString(input.status, 'status') ?? 'ACTIVE';
      const sort = optionalString(input.sort, 'sort') ?? 'ASC';
      let definitions: TaskDefinitionRecord[] = family
        ? [...(world.families.get(family) ?? [])]
        : [...world.families.keys()].sort().flatMap((f) => world.families.get(f) ?? []);
      definitions = definitions.filter((d) => d.status === status);
      if (sort === 'DESC') definitions.reverse();
      const { page, nextToken } = paginate(definitions.map((d) => d.arn), input, { defaultSize: 100, maxSize: 100, listing: `ListTaskDefinitions|${family}|${status}|${sort}` });
      return { taskDefinitionArns: page, nextToken };
    },

    DescribeTaskDefinition(input) {
      const definition = world.findTaskDefinition(requiredString(input.taskDefinition, 'taskDefinition'));
      if (!definition) throw clientError('Unable to describe task definition.');
      return {
        taskDefinition: renderTaskDefinition(definition),
        tags: includeSet(input.include).has('TAGS') ? definition.tags : undefined,
      };
    },

    RegisterTaskDefinition(input) {
      const family = requiredString(input.family, 'family');
      if (!FAMILY_NAME.test(family)) throw clientError('Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.');
      if (!Array.isArray(input.containerDefinitions) || input.containerDefinitions.length === 0) {
        throw clientError('Container list cannot be empty.');
      }
      for (const container of input.containerDefinitions as Array<Record<string, unknown>>) {
        if (!container.name || !container.image) throw clientError('Container.name and Container.image should not be null or empty.');
      }
      if (input.networkMode !== undefined && !['bridge', 'host', 'awsvpc', 'none'].includes(input.networkMode)) {
        throw invalidParameter(`Invalid networkMode: ${String(input.networkMode)}`);
      }
      const { tags, ...body } = input;
      const revision = world.nextRevision(family);
      const definition: TaskDefinitionRecord = {
        arn: world.taskDefinitionArn(family, revision),
        family,
        revision,
        status: 'ACTIVE',
        registeredAt: engine.now(),
        registeredBy: `arn:aws:iam::${world.accountId}:root`,
        body: structuredClone(body),
        tags: Array.isArray(tags) ? tags : [],
      };
      world.addTaskDefinition(definition);
      return { taskDefinition: renderTaskDefinition(definition), tags: definition.tags };
    },
  };
}
