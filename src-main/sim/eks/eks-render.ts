/** EKS's output shapes (service model 2017-11-01), written from the sim's records. */
import type { AccessEntry } from '../k8s/access';
import { NODEGROUP_TAINT_EFFECT } from './eks-builder';
import type { EksStore } from './eks-store';
import type { EksAddon, EksCluster, EksFargateProfile, EksInsight, EksIssue, EksNodegroup } from './eks-types';
import { supportStatus, type EksVersion } from './versions';

const date = (ms: number) => new Date(ms);

function issues(list: EksIssue[]) {
  return list.map((i) => ({ code: i.code, message: i.message, resourceIds: i.resourceIds ?? [] }));
}

export function renderCluster(c: EksCluster, plane: { endpoint: string; caData: string }) {
  return {
    name: c.name,
    arn: c.arn,
    createdAt: date(c.createdAt),
    version: c.version,
    endpoint: plane.endpoint,
    roleArn: c.roleArn,
    resourcesVpcConfig: {
      subnetIds: c.subnetIds,
      securityGroupIds: c.securityGroupIds,
      clusterSecurityGroupId: c.clusterSecurityGroupId,
      vpcId: c.vpcId,
      endpointPublicAccess: c.endpointPublicAccess,
      endpointPrivateAccess: c.endpointPrivateAccess,
      publicAccessCidrs: c.endpointPublicAccess ? c.publicAccessCidrs : [],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: c.serviceIpv4Cidr, ipFamily: 'ipv4', elasticLoadBalancing: { enabled: c.autoMode.enabled } },
    logging: {
      clusterLogging: [
        { types: c.loggingTypes, enabled: true },
        { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].filter((t) => !c.loggingTypes.includes(t)), enabled: false },
      ].filter((l) => l.types.length),
    },
    identity: { oidc: { issuer: c.oidcIssuer } },
    status: c.status,
    certificateAuthority: { data: plane.caData },
    platformVersion: c.platformVersion,
    tags: c.tags,
    health: { issues: issues(c.healthIssues) },
    accessConfig: { bootstrapClusterCreatorAdminPermissions: true, authenticationMode: c.authenticationMode },
    upgradePolicy: { supportType: c.supportType },
    zonalShiftConfig: { enabled: false },
    computeConfig: c.autoMode.enabled ? { enabled: true, nodePools: c.autoMode.nodePools, nodeRoleArn: c.autoMode.nodeRoleArn } : { enabled: false },
    storageConfig: { blockStorage: { enabled: c.autoMode.enabled } },
    deletionProtection: false,
  };
}

export function renderNodegroup(c: EksCluster, ng: EksNodegroup) {
  return {
    nodegroupName: ng.name,
    nodegroupArn: ng.arn,
    clusterName: c.name,
    version: ng.version,
    releaseVersion: ng.releaseVersion,
    createdAt: date(ng.createdAt),
    modifiedAt: date(ng.modifiedAt),
    status: ng.status,
    capacityType: ng.capacityType,
    scalingConfig: ng.scaling,
    instanceTypes: ng.instanceTypes,
    subnets: ng.subnets,
    amiType: ng.amiType,
    nodeRole: ng.nodeRole,
    labels: ng.labels,
    ...(ng.taints.length ? { taints: ng.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: NODEGROUP_TAINT_EFFECT[t.effect] })) } : {}),
    resources: { autoScalingGroups: [{ name: ng.autoScalingGroup }] },
    diskSize: ng.diskSize,
    health: { issues: issues(ng.healthIssues) },
    updateConfig: ng.updateConfig,
    nodeRepairConfig: { enabled: false },
    tags: ng.tags,
  };
}

export function renderFargateProfile(c: EksCluster, fp: EksFargateProfile) {
  return {
    fargateProfileName: fp.name,
    fargateProfileArn: fp.arn,
    clusterName: c.name,
    createdAt: date(fp.createdAt),
    podExecutionRoleArn: fp.podExecutionRoleArn,
    subnets: fp.subnets,
    selectors: fp.selectors.map((s) => ({ namespace: s.namespace, ...(s.labels ? { labels: s.labels } : {}) })),
    status: fp.status,
    tags: fp.tags,
    health: { issues: [] },
  };
}

export function renderAddon(c: EksCluster, a: EksAddon) {
  return {
    addonName: a.name,
    clusterName: c.name,
    status: a.status,
    addonVersion: a.version,
    health: { issues: issues(a.healthIssues) },
    addonArn: a.arn,
    createdAt: date(a.createdAt),
    modifiedAt: date(a.modifiedAt),
    ...(a.serviceAccountRoleArn ? { serviceAccountRoleArn: a.serviceAccountRoleArn } : {}),
    tags: {},
    owner: a.owner,
    publisher: a.publisher,
    podIdentityAssociations: [],
  };
}

export function renderInsightSummary(i: EksInsight) {
  return {
    id: i.id,
    name: i.name,
    category: i.category,
    kubernetesVersion: i.kubernetesVersion,
    lastRefreshTime: date(i.lastRefreshTime),
    lastTransitionTime: date(i.lastTransitionTime),
    description: i.description,
    insightStatus: { status: i.status, reason: i.reason },
  };
}

export function renderInsight(i: EksInsight) {
  return {
    ...renderInsightSummary(i),
    recommendation: i.recommendation,
    additionalInfo: i.additionalInfo,
    resources: i.resources.map((r) => ({ insightStatus: { status: r.status, reason: r.reason }, ...(r.kubernetesResourceUri ? { kubernetesResourceUri: r.kubernetesResourceUri } : {}), ...(r.arn ? { arn: r.arn } : {}) })),
    categorySpecificSummary: { deprecationDetails: i.deprecationDetails ?? [], addonCompatibilityDetails: [] },
  };
}

export function renderVersion(v: EksVersion, now: number, isDefault: boolean) {
  const status = supportStatus(v, now);
  return {
    clusterVersion: v.version,
    clusterType: 'eks',
    defaultPlatformVersion: v.platformVersion,
    defaultVersion: isDefault,
    releaseDate: date(Date.parse(v.releaseDate)),
    endOfStandardSupportDate: date(Date.parse(v.endOfStandardSupport)),
    endOfExtendedSupportDate: date(Date.parse(v.endOfExtendedSupport)),
    status,
    versionStatus: status.toUpperCase().replace('-', '_'),
    kubernetesPatchVersion: v.patch,
  };
}

export function renderAccessEntry(store: EksStore, c: EksCluster, e: AccessEntry) {
  return {
    clusterName: c.name,
    principalArn: e.principalArn,
    kubernetesGroups: e.kubernetesGroups,
    accessEntryArn: store.arn(`access-entry/${c.name}/${e.principalArn.split(':').pop()}/${c.id.slice(0, 8)}`),
    createdAt: date(e.createdAt),
    modifiedAt: date(e.createdAt),
    tags: {},
    username: e.username ?? e.principalArn,
    type: e.type,
  };
}
