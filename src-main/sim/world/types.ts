/**
 * The ECS world's records. Times are epoch ms of the sim clock; the ECS renderer turns them
 * into the API's shapes (Dates, ARNs, counts). API-shaped sub-objects that the sim only stores
 * and returns (deploymentConfiguration, containerDefinitions, ...) are kept as given.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export interface Tag {
  key: string;
  value: string;
}

export interface CapacityProviderStrategyItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export interface ClusterRecord {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'PROVISIONING' | 'INACTIVE';
  settings: Array<{ name: string; value: string }>;
  configuration?: Json;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  serviceConnectDefaults?: { namespace: string };
  tags: Tag[];
}

export interface AsgModel {
  instanceType: string;
  cpu: number;
  memory: number;
  gpus: number;
  zones: string[];
  maxSize: number;
  /** Instances requested by managed scaling that have not registered yet. */
  launching: number;
}

export interface CapacityProviderRecord {
  arn: string;
  name: string;
  clusterName: string;
  status: 'ACTIVE' | 'INACTIVE';
  autoScalingGroupArn: string;
  managedScaling: { status: 'ENABLED' | 'DISABLED'; targetCapacity: number; minimumScalingStepSize: number; maximumScalingStepSize: number; instanceWarmupPeriod: number };
  managedTerminationProtection: 'ENABLED' | 'DISABLED';
  asg: AsgModel;
  tags: Tag[];
}

export interface ContainerInstanceRecord {
  arn: string;
  id: string;
  clusterName: string;
  ec2InstanceId: string;
  capacityProviderName?: string;
  status: 'ACTIVE' | 'DRAINING' | 'REGISTERING';
  agentConnected: boolean;
  registeredAt: number;
  instanceType: string;
  availabilityZone: string;
  external: boolean;
  cpu: number;
  memory: number;
  gpus: number;
  usedCpu: number;
  usedMemory: number;
  usedPorts: Set<number>;
  /** GPU ids not handed to a task. */
  freeGpus: string[];
  attributes: Array<{ name: string; value?: string }>;
  agentVersion: string;
  tags: Tag[];
  /** Bumped on every change ECS would report (resources, status, agent): DescribeContainerInstances' `version`. */
  version: number;
}

export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  registeredAt: number;
  registeredBy?: string;
  /** Every field RegisterTaskDefinition was given, minus tags. */
  body: Json;
  tags: Tag[];
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

/** One entry of a service's `deployments[]`, plus what ListServiceDeployments reports of it. */
export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  networkConfiguration?: Json;
  serviceConnectConfiguration?: Json;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** The service-deployment view (ListServiceDeployments / DescribeServiceDeployments). */
  serviceDeploymentArn: string;
  serviceRevisionArn: string;
  deploymentStatus: ServiceDeploymentStatus;
  statusReason?: string;
  startedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  sourceRevisionArns: string[];
  deploymentConfiguration: Json;
  /** Set on a rollback deployment: the id of the deployment it rolls back (hidden from ListServiceDeployments). */
  rollbackOfId?: string;
  /** The service revision it deploys, as DescribeServiceRevisions shows it (fixed at creation). */
  revision: ServiceRevisionSnapshot;
  /** Set on a deployment that was rolled back: how and to which revision. */
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  /**
   * The target group its tasks register with, per entry of the service's loadBalancers[] (the
   * service's target group, or for BLUE_GREEN / LINEAR / CANARY the one of the pair that the
   * revision it replaces does not use).
   */
  targetGroups?: string[];
  /** BLUE_GREEN, LINEAR and CANARY deployments: where the deployment is in its lifecycle. */
  staged?: StagedRollout;
  /** A scenario's deployment that happened before the replayed history: when it finished. */
  settledAt?: number;
  /** Set by StopServiceDeployment: the stop type asked for. */
  stopType?: 'ROLLBACK' | 'ABORT';
}

export type DeploymentStrategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

/** ServiceDeploymentLifecycleStage: the stages a BLUE_GREEN / LINEAR / CANARY deployment walks through. */
export type LifecycleStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT'
  | 'BAKE_TIME'
  | 'CLEAN_UP';

/** DeploymentLifecycleHookStage: where a hook may run (PRE_PRODUCTION_TRAFFIC_SHIFT runs before each shift). */
export type HookStage = Exclude<LifecycleStage, 'SCALE_UP' | 'BAKE_TIME' | 'CLEAN_UP'> | 'PRE_PRODUCTION_TRAFFIC_SHIFT';

export type HookStatus = 'AWAITING_ACTION' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** One invocation of a lifecycle hook. */
export interface HookRun {
  hookId: string;
  targetType: 'AWS_LAMBDA' | 'PAUSE';
  targetArn?: string;
  hookStage: HookStage;
  /** The lifecycle stage the deployment reports while the hook runs. */
  lifecycleStage: LifecycleStage;
  /** The production traffic step it belongs to (PRE_/PRODUCTION_TRAFFIC_SHIFT hooks run per step). */
  step: number;
  status: HookStatus;
  startedAt: number;
  expiresAt: number;
  timeoutAction: 'ROLLBACK' | 'CONTINUE';
  finishedAt?: number;
}

/** The state of a BLUE_GREEN / LINEAR / CANARY deployment (see engine/staged-deployments.ts). */
export interface StagedRollout {
  strategy: Exclude<DeploymentStrategy, 'ROLLING'>;
  stage: LifecycleStage;
  stageStartedAt: number;
  /** Every stage entered, in order, with when it began and ended. */
  history: Array<{ stage: LifecycleStage; startedAt: number; endedAt?: number }>;
  /** Production and test traffic (percent) on the target revision, as last written to the listener rules. */
  productionWeight: number;
  testWeight: number;
  /** Production traffic steps taken so far (linear: one per step; canary: 1 = the canary, 2 = the rest). */
  step: number;
  hooks: HookRun[];
  /** The end of the current wait (a step's or the canary's bake, the bake time), sim ms. */
  waitUntil?: number;
  /** forward: deploying; rollback: walking traffic back; halted: stopped by ABORT; done: finished. */
  mode: 'forward' | 'rollback' | 'halted' | 'done';
  /** Alarms seen in ALARM during the deployment. */
  triggeredAlarms: string[];
  /** Whether the alarms check is still watching (it stops with the deployment). */
  monitoring: boolean;
  /** The service's first deployment: nothing to shift traffic from (all of it goes to the new revision at once). */
  initial?: boolean;
  /** Within PRODUCTION_TRAFFIC_SHIFT: the step's PRE_PRODUCTION hooks, its shift and hooks, or its bake. */
  phase?: 'pre' | 'shift' | 'bake';
}

/** What a service revision pins beyond the deployment's own fields: images resolved to digests. */
export interface ServiceRevisionSnapshot {
  containerImages: Array<{ containerName: string; image: string; imageDigest?: string }>;
  loadBalancers: Json[];
  serviceRegistries: Json[];
}

/** A release that misbehaves once it runs (see engine/bad-releases.ts). */
export interface BadRelease {
  taskDefinitionArn: string;
  /** The alarm its errors drive to ALARM. */
  alarmName?: string;
  /** How long it takes production traffic before the alarm fires (default 3 minutes). */
  alarmAfterMs?: number;
  /** Its targets fail the load balancer's health checks (default true). */
  unhealthyTargets?: boolean;
  /** Since when it has been taking production traffic, and since when not (the engine's notes). */
  trafficSince?: number;
  quietSince?: number;
}

export interface ServiceBehaviour {
  /** Running tasks exit 1 after about this long (sim ms). */
  crashAfterMs?: number;
  /**
   * Task definitions that are bad releases: their tasks fail the load balancer's health checks,
   * and once they take production traffic for `alarmAfterMs` the named alarm goes to ALARM
   * (back to OK a few minutes after they stop taking it).
   */
  badReleases?: BadRelease[];
}

export interface ServiceRecord {
  arn: string;
  name: string;
  clusterName: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinition: string;
  launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  deploymentConfiguration: Json;
  deployments: DeploymentRecord[];
  /** Finished deployments, newest first, for ListServiceDeployments. */
  pastDeployments: DeploymentRecord[];
  events: Array<{ id: string; createdAt: number; message: string }>;
  createdAt: number;
  createdBy: string;
  roleArn?: string;
  placementConstraints: Array<{ type: string; expression?: string }>;
  placementStrategy: Array<{ type: string; field?: string }>;
  networkConfiguration?: Json;
  loadBalancers: Json[];
  serviceRegistries: Json[];
  healthCheckGracePeriodSeconds?: number;
  enableExecuteCommand: boolean;
  enableECSManagedTags: boolean;
  propagateTags: string;
  tags: Tag[];
  behaviour: ServiceBehaviour;
  /** Sim time of the last "unable to place" event, to space them out as ECS does. */
  lastPlacementEventAt?: number;
  /** When the service last reported a steady state, so it repeats only every few hours. */
  lastSteadyStateAt?: number;
  /** The deployment controller (ECS unless CreateService said otherwise). */
  deploymentController?: { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' };
}

export interface ContainerRecord {
  name: string;
  arn: string;
  image: string;
  imageDigest?: string;
  runtimeId?: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  essential: boolean;
  cpu: number;
  memory?: number;
  memoryReservation?: number;
  portMappings: Array<{ containerPort?: number; hostPort?: number; protocol?: string }>;
  hostPorts: number[];
  gpuIds: string[];
  logGroup?: string;
  logStream?: string;
  execAgent?: { lastStatus: string; lastStartedAt?: number };
  healthStatus?: string;
}

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED';

export interface TaskRecord {
  arn: string;
  id: string;
  clusterName: string;
  serviceName?: string;
  deploymentId?: string;
  group: string;
  startedBy?: string;
  taskDefinitionArn: string;
  family: string;
  launchType: 'EC2' | 'FARGATE' | 'EXTERNAL';
  capacityProviderName?: string;
  containerInstanceArn?: string;
  availabilityZone: string;
  platformVersion?: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  cpu: number;
  memory: number;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  containers: ContainerRecord[];
  eni?: { id: string; attachmentId: string; subnetId: string; privateIp: string; mac: string };
  enableExecuteCommand: boolean;
  version: number;
  tags: Tag[];
  /** Set when the image failed to pull: the task stops with this reason. */
  pullFailure?: string;
  /** True once its CPU, memory, ports and GPUs went back to the instance. */
  released?: boolean;
}
