/**
 * Which capacity a new task of a service goes to: the capacity provider strategy (base first,
 * then by weight) or the launch type, and for Fargate the Availability Zone.
 */
import type { CapacityProviderStrategyItem, ServiceRecord, DeploymentRecord } from '../world/types';
import type { EngineContext } from './context';

export const ZONES_BY_SUBNET_INDEX = ['a', 'b', 'c', 'd', 'e', 'f'];

export interface CapacityChoice {
  launchType: 'EC2' | 'FARGATE' | 'EXTERNAL';
  capacityProviderName?: string;
}

export function strategyOf(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord): CapacityProviderStrategyItem[] | undefined {
  if (deployment.launchType) return undefined;
  if (deployment.capacityProviderStrategy?.length) return deployment.capacityProviderStrategy;
  return ctx.world.clusters.get(service.clusterName)?.defaultCapacityProviderStrategy;
}

/** Picks the provider for the next task given how many tasks each provider already has. */
export function chooseCapacity(ctx: EngineContext, service: ServiceRecord, deployment: DeploymentRecord): CapacityChoice {
  const strategy = strategyOf(ctx, service, deployment);
  if (!strategy?.length) return { launchType: (deployment.launchType as CapacityChoice['launchType'] | undefined) ?? 'EC2' };
  const counts = new Map<string, number>();
  for (const task of ctx.world.tasksOfService(service.clusterName, service.name)) {
    if (task.deploymentId !== deployment.id || task.desiredStatus !== 'RUNNING' || !task.capacityProviderName) continue;
    counts.set(task.capacityProviderName, (counts.get(task.capacityProviderName) ?? 0) + 1);
  }
  const provider = pickProvider(strategy, counts);
  const isFargate = provider === 'FARGATE' || provider === 'FARGATE_SPOT';
  return { launchType: isFargate ? 'FARGATE' : 'EC2', capacityProviderName: provider };
}

function pickProvider(strategy: CapacityProviderStrategyItem[], counts: Map<string, number>): string {
  for (const item of strategy) {
    if ((item.base ?? 0) > (counts.get(item.capacityProvider) ?? 0)) return item.capacityProvider;
  }
  const weighted = strategy.filter((item) => (item.weight ?? 0) > 0);
  if (weighted.length === 0) return strategy[0].capacityProvider;
  let best = weighted[0];
  let bestLoad = Infinity;
  for (const item of weighted) {
    const beyondBase = Math.max(0, (counts.get(item.capacityProvider) ?? 0) - (item.base ?? 0));
    const load = beyondBase / (item.weight ?? 1);
    if (load < bestLoad) {
      best = item;
      bestLoad = load;
    }
  }
  return best.capacityProvider;
}

/** A Fargate task's zone: its subnet's zone, spreading the service across its subnets. */
export function fargatePlacement(ctx: EngineContext, service: ServiceRecord, subnets: string[]): { subnetId: string; zone: string } {
  const perZone = new Map<string, number>();
  for (const task of ctx.world.tasksOfService(service.clusterName, service.name)) {
    if (task.desiredStatus === 'RUNNING') perZone.set(task.availabilityZone, (perZone.get(task.availabilityZone) ?? 0) + 1);
  }
  const options = (subnets.length ? subnets : ['subnet-0a1b2c3d4e5f60001']).map((subnetId, i) => ({
    subnetId,
    zone: `${ctx.world.region}${ZONES_BY_SUBNET_INDEX[i % ZONES_BY_SUBNET_INDEX.length]}`,
  }));
  options.sort((a, b) => (perZone.get(a.zone) ?? 0) - (perZone.get(b.zone) ?? 0));
  return options[0];
}
