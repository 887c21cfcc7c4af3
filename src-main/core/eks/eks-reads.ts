/**
 * One region's EKS as the EKS API tells it: every cluster (ListClusters, DescribeCluster),
 * its managed node groups, Fargate profiles, add-ons (list, then describe each) and insights
 * (ListInsights gives each one's status), and the support calendar (DescribeClusterVersions).
 * Lists follow nextToken at the API's page maximum of 100.
 */
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  ListAddonsCommand,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  type Addon,
  type Cluster,
  type FargateProfile,
  type InsightSummary,
  type Nodegroup,
} from '@aws-sdk/client-eks';
import type { EksAddon, EksFargateProfile, EksInsight, EksIssue, EksNodegroup, NodeTaint } from '../../contract/domains/eks';
import { allPages } from '../aws/reads';

/** What core needs of an EKS client (the SDK's, or a fake in tests). */
export interface EksLike {
  send(command: object): Promise<unknown>;
}

/** One cluster as the EKS API describes it, with what the Kubernetes client needs (never sent to the renderer). */
export interface ClusterRead {
  cluster: Cluster;
  nodegroups: EksNodegroup[];
  fargateProfiles: EksFargateProfile[];
  addons: EksAddon[];
  insights: EksInsight[];
  fetchedAt: number;
}

export interface VersionSupport {
  endOfStandardSupport: number | null;
  endOfExtendedSupport: number | null;
}

/** Every item of a list, each page's items as `fetch` picks them. */
async function pages<T>(fetch: (nextToken?: string) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  return (await allPages(fetch)).flatMap((page) => page.items ?? []);
}

export function listClusterNames(eks: EksLike): Promise<string[]> {
  return pages(async (nextToken) => {
    const r = (await eks.send(new ListClustersCommand({ maxResults: 100, nextToken }))) as { clusters?: string[]; nextToken?: string };
    return { items: r.clusters, nextToken: r.nextToken };
  });
}

/** Everything of one cluster the EKS API has; `now` stamps it. */
export async function readCluster(eks: EksLike, name: string, now: () => number): Promise<ClusterRead> {
  const { cluster } = (await eks.send(new DescribeClusterCommand({ name }))) as { cluster?: Cluster };
  if (!cluster) throw new Error(`DescribeCluster answered nothing for ${name}.`);
  const [nodegroups, fargateProfiles, addons, insights] = await Promise.all([
    readNodegroups(eks, name),
    // Auto Mode clusters may have none of these; each list answers empty then.
    readFargateProfiles(eks, name),
    readAddons(eks, name),
    readInsights(eks, name),
  ]);
  return { cluster, nodegroups, fargateProfiles, addons, insights, fetchedAt: now() };
}

async function readNodegroups(eks: EksLike, clusterName: string): Promise<EksNodegroup[]> {
  const names = await pages(async (nextToken) => {
    const r = (await eks.send(new ListNodegroupsCommand({ clusterName, maxResults: 100, nextToken }))) as { nodegroups?: string[]; nextToken?: string };
    return { items: r.nodegroups, nextToken: r.nextToken };
  });
  const out: EksNodegroup[] = [];
  for (const nodegroupName of names) {
    const { nodegroup } = (await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }))) as { nodegroup?: Nodegroup };
    if (nodegroup) out.push(normalizeNodegroup(nodegroup));
  }
  return out;
}

async function readFargateProfiles(eks: EksLike, clusterName: string): Promise<EksFargateProfile[]> {
  const names = await pages(async (nextToken) => {
    const r = (await eks.send(new ListFargateProfilesCommand({ clusterName, maxResults: 100, nextToken }))) as { fargateProfileNames?: string[]; nextToken?: string };
    return { items: r.fargateProfileNames, nextToken: r.nextToken };
  });
  const out: EksFargateProfile[] = [];
  for (const fargateProfileName of names) {
    const { fargateProfile } = (await eks.send(new DescribeFargateProfileCommand({ clusterName, fargateProfileName }))) as { fargateProfile?: FargateProfile };
    if (fargateProfile) out.push(normalizeFargateProfile(fargateProfile));
  }
  return out;
}

async function readAddons(eks: EksLike, clusterName: string): Promise<EksAddon[]> {
  const names = await pages(async (nextToken) => {
    const r = (await eks.send(new ListAddonsCommand({ clusterName, maxResults: 100, nextToken }))) as { addons?: string[]; nextToken?: string };
    return { items: r.addons, nextToken: r.nextToken };
  });
  const out: EksAddon[] = [];
  for (const addonName of names) {
    const { addon } = (await eks.send(new DescribeAddonCommand({ clusterName, addonName }))) as { addon?: Addon };
    if (addon) out.push(normalizeAddon(addon));
  }
  return out;
}

async function readInsights(eks: EksLike, clusterName: string): Promise<EksInsight[]> {
  const summaries = await pages(async (nextToken) => {
    const r = (await eks.send(new ListInsightsCommand({ clusterName, maxResults: 100, nextToken }))) as { insights?: InsightSummary[]; nextToken?: string };
    return { items: r.insights, nextToken: r.nextToken };
  });
  return summaries.map(normalizeInsight);
}

/** The support calendar of the given versions (DescribeClusterVersions with includeAll, so past ones too). */
export async function readVersionSupport(eks: EksLike, versions: readonly string[]): Promise<Map<string, VersionSupport>> {
  const out = new Map<string, VersionSupport>();
  if (versions.length === 0) return out;
  const all = await pages(async (nextToken) => {
    const r = (await eks.send(new DescribeClusterVersionsCommand({ clusterVersions: [...versions], includeAll: true, maxResults: 100, nextToken }))) as {
      clusterVersions?: Array<{ clusterVersion?: string; endOfStandardSupportDate?: Date; endOfExtendedSupportDate?: Date }>;
      nextToken?: string;
    };
    return { items: r.clusterVersions, nextToken: r.nextToken };
  });
  for (const v of all) {
    if (!v.clusterVersion) continue;
    out.set(v.clusterVersion, { endOfStandardSupport: v.endOfStandardSupportDate?.getTime() ?? null, endOfExtendedSupport: v.endOfExtendedSupportDate?.getTime() ?? null });
  }
  return out;
}

const ms = (d: Date | undefined) => (d ? d.getTime() : null);

function issues(list: Array<{ code?: string; message?: string; resourceIds?: string[] }> | undefined): EksIssue[] {
  return (list ?? []).map((i) => ({ code: i.code ?? 'Unknown', message: i.message ?? '', resourceIds: i.resourceIds ?? [] }));
}

const TAINT_EFFECT: Record<string, NodeTaint['effect']> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

export function normalizeNodegroup(ng: Nodegroup): EksNodegroup {
  return {
    name: ng.nodegroupName ?? '',
    arn: ng.nodegroupArn ?? '',
    status: ng.status ?? 'UNKNOWN',
    capacityType: ng.capacityType ?? null,
    instanceTypes: ng.instanceTypes ?? [],
    scaling: { min: ng.scalingConfig?.minSize ?? 0, desired: ng.scalingConfig?.desiredSize ?? 0, max: ng.scalingConfig?.maxSize ?? 0 },
    amiType: ng.amiType ?? null,
    releaseVersion: ng.releaseVersion ?? null,
    version: ng.version ?? null,
    labels: ng.labels ?? {},
    taints: (ng.taints ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? null, effect: TAINT_EFFECT[t.effect ?? ''] ?? 'NoSchedule' })),
    subnets: ng.subnets ?? [],
    issues: issues(ng.health?.issues),
    updating: ng.status === 'UPDATING',
    createdAt: ms(ng.createdAt),
    modifiedAt: ms(ng.modifiedAt),
  };
}

export function normalizeFargateProfile(fp: FargateProfile): EksFargateProfile {
  return {
    name: fp.fargateProfileName ?? '',
    arn: fp.fargateProfileArn ?? '',
    status: fp.status ?? 'UNKNOWN',
    selectors: (fp.selectors ?? []).map((s) => ({ namespace: s.namespace ?? '', labels: s.labels ?? {} })),
    subnets: fp.subnets ?? [],
    podExecutionRoleArn: fp.podExecutionRoleArn ?? null,
  };
}

export function normalizeAddon(a: Addon): EksAddon {
  return { name: a.addonName ?? '', arn: a.addonArn ?? null, version: a.addonVersion ?? null, status: a.status ?? 'UNKNOWN', issues: issues(a.health?.issues) };
}

export function normalizeInsight(i: InsightSummary): EksInsight {
  const status = i.insightStatus?.status;
  return {
    id: i.id ?? '',
    name: i.name ?? '',
    category: i.category ?? '',
    kubernetesVersion: i.kubernetesVersion ?? null,
    status: status === 'PASSING' || status === 'WARNING' || status === 'ERROR' ? status : 'UNKNOWN',
    reason: i.insightStatus?.reason ?? null,
    description: i.description ?? null,
    lastRefreshTime: ms(i.lastRefreshTime),
  };
}
