import type { inventoryMethods } from '../../contract/domains/inventory';
import type { DomainHandlers } from '../rpc/handlers';
import type { InventoryService } from './inventory-service';

export function inventoryHandlers(deps: { inventory: InventoryService }): DomainHandlers<typeof inventoryMethods> {
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
    'inventory.overview': () => inventory.overview(),
    'problems.list': () => ({ problems: inventory.problemList() }),
  };
}
