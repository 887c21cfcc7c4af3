/** ListClusters, DescribeClusters, DescribeCapacityProviders. */
import type { OperationHandler } from '../http/types';
import { renderCapacityProvider, renderCluster, renderFargateProvider } from './render';
import { paginate } from './pagination';
import { includeSet, stringList, type EcsDeps } from './deps';
import { clusterNameOf } from '../world/world';

export function clusterOperations(deps: EcsDeps): Record<string, OperationHandler> {
  const { world } = deps;
  return {
    ListClusters(input) {
      const arns = [...world.clusters.values()].filter((c) => c.status !== 'INACTIVE').map((c) => c.arn);
      const { page, nextToken } = paginate(arns, input, { defaultSize: 100, maxSize: 100, listing: 'ListClusters' });
      return { clusterArns: page, nextToken };
    },

    DescribeClusters(input) {
      const references = stringList(input.clusters, 'clusters', 100, false);
      const include = includeSet(input.include);
      const names = references.length ? references.map(clusterNameOf) : ['default'];
      const clusters: object[] = [];
      const failures: object[] = [];
      for (const name of names) {
        const cluster = world.clusters.get(name);
        if (cluster) clusters.push(renderCluster(world, cluster, include));
        else failures.push({ arn: world.clusterArn(name), reason: 'MISSING' });
      }
      return { clusters, failures };
    },

    DescribeCapacityProviders(input) {
      const references = stringList(input.capacityProviders, 'capacityProviders', 100, false);
      const includeTags = includeSet(input.include).has('TAGS');
      const all = () => [
        renderFargateProvider(world, 'FARGATE'),
        renderFargateProvider(world, 'FARGATE_SPOT'),
        ...[...world.capacityProviders.values()].map((p) => renderCapacityProvider(p, includeTags)),
      ];
      if (references.length === 0) {
        const { page, nextToken } = paginate(all(), input, { defaultSize: 10, maxSize: 10, listing: 'DescribeCapacityProviders' });
        return { capacityProviders: page, failures: [], nextToken };
      }
      const capacityProviders: object[] = [];
      const failures: object[] = [];
      for (const reference of references) {
        const name = reference.startsWith('arn:') ? reference.split('/').pop() ?? reference : reference;
        const provider = world.capacityProviders.get(name);
        if (provider) capacityProviders.push(renderCapacityProvider(provider, includeTags));
        else if (name === 'FARGATE' || name === 'FARGATE_SPOT') capacityProviders.push(renderFargateProvider(world, name));
        else failures.push({ arn: world.capacityProviderArn(name), reason: 'MISSING' });
      }
      return { capacityProviders, failures };
    },
  };
}
