/** ListClusters, DescribeClusters, DescribeCapacityProviders. */
import type { OperationHandler } from '../http/types';
import { renderCapacityProvider, renderCluster, renderFargateProvider } from './render';
import { describeBatch } from './describe-batch';
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
      const { found, failures } = describeBatch(
        references.length ? references : ['default'],
        (reference) => world.clusters.get(clusterNameOf(reference)),
        (cluster) => renderCluster(world, cluster, include),
        (name) => world.clusterArn(name),
      );
      return { clusters: found, failures };
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
      const nameOf = (reference: string) => (reference.startsWith('arn:') ? reference.split('/').pop() ?? reference : reference);
      const { found, failures } = describeBatch(
        references,
        (reference) => {
          const name = nameOf(reference);
          return world.capacityProviders.get(name) ?? (name === 'FARGATE' || name === 'FARGATE_SPOT' ? name : undefined);
        },
        (provider) => (typeof provider === 'string' ? renderFargateProvider(world, provider) : renderCapacityProvider(provider, includeTags)),
        (name) => world.capacityProviderArn(name),
      );
      return { capacityProviders: found, failures };
    },
  };
}
