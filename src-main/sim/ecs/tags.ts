/** TagResource, UntagResource, ListTagsForResource on any ECS resource ARN. */
import type { OperationHandler } from '../http/types';
import { SimError } from '../http/types';
import type { Tag } from '../world/types';
import { clusterNameOf } from '../world/world';
import { requiredString, stringList, type EcsDeps } from './deps';

function tagsOf(deps: EcsDeps, arn: string): Tag[] | undefined {
  const { world } = deps;
  const resource = arn.split(':').slice(5).join(':');
  const [kind, ...rest] = resource.split('/');
  switch (kind) {
    case 'cluster':
      return world.clusters.get(clusterNameOf(arn))?.tags;
    case 'service':
      return world.services.get(arn)?.tags;
    case 'task':
      return world.tasks.get(arn)?.tags;
    case 'container-instance':
      return world.instances.get(arn)?.tags;
    case 'task-definition':
      return world.taskDefinitions.get(arn)?.tags;
    case 'capacity-provider':
      return world.capacityProviders.get(rest.join('/'))?.tags;
    default:
      return undefined;
  }
}

function requireTags(deps: EcsDeps, arn: string): Tag[] {
  const tags = tagsOf(deps, arn);
  if (!tags) throw new SimError('ResourceNotFoundException', 'The specified resource could not be found.');
  return tags;
}

export function tagOperations(deps: EcsDeps): Record<string, OperationHandler> {
  return {
    ListTagsForResource(input) {
      return { tags: requireTags(deps, requiredString(input.resourceArn, 'resourceArn')) };
    },
    TagResource(input) {
      const tags = requireTags(deps, requiredString(input.resourceArn, 'resourceArn'));
      for (const tag of (input.tags ?? []) as Tag[]) {
        const existing = tags.find((t) => t.key === tag.key);
        if (existing) existing.value = tag.value;
        else tags.push({ key: tag.key, value: tag.value });
      }
      return {};
    },
    UntagResource(input) {
      const tags = requireTags(deps, requiredString(input.resourceArn, 'resourceArn'));
      const remove = new Set(stringList(input.tagKeys, 'tagKeys', 50));
      const kept = tags.filter((t) => !remove.has(t.key));
      tags.length = 0;
      tags.push(...kept);
      return {};
    },
  };
}
