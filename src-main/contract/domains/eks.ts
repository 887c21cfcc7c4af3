import { z } from 'zod';

/**
 * EKS beside ECS, read-only: clusters with their node groups, Fargate profiles, add-ons and
 * insights (the EKS API), and each cluster's nodes and pods (its Kubernetes API). Field names
 * follow the EKS API and Kubernetes; every record carries `fetchedAt` and `stale` as the ECS
 * inventory's do. Quantities are numbers: CPU in millicores, memory in bytes.
 */
const Freshness = { fetchedAt: z.number(), stale: z.boolean() };
const Ts = z.number().nullable();

export const EksIssue = z.object({ code: z.string(), message: z.string(), resourceIds: z.array(z.string()) });
export type EksIssue = z.infer<typeof EksIssue>;

export const NodeTaint = z.object({ key: z.string(), value: z.string().nullable(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) });
export type NodeTaint = z.infer<typeof NodeTaint>;

export const EksNodegroup = z.object({
  name: z.string(),
  arn: z.string(),
  status: z.string(),
  capacityType: z.string().nullable(), // ON_DEMAND | SPOT | CAPACITY_BLOCK
  instanceTypes: z.array(z.string()),
  scaling: z.object({ min: z.number(), desired: z.number(), max: z.number() }),
  amiType: z.string().nullable(),
  releaseVersion: z.string().nullable(),
  version: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  taints: z.array(NodeTaint),
  subnets: z.array(z.string()),
  issues: z.array(EksIssue),
  /** An update (version, AMI release, configuration) is being applied. */
  updating: z.boolean(),
  createdAt: Ts,
  modifiedAt: Ts,
});
export type EksNodegroup = z.infer<typeof EksNodegroup>;

export const EksFargateProfile = z.object({
  name: z.string(),
  arn: z.string(),
  status: z.string(),
  selectors: z.array(z.object({ namespace: z.string(), labels: z.record(z.string(), z.string()) })),
  subnets: z.array(z.string()),
  podExecutionRoleArn: z.string().nullable(),
});
export type EksFargateProfile = z.infer<typeof EksFargateProfile>;

export const EksAddon = z.object({
  name: z.string(),
  arn: z.string().nullable(),
  version: z.string().nullable(),
  status: z.string(), // ACTIVE | DEGRADED | CREATE_FAILED | UPDATING | ...
  issues: z.array(EksIssue),
});
export type EksAddon = z.infer<typeof EksAddon>;

export const InsightStatus = z.enum(['PASSING', 'WARNING', 'ERROR', 'UNKNOWN']);
export const EksInsight = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  kubernetesVersion: z.string().nullable(),
  status: InsightStatus,
  reason: z.string().nullable(),
  description: z.string().nullable(),
  lastRefreshTime: Ts,
});
export type EksInsight = z.infer<typeof EksInsight>;

export const EksInsightDetail = EksInsight.extend({
  recommendation: z.string().nullable(),
  resources: z.array(z.object({ status: InsightStatus, reason: z.string().nullable(), arn: z.string().nullable(), kubernetesResourceUri: z.string().nullable() })),
  deprecations: z.array(z.object({ usage: z.string(), replacedWith: z.string().nullable(), stopServingVersion: z.string().nullable() })),
});
export type EksInsightDetail = z.infer<typeof EksInsightDetail>;

/** Whether Wharf can read the cluster's Kubernetes API, and if not, what to fix. */
export const KubeAccess = z.object({
  state: z.enum(['unknown', 'ok', 'unauthorized', 'forbidden', 'unreachable', 'error']),
  /** In words: "The cluster refused Wharf's token for arn:aws:iam::…:user/ana (401 Unauthorized)." */
  message: z.string().nullable(),
  /** What to do, with the principal's ARN: "Create an access entry for …". */
  fix: z.string().nullable(),
  /** The commands of the fix, each whole, to copy (the AWS CLI's). */
  commands: z.array(z.string()),
  /** The IAM principal Wharf signs as (an assumed-role session as its role), as access entries name it. */
  principalArn: z.string().nullable(),
  checkedAt: Ts,
});
export type KubeAccess = z.infer<typeof KubeAccess>;

export const SupportStatus = z.enum(['standard', 'extended', 'unsupported']);

export const EksClusterRecord = z.object({
  arn: z.string(),
  name: z.string(),
  region: z.string(),
  status: z.string(), // ACTIVE | CREATING | UPDATING | DELETING | FAILED | PENDING
  version: z.string().nullable(),
  platformVersion: z.string().nullable(),
  endpoint: z.string().nullable(),
  endpointPublicAccess: z.boolean(),
  endpointPrivateAccess: z.boolean(),
  publicAccessCidrs: z.array(z.string()),
  authenticationMode: z.string().nullable(), // API | API_AND_CONFIG_MAP | CONFIG_MAP
  /** The cluster's upgrade policy: STANDARD (auto-upgraded at the end of standard support) or EXTENDED. */
  supportType: z.string().nullable(),
  /** From DescribeClusterVersions: where the cluster's version stands today, and until when. */
  support: z.object({ status: SupportStatus.nullable(), endOfStandardSupport: Ts, endOfExtendedSupport: Ts }),
  autoMode: z.object({ enabled: z.boolean(), nodePools: z.array(z.string()) }),
  createdAt: Ts,
  healthIssues: z.array(EksIssue),
  nodegroups: z.array(EksNodegroup),
  fargateProfiles: z.array(EksFargateProfile),
  addons: z.array(EksAddon),
  insights: z.array(EksInsight),
  kube: KubeAccess,
  /** From the last read of the Kubernetes API; null until it has been read. */
  counts: z.object({ nodes: z.number(), notReadyNodes: z.number(), pods: z.number(), pendingPods: z.number() }).nullable(),
  problemCount: z.number(),
  ...Freshness,
});
export type EksClusterRecord = z.infer<typeof EksClusterRecord>;

export const Toleration = z.object({ key: z.string().nullable(), operator: z.string().nullable(), value: z.string().nullable(), effect: z.string().nullable() });
export type Toleration = z.infer<typeof Toleration>;

export const ComputeType = z.enum(['managed', 'self-managed', 'fargate', 'auto']);
export type ComputeType = z.infer<typeof ComputeType>;

export const KubeResources = z.object({ cpuMilli: z.number(), memoryBytes: z.number(), pods: z.number() });
export type KubeResources = z.infer<typeof KubeResources>;

export const KubeNodeRecord = z.object({
  name: z.string(),
  zone: z.string().nullable(),
  instanceType: z.string().nullable(),
  instanceId: z.string().nullable(),
  /** Managed node group name; null for self-managed, Fargate and Auto Mode nodes. */
  nodegroup: z.string().nullable(),
  capacityType: z.string().nullable(), // ON_DEMAND | SPOT
  computeType: ComputeType,
  labels: z.record(z.string(), z.string()),
  taints: z.array(NodeTaint),
  unschedulable: z.boolean(),
  ready: z.enum(['True', 'False', 'Unknown']),
  readyReason: z.string().nullable(),
  readySince: Ts,
  allocatable: KubeResources,
  capacity: KubeResources,
  kubeletVersion: z.string().nullable(),
  createdAt: Ts,
});
export type KubeNodeRecord = z.infer<typeof KubeNodeRecord>;

/**
 * What a pod is doing, in one word Wharf can colour: running (and ready), starting, pending
 * (not scheduled), crash-loop, image-pull (ErrImagePull/ImagePullBackOff), not-ready,
 * succeeded, failed.
 */
export const PodState = z.enum(['running', 'starting', 'pending', 'crash-loop', 'image-pull', 'not-ready', 'succeeded', 'failed']);
export type PodState = z.infer<typeof PodState>;

export const KubePodRecord = z.object({
  namespace: z.string(),
  name: z.string(),
  nodeName: z.string().nullable(),
  phase: z.string(),
  state: PodState,
  /** The waiting reason or condition behind the state (CrashLoopBackOff, Unschedulable, ...). */
  reason: z.string().nullable(),
  /** The scheduler's or the kubelet's sentence. */
  message: z.string().nullable(),
  /** The controller that owns it: a Deployment (from its ReplicaSet), DaemonSet, StatefulSet, Job; null for a bare pod. */
  workload: z.object({ kind: z.string(), name: z.string() }).nullable(),
  requests: z.object({ cpuMilli: z.number(), memoryBytes: z.number() }),
  nodeSelector: z.record(z.string(), z.string()),
  tolerations: z.array(Toleration),
  restarts: z.number(),
  /** The exit code of the last crash, when there was one. */
  lastExitCode: z.number().nullable(),
  createdAt: Ts,
  startedAt: Ts,
  /** Since when it has been unschedulable (PodScheduled=False). */
  pendingSince: Ts,
  schedulerName: z.string().nullable(),
  priorityClassName: z.string().nullable(),
});
export type KubePodRecord = z.infer<typeof KubePodRecord>;

/** A FailedScheduling (or other warning) event of the scheduler or kubelet, newest occurrence first. */
export const KubeEventRecord = z.object({
  namespace: z.string(),
  involvedKind: z.string(),
  involvedName: z.string(),
  reason: z.string(),
  message: z.string(),
  type: z.string(),
  count: z.number(),
  firstTimestamp: Ts,
  lastTimestamp: Ts,
  source: z.string().nullable(),
});
export type KubeEventRecord = z.infer<typeof KubeEventRecord>;

/** What Wharf read of a cluster's Kubernetes API: the answer to `eks.kube`. */
export const KubeSnapshot = z.object({
  clusterArn: z.string(),
  access: KubeAccess,
  nodes: z.array(KubeNodeRecord),
  pods: z.array(KubePodRecord),
  /** Warning events of the last hour (FailedScheduling, BackOff, Failed, NodeNotReady). */
  events: z.array(KubeEventRecord),
  /** The Kubernetes version the API server reports (gitVersion). */
  serverVersion: z.string().nullable(),
  /** Changes whenever the content does: the renderer re-reads on `eks.changed` when it differs. */
  version: z.number(),
  complete: z.boolean(),
  ...Freshness,
});
export type KubeSnapshot = z.infer<typeof KubeSnapshot>;

const ClusterArnArg = z.string().max(2048).regex(/^arn:aws[a-z-]*:eks:/, 'not an EKS cluster ARN');

export const eksMethods = {
  /** EKS clusters of the session's region and the watched regions, as the poller holds them. */
  'eks.clusters': {
    args: z.object({}).strict(),
    result: z.object({ clusters: z.array(EksClusterRecord), errors: z.array(z.object({ region: z.string(), message: z.string() })) }),
  },
  'eks.cluster': { args: z.object({ clusterArn: ClusterArnArg }).strict(), result: EksClusterRecord },
  /** An insight's recommendation and the resources it names (DescribeInsight, on demand). */
  'eks.insight': { args: z.object({ clusterArn: ClusterArnArg, id: z.string().max(100) }).strict(), result: EksInsightDetail },
  'eks.kube': { args: z.object({ clusterArn: ClusterArnArg }).strict(), result: KubeSnapshot },
  /** The EKS cluster on screen: its nodes and pods are read every few seconds, the others slowly. */
  'eks.focus': { args: z.object({ clusterArn: ClusterArnArg.nullable() }).strict(), result: z.object({ ok: z.literal(true) }) },
  /** `r`: read the focused cluster now (within the budget). */
  'eks.refresh': { args: z.object({}).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;

export const eksEvents = {
  /** Something Wharf holds of EKS changed: the clusters list (clusterArn null) or one cluster's Kubernetes snapshot. */
  'eks.changed': z.object({ clusterArn: z.string().nullable(), version: z.number() }),
} as const;
