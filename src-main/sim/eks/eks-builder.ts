/**
 * Building blocks for EKS scenarios: a cluster with its system namespaces, managed node groups
 * and self-managed nodes (EC2 instances registered as Kubernetes nodes), Fargate profiles,
 * add-ons, insights, and the workloads the scheduler then places.
 */
import { POLICY_PREFIX, type AccessEntry } from '../k8s/access';
import { allocatableOf, capacityOf, instanceType } from '../k8s/instance-types';
import type { ComputeType, KubeNode, Taint } from '../k8s/kube-types';
import { KubeWorld, MIB, ipHostname, type PodTemplate } from '../k8s/kube-world';
import type { EksStore } from './eks-store';
import type { EksAddon, EksCluster, EksInsight, EksIssue, EksNodegroup } from './eks-types';
import { versionInfo } from './versions';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export interface ClusterSpec {
  name: string;
  version: string;
  createdAt: number;
  zones?: string[];
  authenticationMode?: EksCluster['authenticationMode'];
  supportType?: EksCluster['supportType'];
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  autoMode?: EksCluster['autoMode'];
  /** Access entries besides the creators' (which every cluster gets). */
  accessEntries?: AccessEntry[];
  /** false: the creators get no entry (a cluster another team made). */
  creatorsHaveAccess?: boolean;
  tags?: Record<string, string>;
}

export function addEksCluster(eks: EksStore, spec: ClusterSpec): EksCluster {
  const { random, region, accountId } = eks;
  const info = versionInfo(spec.version);
  if (!info) throw new Error(`EKS has no version ${spec.version} in the sim's calendar.`);
  const zones = spec.zones ?? ['a', 'b', 'c'].map((z) => `${region}${z}`);
  const id = random.hex(32).toUpperCase();
  const creatorEntries: AccessEntry[] =
    spec.creatorsHaveAccess === false
      ? []
      : eks.creators.map((principalArn) => ({
          principalArn,
          type: 'STANDARD',
          kubernetesGroups: [],
          createdAt: spec.createdAt,
          policies: [{ policyArn: `${POLICY_PREFIX}AmazonEKSClusterAdminPolicy`, accessScope: { type: 'cluster' }, associatedAt: spec.createdAt }],
        }));
  const cluster: EksCluster = {
    name: spec.name,
    arn: eks.arn(`cluster/${spec.name}`),
    id,
    createdAt: spec.createdAt,
    version: spec.version,
    platformVersion: info.platformVersion,
    status: 'ACTIVE',
    roleArn: `arn:aws:iam::${accountId}:role/${spec.name}-cluster-role`,
    vpcId: `vpc-${random.hex(17)}`,
    subnetIds: zones.map(() => `subnet-${random.hex(17)}`),
    securityGroupIds: [`sg-${random.hex(17)}`],
    clusterSecurityGroupId: `sg-${random.hex(17)}`,
    endpointPublicAccess: spec.endpointPublicAccess ?? true,
    endpointPrivateAccess: spec.endpointPrivateAccess ?? true,
    publicAccessCidrs: ['0.0.0.0/0'],
    serviceIpv4Cidr: '172.20.0.0/16',
    oidcIssuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}`,
    authenticationMode: spec.authenticationMode ?? 'API_AND_CONFIG_MAP',
    supportType: spec.supportType ?? 'EXTENDED',
    autoMode: spec.autoMode ?? { enabled: false, nodePools: [] },
    loggingTypes: ['api', 'audit', 'authenticator'],
    tags: spec.tags ?? {},
    healthIssues: [],
    accessEntries: [...creatorEntries, ...(spec.accessEntries ?? [])],
    zones,
    nodegroups: new Map(),
    fargateProfiles: new Map(),
    addons: new Map(),
    insights: [],
    kube: new KubeWorld(spec.name, region, random.fork()),
  };
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) cluster.kube.addNamespace(ns, spec.createdAt);
  eks.clusters.set(cluster.name, cluster);
  return cluster;
}

export interface NodegroupSpec {
  name: string;
  capacityType?: EksNodegroup['capacityType'];
  instanceTypes: string[];
  scaling: EksNodegroup['scaling'];
  amiType: string;
  /** e.g. `20251120`: the release is `<patch>-<date>`. */
  amiDate: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  createdAt: number;
  /** How many instances are up (default: desiredSize). */
  running?: number;
  status?: EksNodegroup['status'];
  healthIssues?: EksIssue[];
  /** The zones its instances are spread over (default: every zone of the cluster). */
  zones?: string[];
}

const NODEGROUP_TAINT_EFFECT: Record<Taint['effect'], string> = { NoSchedule: 'NO_SCHEDULE', NoExecute: 'NO_EXECUTE', PreferNoSchedule: 'PREFER_NO_SCHEDULE' };
export { NODEGROUP_TAINT_EFFECT };

export function addManagedNodegroup(eks: EksStore, cluster: EksCluster, spec: NodegroupSpec): EksNodegroup {
  const { random } = eks;
  const info = versionInfo(cluster.version)!;
  const uuid = random.uuid();
  const ng: EksNodegroup = {
    name: spec.name,
    arn: eks.arn(`nodegroup/${cluster.name}/${spec.name}/${uuid}`),
    createdAt: spec.createdAt,
    modifiedAt: spec.createdAt,
    status: spec.status ?? (spec.healthIssues?.length ? 'DEGRADED' : 'ACTIVE'),
    capacityType: spec.capacityType ?? 'ON_DEMAND',
    instanceTypes: spec.instanceTypes,
    scaling: spec.scaling,
    amiType: spec.amiType,
    releaseVersion: `${info.patch}-${spec.amiDate}`,
    version: cluster.version,
    subnets: cluster.subnetIds,
    nodeRole: `arn:aws:iam::${eks.accountId}:role/${cluster.name}-node-role`,
    labels: spec.labels ?? {},
    taints: spec.taints ?? [],
    diskSize: 20,
    autoScalingGroup: `eks-${spec.name}-${uuid}`,
    healthIssues: spec.healthIssues ?? [],
    updateConfig: { maxUnavailable: 1 },
    tags: {},
  };
  cluster.nodegroups.set(ng.name, ng);
  const zones = spec.zones ?? cluster.zones;
  const ami = `ami-${random.hex(17)}`;
  const running = spec.running ?? spec.scaling.desiredSize;
  for (let i = 0; i < running; i++) {
    const type = spec.instanceTypes[i % spec.instanceTypes.length];
    addEc2Node(eks, cluster, {
      zone: zones[i % zones.length],
      instanceType: type,
      computeType: 'managed',
      labels: {
        'eks.amazonaws.com/nodegroup': ng.name,
        'eks.amazonaws.com/nodegroup-image': ami,
        'eks.amazonaws.com/capacityType': ng.capacityType,
        ...ng.labels,
      },
      taints: ng.taints,
      amiType: spec.amiType,
      createdAt: spec.createdAt + random.int(60, 600) * 1000,
    });
  }
  return ng;
}

export interface Ec2NodeSpec {
  zone: string;
  instanceType: string;
  computeType: ComputeType;
  labels: Record<string, string>;
  taints: Taint[];
  amiType: string;
  createdAt: number;
}

/** An EC2 instance that joined the cluster as a node: its name is its private DNS name. */
export function addEc2Node(eks: EksStore, cluster: EksCluster, spec: Ec2NodeSpec): KubeNode {
  const { random, region } = eks;
  const info = versionInfo(cluster.version)!;
  const type = instanceType(spec.instanceType);
  const zoneIndex = Math.max(0, cluster.zones.indexOf(spec.zone));
  let ip = '';
  let hostname = '';
  do {
    ip = `10.0.${zoneIndex * 32 + random.int(0, 31)}.${random.int(4, 250)}`;
    hostname = ipHostname(ip, region);
  } while (cluster.kube.nodes.has(hostname));
  const os = osOf(spec.amiType);
  return cluster.kube.addNode({
    name: hostname,
    createdAt: spec.createdAt,
    labels: {
      'kubernetes.io/hostname': hostname,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': type.arch ?? 'amd64',
      'node.kubernetes.io/instance-type': spec.instanceType,
      'topology.kubernetes.io/region': region,
      'topology.kubernetes.io/zone': spec.zone,
      ...spec.labels,
    },
    taints: spec.taints,
    unschedulable: false,
    capacity: capacityOf(type),
    allocatable: allocatableOf(type),
    instanceId: `i-${random.hex(17)}`,
    zone: spec.zone,
    internalIp: ip,
    kubeletVersion: `v${info.patch}-eks-${random.hex(7)}`,
    osImage: os.image,
    kernelVersion: os.kernel,
    containerRuntime: os.runtime,
    architecture: type.arch ?? 'amd64',
    computeType: spec.computeType,
    ready: 'True',
    readySince: spec.createdAt + 40_000,
  });
}

function osOf(amiType: string): { image: string; kernel: string; runtime: string } {
  if (amiType.startsWith('AL2023')) return { image: 'Amazon Linux 2023.9.20251120', kernel: '6.1.158-180.294.amzn2023.x86_64', runtime: 'containerd://2.1.4' };
  if (amiType.startsWith('BOTTLEROCKET')) return { image: 'Bottlerocket OS 1.49.0 (aws-k8s-1.32)', kernel: '6.1.155', runtime: 'containerd://2.0.6+bottlerocket' };
  return { image: 'Amazon Linux 2', kernel: '5.10.245-241.976.amzn2.x86_64', runtime: 'containerd://1.7.27' };
}

export function addFargateProfile(eks: EksStore, cluster: EksCluster, spec: { name: string; selectors: Array<{ namespace: string; labels?: Record<string, string> }>; createdAt: number }): void {
  const uuid = eks.random.uuid();
  // Fargate runs pods in private subnets only: the cluster's last two.
  const subnets = cluster.subnetIds.slice(-2);
  const zones = cluster.zones.slice(-2);
  cluster.fargateProfiles.set(spec.name, {
    name: spec.name,
    arn: eks.arn(`fargateprofile/${cluster.name}/${spec.name}/${uuid}`),
    createdAt: spec.createdAt,
    podExecutionRoleArn: `arn:aws:iam::${eks.accountId}:role/${cluster.name}-fargate-pod-execution`,
    subnets,
    selectors: spec.selectors,
    status: 'ACTIVE',
    tags: {},
  });
  cluster.kube.setFargateProfiles(
    [...cluster.fargateProfiles.values()].flatMap((fp) => fp.selectors.map((s) => ({ profile: fp.name, namespace: s.namespace, labels: s.labels ?? {}, subnets: fp.subnets, zones }))),
  );
}

export function addAddon(eks: EksStore, cluster: EksCluster, spec: { name: string; version: string; createdAt: number; status?: EksAddon['status']; healthIssues?: EksIssue[]; serviceAccountRoleArn?: string }): EksAddon {
  const addon: EksAddon = {
    name: spec.name,
    arn: eks.arn(`addon/${cluster.name}/${spec.name}/${eks.random.uuid()}`),
    version: spec.version,
    status: spec.status ?? (spec.healthIssues?.length ? 'DEGRADED' : 'ACTIVE'),
    createdAt: spec.createdAt,
    modifiedAt: spec.createdAt,
    healthIssues: spec.healthIssues ?? [],
    serviceAccountRoleArn: spec.serviceAccountRoleArn,
    owner: 'aws',
    publisher: 'eks',
  };
  cluster.addons.set(addon.name, addon);
  return addon;
}

export function addInsight(eks: EksStore, cluster: EksCluster, spec: Omit<EksInsight, 'id'>): EksInsight {
  const insight: EksInsight = { id: eks.random.uuid(), ...spec };
  cluster.insights.push(insight);
  return insight;
}

/** A container's requests, e.g. request(250, 512) = 250m CPU and 512 MiB; the memory limit equals the request. */
export function container(name: string, image: string, cpuMilli: number, memoryMiB: number, port?: number): PodTemplate['containers'][number] {
  return { name, image, requests: { cpuMilli, memoryBytes: memoryMiB * MIB }, limits: memoryMiB ? { memoryBytes: memoryMiB * MIB } : undefined, ports: port ? [port] : undefined };
}

/** What every EKS cluster runs in kube-system: the VPC CNI and kube-proxy on each node, CoreDNS. */
export function addSystemWorkloads(eks: EksStore, cluster: EksCluster, createdAt: number, addonVersions: { vpcCni: string; kubeProxy: string; coredns: string }): void {
  const ecr = `602401143452.dkr.ecr.${eks.region}.amazonaws.com`;
  const kube = cluster.kube;
  kube.addDaemonSet({ namespace: 'kube-system', app: 'aws-node', containers: [container('aws-node', `${ecr}/amazon-k8s-cni:${addonVersions.vpcCni}`, 25, 0)], priorityClassName: 'system-node-critical', serviceAccountName: 'aws-node' }, createdAt);
  kube.addDaemonSet({ namespace: 'kube-system', app: 'kube-proxy', containers: [container('kube-proxy', `${ecr}/eks/kube-proxy:${addonVersions.kubeProxy}`, 100, 0)], priorityClassName: 'system-node-critical', serviceAccountName: 'kube-proxy' }, createdAt);
  kube.addDeployment(
    { namespace: 'kube-system', app: 'coredns', labels: { 'k8s-app': 'kube-dns' }, containers: [container('coredns', `${ecr}/eks/coredns:${addonVersions.coredns}`, 100, 70, 53)], priorityClassName: 'system-cluster-critical', serviceAccountName: 'coredns' },
    2,
    createdAt,
  );
}

export function insightTimes(at: number): Pick<EksInsight, 'lastRefreshTime' | 'lastTransitionTime'> {
  return { lastRefreshTime: at, lastTransitionTime: at - DAY };
}
