import { z } from 'zod';

/**
 * The live inventory: Wharf's normalized model of ECS, keyed by ARN. Field names follow the
 * ECS API so a reader can map them to the AWS docs; only what the views use is kept. Every
 * record carries `fetchedAt` (epoch ms of the response it came from) and `stale` (the last
 * refresh of it failed or it was reported in `failures[]`: kept and marked, never dropped).
 */
const Freshness = { fetchedAt: z.number(), stale: z.boolean() };
const Ts = z.number().nullable(); // epoch ms, or null when ECS did not send it

export const StrategyItem = z.object({ capacityProvider: z.string(), weight: z.number(), base: z.number() });
export type StrategyItem = z.infer<typeof StrategyItem>;

export const ProblemSeverity = z.enum(['critical', 'error', 'warning']);
export const Problem = z.object({
  id: z.string(), // stable: the same problem keeps its id across polls
  severity: ProblemSeverity,
  kind: z.enum([
    'deployment-failed', 'deployment-stuck', 'circuit-breaker', 'crash-loop', 'below-desired', 'task-stopped-error', 'instance-disconnected', 'instance-draining', 'spot-interruption',
    // The deployments domain (core/deployments): a PAUSE hook awaiting a person; a staged
    // deployment failing (alarm in ALARM, circuit breaker counting, targets unhealthy, rolling back).
    'deployment-awaiting', 'deployment-failing',
    // EKS (core/eks/eks-problems.ts)
    'node-not-ready', 'pod-crash-loop', 'pod-image-pull', 'pod-pending', 'nodegroup-degraded', 'addon-degraded', 'version-support',
  ]),
  clusterArn: z.string(),
  region: z.string(),
  /** The resource to open: a service, task or container instance ARN; an EKS cluster, node group or add-on ARN. */
  targetArn: z.string(),
  /** EKS: the Kubernetes object in the cluster it is about, `namespace/workload` or a node's name. */
  subject: z.string().optional(),
  /** The service the problem concerns (a task's problem names its service); null or absent otherwise. */
  serviceArn: z.string().nullable().optional(),
  title: z.string(),
  /** In words, e.g. "3 tasks stopped in 10 min: essential container exited with code 137 (OOM?)". */
  detail: z.string(),
  since: z.number(),
});
export type Problem = z.infer<typeof Problem>;

/**
 * The one health verdict of a service, in a state (one of five, each with its colour and
 * symbol in the renderer) and a word. Core computes it from the Problems rules and the record
 * (contract/health.ts, `serviceVerdict`) and sends it with every service record; every view
 * (services list, header, deployment card, palette, Deployments, history) shows this and
 * never re-derives a status from one API field.
 */
export const HealthState = z.enum(['healthy', 'progress', 'degraded', 'failed', 'unknown']);
export type HealthState = z.infer<typeof HealthState>;

export const HealthProblem = Problem.pick({ id: true, kind: true, severity: true, title: true, detail: true, since: true });
export type HealthProblem = z.infer<typeof HealthProblem>;

export const ServiceHealth = z.object({
  state: HealthState,
  /** steady, rolling, scaling, below desired, down, stuck, task errors, crash-looping, failed, draining, inactive. */
  word: z.string(),
  /** The worst problem of the service (what decided or sharpens the verdict), if any. */
  problem: HealthProblem.nullable(),
  /** How many problems point at the service (or at one of its tasks). */
  problemCount: z.number(),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

/** A cluster's verdict: its worst problem in a few words, or "unknown" before Wharf has read it in full. */
export const ClusterHealth = z.object({
  state: HealthState,
  word: z.string(),
  /** Deployments waiting for a person, named beside the worst problem: "storefront: awaiting approval", "2 awaiting approval". */
  awaiting: z.string().nullable().optional(),
});
export type ClusterHealth = z.infer<typeof ClusterHealth>;

export const ClusterRecord = z.object({
  arn: z.string(),
  name: z.string(),
  region: z.string(),
  status: z.string(),
  runningTasksCount: z.number(),
  pendingTasksCount: z.number(),
  activeServicesCount: z.number(),
  registeredContainerInstancesCount: z.number(),
  capacityProviders: z.array(z.string()),
  defaultCapacityProviderStrategy: z.array(StrategyItem),
  containerInsights: z.string().nullable(),
  /** executeCommandConfiguration: a KMS key means exec sessions are encrypted. */
  execKmsKeyId: z.string().nullable(),
  execLogging: z.string().nullable(),
  /** Problems found in this cluster's services, tasks and instances (see problems). */
  problemCount: z.number(),
  /** The cluster's verdict from the same rules (contract/health.ts, `clusterVerdict`). */
  health: ClusterHealth,
  ...Freshness,
});
export type ClusterRecord = z.infer<typeof ClusterRecord>;

export const DeploymentRecord = z.object({
  id: z.string(),
  status: z.string(), // PRIMARY | ACTIVE | INACTIVE
  taskDefinition: z.string(),
  desiredCount: z.number(),
  pendingCount: z.number(),
  runningCount: z.number(),
  failedTasks: z.number(),
  rolloutState: z.string().nullable(), // IN_PROGRESS | COMPLETED | FAILED
  rolloutStateReason: z.string().nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  launchType: z.string().nullable(),
  capacityProviderStrategy: z.array(StrategyItem),
  platformVersion: z.string().nullable(),
});
export type DeploymentRecord = z.infer<typeof DeploymentRecord>;

export const ServiceEvent = z.object({ id: z.string(), createdAt: z.number(), message: z.string() });
export type ServiceEvent = z.infer<typeof ServiceEvent>;

export const PlacementStrategyItem = z.object({ type: z.string(), field: z.string().nullable() });
export const PlacementConstraintItem = z.object({ type: z.string(), expression: z.string().nullable() });

export const ServiceRecord = z.object({
  arn: z.string(),
  clusterArn: z.string(),
  name: z.string(),
  status: z.string(),
  desiredCount: z.number(),
  runningCount: z.number(),
  pendingCount: z.number(),
  launchType: z.string().nullable(),
  capacityProviderStrategy: z.array(StrategyItem),
  platformVersion: z.string().nullable(),
  taskDefinition: z.string(),
  deployments: z.array(DeploymentRecord),
  minimumHealthyPercent: z.number().nullable(),
  maximumPercent: z.number().nullable(),
  circuitBreaker: z.object({ enable: z.boolean(), rollback: z.boolean() }).nullable(),
  /** deploymentConfiguration.strategy: ROLLING (ECS's default), BLUE_GREEN, LINEAR or CANARY. */
  deploymentStrategy: z.string().nullable().optional(),
  /** deploymentConfiguration.alarms: the CloudWatch alarms that fail a deployment. */
  deploymentAlarms: z.object({ names: z.array(z.string()), enable: z.boolean(), rollback: z.boolean() }).nullable().optional(),
  /** The latest events, newest first (ECS keeps 100). */
  events: z.array(ServiceEvent),
  placementStrategy: z.array(PlacementStrategyItem),
  placementConstraints: z.array(PlacementConstraintItem),
  enableExecuteCommand: z.boolean(),
  schedulingStrategy: z.string().nullable(),
  serviceRegistries: z.array(z.object({ registryArn: z.string().nullable(), containerName: z.string().nullable(), containerPort: z.number().nullable() })),
  loadBalancers: z.array(z.object({ targetGroupArn: z.string().nullable(), containerName: z.string().nullable(), containerPort: z.number().nullable() })),
  /** Service Connect, from the PRIMARY deployment's serviceConnectConfiguration. */
  serviceConnect: z.object({ enabled: z.boolean(), namespace: z.string().nullable(), services: z.array(z.string()) }).nullable(),
  networkMode: z.object({ subnets: z.array(z.string()), securityGroups: z.array(z.string()), assignPublicIp: z.string().nullable() }).nullable(),
  roleArn: z.string().nullable(),
  createdAt: Ts,
  /** The verdict (see ServiceHealth): computed by core, never by a view. */
  health: ServiceHealth,
  ...Freshness,
});
export type ServiceRecord = z.infer<typeof ServiceRecord>;

export const ContainerRecord = z.object({
  name: z.string(),
  image: z.string(),
  imageDigest: z.string().nullable(),
  runtimeId: z.string().nullable(),
  lastStatus: z.string().nullable(),
  exitCode: z.number().nullable(),
  reason: z.string().nullable(),
  healthStatus: z.string().nullable(),
  cpu: z.string().nullable(),
  memory: z.string().nullable(),
  networkBindings: z.array(z.object({ containerPort: z.number().nullable(), hostPort: z.number().nullable(), protocol: z.string().nullable() })),
  managedAgents: z.array(z.object({ name: z.string(), lastStatus: z.string().nullable(), reason: z.string().nullable() })),
});
export type ContainerRecord = z.infer<typeof ContainerRecord>;

export const TaskRecord = z.object({
  arn: z.string(),
  id: z.string(),
  clusterArn: z.string(),
  /** From `group` = "service:<name>"; null for standalone tasks. */
  serviceName: z.string().nullable(),
  group: z.string().nullable(),
  startedBy: z.string().nullable(),
  taskDefinitionArn: z.string(),
  lastStatus: z.string(),
  desiredStatus: z.string(),
  launchType: z.string().nullable(),
  capacityProviderName: z.string().nullable(),
  availabilityZone: z.string().nullable(),
  containerInstanceArn: z.string().nullable(),
  cpu: z.string().nullable(),
  memory: z.string().nullable(),
  platformVersion: z.string().nullable(),
  healthStatus: z.string().nullable(),
  enableExecuteCommand: z.boolean(),
  connectivity: z.string().nullable(),
  createdAt: Ts,
  pullStartedAt: Ts,
  pullStoppedAt: Ts,
  connectivityAt: Ts,
  startedAt: Ts,
  stoppingAt: Ts,
  stoppedAt: Ts,
  stopCode: z.string().nullable(),
  stoppedReason: z.string().nullable(),
  privateIp: z.string().nullable(),
  subnetId: z.string().nullable(),
  containers: z.array(ContainerRecord),
  /** ECS's version of the task: it moves on every change, so the newer of two readings wins (null when ECS gave none). */
  version: z.number().nullable(),
  ...Freshness,
});
export type TaskRecord = z.infer<typeof TaskRecord>;

export const Resources = z.object({ cpu: z.number(), memory: z.number(), ports: z.array(z.string()), gpus: z.number() });
export type Resources = z.infer<typeof Resources>;

export const ContainerInstanceRecord = z.object({
  arn: z.string(),
  id: z.string(),
  clusterArn: z.string(),
  ec2InstanceId: z.string().nullable(),
  /** ECS Anywhere: registered from outside EC2 (managed instance id `mi-...`). */
  external: z.boolean(),
  status: z.string(), // ACTIVE | DRAINING | REGISTERING | ...
  statusReason: z.string().nullable(),
  agentConnected: z.boolean(),
  agentVersion: z.string().nullable(),
  runningTasksCount: z.number(),
  pendingTasksCount: z.number(),
  registered: Resources,
  remaining: Resources,
  availabilityZone: z.string().nullable(),
  instanceType: z.string().nullable(),
  amiId: z.string().nullable(),
  osType: z.string().nullable(),
  capacityProviderName: z.string().nullable(),
  registeredAt: Ts,
  attributes: z.record(z.string(), z.string()),
  /** ECS's version of the instance, as for tasks. */
  version: z.number().nullable(),
  ...Freshness,
});
export type ContainerInstanceRecord = z.infer<typeof ContainerInstanceRecord>;

export const CapacityProviderRecord = z.object({
  arn: z.string().nullable(),
  name: z.string(),
  status: z.string(),
  kind: z.enum(['ASG', 'FARGATE', 'FARGATE_SPOT']),
  autoScalingGroupArn: z.string().nullable(),
  managedScaling: z
    .object({ status: z.string(), targetCapacity: z.number().nullable(), minimumScalingStepSize: z.number().nullable(), maximumScalingStepSize: z.number().nullable(), instanceWarmupPeriod: z.number().nullable() })
    .nullable(),
  managedTerminationProtection: z.string().nullable(),
  managedDraining: z.string().nullable(),
  ...Freshness,
});
export type CapacityProviderRecord = z.infer<typeof CapacityProviderRecord>;

/** Everything known of one cluster: the answer to `inventory.snapshot`. */
export const ClusterSnapshot = z.object({
  cluster: ClusterRecord,
  services: z.array(ServiceRecord),
  tasks: z.array(TaskRecord),
  instances: z.array(ContainerInstanceRecord),
  capacityProviders: z.array(CapacityProviderRecord),
  /** True once every page of the first load has been fetched. */
  complete: z.boolean(),
  /**
   * Per kind: its first full load is done. A view's "Reading…" ends with this (also sent in
   * deltas as `completed`), never with a progress event a late window may have missed.
   */
  completeKinds: z.object({ services: z.boolean(), tasks: z.boolean(), instances: z.boolean() }),
});
export type ClusterSnapshot = z.infer<typeof ClusterSnapshot>;

/** Changes since the last event for one cluster (or the clusters list when clusterArn is null). */
export const InventoryDelta = z.object({
  clusterArn: z.string().nullable(),
  clusters: z.array(ClusterRecord).optional(),
  services: z.array(ServiceRecord).optional(),
  tasks: z.array(TaskRecord).optional(),
  instances: z.array(ContainerInstanceRecord).optional(),
  capacityProviders: z.array(CapacityProviderRecord).optional(),
  /** ARNs that are really gone (deleted, or stopped tasks past ECS's retention) — never failures. */
  removed: z.array(z.string()).optional(),
  /** ARNs whose refresh failed: keep them, mark them stale. */
  staled: z.array(z.string()).optional(),
  /** Kinds whose first full load of this cluster just ended (see ClusterSnapshot.completeKinds). */
  completed: z.array(z.enum(['services', 'tasks', 'instances'])).optional(),
  /**
   * Only changed records are sent. When a complete refresh of a kind succeeded, its time is
   * here: every record of that kind in the cluster that is not stale is as fresh as this
   * (apply it as their fetchedAt). Capacity providers are keyed by name (Fargate's have no ARN).
   */
  refreshedAt: z.object({ services: z.number(), tasks: z.number(), instances: z.number(), capacityProviders: z.number() }).partial().optional(),
});
export type InventoryDelta = z.infer<typeof InventoryDelta>;

export const LoadProgress = z.object({
  clusterArn: z.string(),
  what: z.enum(['services', 'tasks', 'instances']),
  pagesFetched: z.number(),
  /** An estimate from DescribeClusters counts; null when unknown. */
  pagesExpected: z.number().nullable(),
  itemsFetched: z.number(),
  done: z.boolean(),
});
export type LoadProgress = z.infer<typeof LoadProgress>;

export const InventoryView = z.enum(['overview', 'problems', 'services', 'service', 'tasks', 'task', 'instances', 'placement', 'capacity', 'registry', 'other']);

export const Focus = z.object({
  clusterArn: z.string().max(2048).nullable(),
  serviceArn: z.string().max(2048).nullable(),
  taskArn: z.string().max(2048).nullable(),
  view: InventoryView,
});
export type Focus = z.infer<typeof Focus>;

/** A full task definition as ECS returns it (kept loose: the diff shows every field). */
export const TaskDefinitionDoc = z.looseObject({
  taskDefinitionArn: z.string(),
  family: z.string(),
  revision: z.number(),
  containerDefinitions: z.array(z.looseObject({ name: z.string(), image: z.string() })),
});
export type TaskDefinitionDoc = z.infer<typeof TaskDefinitionDoc>;


export const ClusterSummary = ClusterRecord.pick({
  arn: true, name: true, region: true, status: true, runningTasksCount: true, pendingTasksCount: true,
  activeServicesCount: true, registeredContainerInstancesCount: true, capacityProviders: true, problemCount: true, health: true, fetchedAt: true, stale: true,
});

/** Every cluster of the profile across the overview's regions (the session's and Settings'), and each region that failed. */
export const Overview = z.object({ clusters: z.array(ClusterSummary), errors: z.array(z.object({ region: z.string(), message: z.string() })) });
export type Overview = z.infer<typeof Overview>;

export const inventoryMethods = {
  /** What the user is looking at: the poller refreshes it every few seconds, the rest slowly. */
  'inventory.focus': { args: Focus.strict(), result: z.object({ ok: z.literal(true) }) },
  'inventory.clusters': { args: z.object({}).strict(), result: z.object({ clusters: z.array(ClusterRecord) }) },
  'inventory.snapshot': { args: z.object({ clusterArn: z.string().max(2048) }).strict(), result: ClusterSnapshot },
  /** `r`: refresh the focus now (still within the token budget). */
  'inventory.refresh': { args: z.object({}).strict(), result: z.object({ ok: z.literal(true) }) },
  'inventory.taskDefinition': { args: z.object({ arn: z.string().max(2048) }).strict(), result: TaskDefinitionDoc },
  /** Revisions of a family, newest first. */
  'inventory.taskDefinitionRevisions': { args: z.object({ family: z.string().max(255) }).strict(), result: z.object({ arns: z.array(z.string()) }) },
  /**
   * The overview now (a renderer asks after a reconnect); while the overview is the focus, core
   * sends it as `inventory.overview` events whenever it changes.
   */
  'inventory.overview': { args: z.object({}).strict(), result: Overview },
  'problems.list': { args: z.object({}).strict(), result: z.object({ problems: z.array(Problem) }) },
} as const;

export const inventoryEvents = {
  'inventory.delta': InventoryDelta,
  'inventory.progress': LoadProgress,
  /** The overview, while it is the focus (`view: 'overview'`): sent at once, then as it changes. */
  'inventory.overview': Overview,
  'problems.changed': z.object({ problems: z.array(Problem) }),
} as const;
