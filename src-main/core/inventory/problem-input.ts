import type { ClusterRecords } from '../problems/problems-engine';
import type { InventoryModel } from './model';

/**
 * What the Problems rules read from one model: every cluster whose services, tasks or
 * instances have been read (the focused one, and those the sweep reached), with its region.
 */
export function problemInputOf(model: InventoryModel): ClusterRecords[] {
  const out: ClusterRecords[] = [];
  for (const cluster of model.clusters()) {
    if (!model.hasState(cluster.arn)) continue;
    const state = model.state(cluster.arn);
    out.push({
      clusterArn: cluster.arn,
      region: cluster.region,
      services: [...state.services.values()],
      tasks: [...state.tasks.values()],
      instances: [...state.instances.values()],
    });
  }
  return out;
}
