/**
 * EKS's read API over one region's EksStore, as @aws-sdk/client-eks and the AWS CLI speak it
 * (restJson1: the operation is the method and path of the model's `http` trait). Lists page
 * with nextToken (1-100, default 100); a missing cluster, node group, Fargate profile, add-on
 * or insight is ResourceNotFoundException (404). DescribeCluster starts the cluster's
 * Kubernetes API server the first time (planes), for the endpoint and CA it reports.
 */
import { pageOf, type PageLimits } from '../ecr/paging';
import { SimError, type OperationInput, type ServiceDefinition } from '../http/types';
import type { RestRoute } from '../http/rest-json';
import type { EksStore } from './eks-store';
import { renderAccessEntry, renderAddon, renderCluster, renderFargateProfile, renderInsight, renderInsightSummary, renderNodegroup, renderVersion } from './eks-render';
import type { EksCluster } from './eks-types';
import { EKS_VERSIONS, supportStatus } from './versions';

/** Starts (once) and reports a cluster's Kubernetes API server. */
export interface ControlPlaneSource {
  ensure(cluster: EksCluster): Promise<{ endpoint: string; caData: string }>;
}

const PAGE: PageLimits = { sizeField: 'maxResults', min: 1, max: 100, defaultSize: 100, errorCode: 'InvalidParameterException' };

export const EKS_ROUTES: RestRoute[] = [
  { method: 'GET', path: '/clusters', operation: 'ListClusters' },
  { method: 'GET', path: '/clusters/{name}', operation: 'DescribeCluster' },
  { method: 'GET', path: '/clusters/{name}/node-groups', operation: 'ListNodegroups' },
  { method: 'GET', path: '/clusters/{name}/node-groups/{nodegroupName}', operation: 'DescribeNodegroup' },
  { method: 'GET', path: '/clusters/{name}/fargate-profiles', operation: 'ListFargateProfiles' },
  { method: 'GET', path: '/clusters/{name}/fargate-profiles/{fargateProfileName}', operation: 'DescribeFargateProfile' },
  { method: 'GET', path: '/clusters/{name}/addons', operation: 'ListAddons' },
  { method: 'GET', path: '/clusters/{name}/addons/{addonName}', operation: 'DescribeAddon' },
  { method: 'POST', path: '/clusters/{name}/insights', operation: 'ListInsights' },
  { method: 'GET', path: '/clusters/{name}/insights/{id}', operation: 'DescribeInsight' },
  { method: 'GET', path: '/cluster-versions', operation: 'DescribeClusterVersions' },
  { method: 'GET', path: '/clusters/{name}/access-entries', operation: 'ListAccessEntries' },
  { method: 'GET', path: '/clusters/{name}/access-entries/{principalArn}', operation: 'DescribeAccessEntry' },
  { method: 'GET', path: '/clusters/{name}/access-entries/{principalArn}/access-policies', operation: 'ListAssociatedAccessPolicies' },
];

export function eksService(store: EksStore, planes: ControlPlaneSource): ServiceDefinition {
  return {
    signingName: 'eks',
    protocols: ['rest-json'],
    restRoutes: EKS_ROUTES,
    operations: {
      ListClusters: (input) => {
        const page = pageOf(store.list().map((c) => c.name), input.maxResults, input.nextToken, PAGE);
        return { clusters: page.items, nextToken: page.nextToken };
      },
      DescribeCluster: async (input) => {
        const cluster = store.requireCluster(input.name);
        const plane = await planes.ensure(cluster);
        return { cluster: renderCluster(cluster, plane) };
      },
      ListNodegroups: (input) => {
        const cluster = store.requireCluster(input.name);
        const page = pageOf([...cluster.nodegroups.keys()].sort(), input.maxResults, input.nextToken, PAGE);
        return { nodegroups: page.items, nextToken: page.nextToken };
      },
      DescribeNodegroup: (input) => {
        const cluster = store.requireCluster(input.name);
        return { nodegroup: renderNodegroup(cluster, store.requireNodegroup(cluster, input.nodegroupName)) };
      },
      ListFargateProfiles: (input) => {
        const cluster = store.requireCluster(input.name);
        const page = pageOf([...cluster.fargateProfiles.keys()].sort(), input.maxResults, input.nextToken, PAGE);
        return { fargateProfileNames: page.items, nextToken: page.nextToken };
      },
      DescribeFargateProfile: (input) => {
        const cluster = store.requireCluster(input.name);
        return { fargateProfile: renderFargateProfile(cluster, store.requireFargateProfile(cluster, input.fargateProfileName)) };
      },
      ListAddons: (input) => {
        const cluster = store.requireCluster(input.name);
        const page = pageOf([...cluster.addons.keys()].sort(), input.maxResults, input.nextToken, PAGE);
        return { addons: page.items, nextToken: page.nextToken };
      },
      DescribeAddon: (input) => {
        const cluster = store.requireCluster(input.name);
        return { addon: renderAddon(cluster, store.requireAddon(cluster, input.addonName)) };
      },
      ListInsights: (input) => listInsights(store, input),
      DescribeInsight: (input) => {
        const cluster = store.requireCluster(input.name);
        const insight = cluster.insights.find((i) => i.id === input.id);
        if (!insight) throw new SimError('ResourceNotFoundException', `Insight ${String(input.id)} not found for cluster ${cluster.name}.`, 404, undefined, { clusterName: cluster.name });
        return { insight: renderInsight(insight) };
      },
      DescribeClusterVersions: (input, ctx) => describeClusterVersions(input, ctx.now),
      ListAccessEntries: (input) => {
        const cluster = store.requireCluster(input.name);
        if (cluster.authenticationMode === 'CONFIG_MAP') throw new SimError('InvalidRequestException', `The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.`, 400, undefined, { clusterName: cluster.name });
        // associatedPolicyArn: only the entries that policy is associated with.
        const entries = input.associatedPolicyArn ? cluster.accessEntries.filter((e) => e.policies.some((p) => p.policyArn === input.associatedPolicyArn)) : cluster.accessEntries;
        const page = pageOf(entries.map((e) => e.principalArn), input.maxResults, input.nextToken, PAGE);
        return { accessEntries: page.items, nextToken: page.nextToken };
      },
      DescribeAccessEntry: (input) => {
        const cluster = store.requireCluster(input.name);
        const entry = cluster.accessEntries.find((e) => e.principalArn === input.principalArn);
        if (!entry) throw new SimError('ResourceNotFoundException', `The specified access entry resource is not found.`, 404, undefined, { clusterName: cluster.name });
        return { accessEntry: renderAccessEntry(store, cluster, entry) };
      },
      ListAssociatedAccessPolicies: (input) => {
        const cluster = store.requireCluster(input.name);
        const entry = cluster.accessEntries.find((e) => e.principalArn === input.principalArn);
        if (!entry) throw new SimError('ResourceNotFoundException', `The specified access entry resource is not found.`, 404, undefined, { clusterName: cluster.name });
        const page = pageOf(entry.policies, input.maxResults, input.nextToken, PAGE);
        return {
          clusterName: cluster.name,
          principalArn: entry.principalArn,
          associatedAccessPolicies: page.items.map((p) => ({ policyArn: p.policyArn, accessScope: p.accessScope, associatedAt: new Date(p.associatedAt), modifiedAt: new Date(p.associatedAt) })),
          nextToken: page.nextToken,
        };
      },
    },
  };
}

function listInsights(store: EksStore, input: OperationInput) {
  const cluster = store.requireCluster(input.name);
  const filter = (input.filter ?? {}) as { categories?: string[]; kubernetesVersions?: string[]; statuses?: string[] };
  const insights = cluster.insights.filter(
    (i) =>
      (!filter.categories?.length || filter.categories.includes(i.category)) &&
      (!filter.kubernetesVersions?.length || filter.kubernetesVersions.includes(i.kubernetesVersion)) &&
      (!filter.statuses?.length || filter.statuses.includes(i.status)),
  );
  const page = pageOf(insights, input.maxResults, input.nextToken, PAGE);
  return { insights: page.items.map(renderInsightSummary), nextToken: page.nextToken };
}

function describeClusterVersions(input: OperationInput, now: number) {
  const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  const wanted = asList(input.clusterVersions);
  const includeAll = String(input.includeAll) === 'true';
  const defaultOnly = String(input.defaultOnly) === 'true';
  const versions = EKS_VERSIONS.filter((v) => Date.parse(v.releaseDate) <= now)
    .filter((v) => includeAll || wanted.length > 0 || supportStatus(v, now) !== 'unsupported')
    .filter((v) => !wanted.length || wanted.includes(v.version))
    .filter((v) => !input.versionStatus || supportStatus(v, now).toUpperCase().replace('-', '_') === input.versionStatus);
  const rendered = versions.map((v, i) => renderVersion(v, now, i === 0));
  const page = pageOf(defaultOnly ? rendered.filter((v) => v.defaultVersion) : rendered, input.maxResults, input.nextToken, PAGE);
  return { clusterVersions: page.items, nextToken: page.nextToken };
}
