import type { Handlers } from '../rpc/handlers';
import type { InventoryService } from './inventory-service';

type InventoryMethod =
  | 'inventory.focus'
  | 'inventory.clusters'
  | 'inventory.snapshot'
  | 'inventory.refresh'
  | 'inventory.taskDefinition'
  | 'inventory.taskDefinitionRevisions'
  | 'inventory.overview'
  | 'problems.list';

export function inventoryHandlers(deps: { inventory: InventoryService }): Handlers<InventoryMethod> {
  const { inventory } = deps;
  return {
    'inventory.focus': (focus) => {
      inventory.setFocus(focus);
      return { ok: true as const };
    },
    'inventory.clusters': () => ({ clusters: inventory.clusters() }),
    'inventory.snapshot': ({ clusterArn }) => inventory.snapshot(clusterArn),
    'inventory.refresh': () => {
      inventory.refresh();
      return { ok: true as const };
    },
    'inventory.taskDefinition': ({ arn }) => inventory.taskDefinition(arn),
    'inventory.taskDefinitionRevisions': async ({ family }) => ({ arns: await inventory.taskDefinitionRevisions(family) }),
    'inventory.overview': ({ regions }) => inventory.overview(regions),
    'problems.list': () => ({ problems: inventory.problemList() }),
  };
}
