import { z } from 'zod';
import { ActionOutcome } from './actions';

/**
 * Deployments as ECS runs them now (ROLLING, BLUE_GREEN, LINEAR, CANARY with lifecycle hooks,
 * bake times, alarms): every deployment in progress or finished in the last 24 h across the
 * session's region and the watched regions, its detail (stages, traffic over time, target
 * health, alarms, hooks, the revision diff), a service's 30-day history, and the actions that
 * steer one (approve or roll back a paused hook, stop with ROLLBACK or ABORT).
 */
const Ts = z.number().nullable();
const Arn = z.string().min(1).max(2048);
const Region = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/);
const Confirmation = z.string().max(255);
/** A client-chosen id for one user intent: the same id sent twice runs once (double click). */
const RequestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9-]+$/);

export const DeploymentStrategy = z.enum(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY']);
export type DeploymentStrategy = z.infer<typeof DeploymentStrategy>;

/** ServiceDeploymentLifecycleStage (ECS model). */
export const LifecycleStage = z.enum([
  'RECONCILE_SERVICE', 'PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP',
]);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/**
 * Where a deployment stands, from the same rules as the service's badges (core/problems):
 * `awaiting` a person (a PAUSE hook), `failing` (alarm in ALARM, circuit breaker counting,
 * targets unhealthy, rolling back), `progress`, or finished: `succeeded`, `rolled-back`,
 * `stopped`, `failed`.
 */
export const DeploymentTone = z.enum(['awaiting', 'failing', 'progress', 'succeeded', 'rolled-back', 'stopped', 'failed']);
export type DeploymentTone = z.infer<typeof DeploymentTone>;

export const DeploymentSection = z.enum(['needs-action', 'failing', 'in-progress', 'finished']);
export type DeploymentSection = z.infer<typeof DeploymentSection>;

export const Verdict = z.object({
  tone: DeploymentTone,
  section: DeploymentSection,
  /** A word or two: "awaiting approval", "rolling back", "baking", "successful". */
  word: z.string(),
  /** Why, in a sentence, when it needs attention: "alarm search-5xx in ALARM". */
  reason: z.string().nullable(),
});
export type Verdict = z.infer<typeof Verdict>;

export const HookInfo = z.object({
  hookId: z.string(),
  targetType: z.string(),
  targetArn: z.string().nullable(),
  status: z.string(),
  expiresAt: Ts,
  timeoutAction: z.string().nullable(),
  /** The lifecycle stage the deployment was in when Wharf saw the hook. */
  stage: z.string().nullable(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
});
export type HookInfo = z.infer<typeof HookInfo>;

export const MonitorState = z.object({
  /** DISABLED, MONITORING, TRIGGERED, MONITORING_COMPLETE. */
  status: z.string(),
  failureCount: z.number().nullable(),
  threshold: z.number().nullable(),
});

export const TargetCounts = z.object({ healthy: z.number(), unhealthy: z.number(), initial: z.number(), draining: z.number(), other: z.number(), total: z.number() });
export type TargetCounts = z.infer<typeof TargetCounts>;

export const RevisionCounts = z.object({
  arn: z.string(),
  requested: z.number().nullable(),
  running: z.number().nullable(),
  pending: z.number().nullable(),
  /** Percent of production / test traffic ECS reports for the revision. */
  productionWeight: z.number().nullable(),
  testWeight: z.number().nullable(),
});
export type RevisionCounts = z.infer<typeof RevisionCounts>;

/** One row of the Deployments view. */
export const DeploymentSummary = z.object({
  serviceDeploymentArn: z.string(),
  region: z.string(),
  clusterArn: z.string(),
  clusterName: z.string(),
  serviceArn: z.string(),
  serviceName: z.string(),
  strategy: DeploymentStrategy,
  /** CANARY: the canary's percent; LINEAR: the step's percent. */
  shiftPercent: z.number().nullable(),
  /** ECS's ServiceDeploymentStatus (IN_PROGRESS, SUCCESSFUL, ROLLBACK_IN_PROGRESS, …). */
  status: z.string(),
  statusReason: z.string().nullable(),
  stage: LifecycleStage.nullable(),
  verdict: Verdict,
  /** Production and test traffic (percent) on the new revision, from the listener rules as last read. */
  productionWeight: z.number().nullable(),
  testWeight: z.number().nullable(),
  /** LINEAR / CANARY: the production traffic step (1-based) and how many there are. */
  step: z.object({ index: z.number(), of: z.number() }).nullable(),
  /** The PAUSE hook waiting for a person, when one is. */
  awaiting: HookInfo.nullable(),
  /** When the current bake (the canary's, a linear step's, or the bake time) ends, as far as Wharf saw it begin. */
  bakeEndsAt: Ts,
  /** Health of the new revision's targets (null without a load balancer or before the first read). */
  targets: TargetCounts.nullable(),
  alarms: z.object({ status: z.string(), names: z.array(z.string()), triggered: z.array(z.string()), inAlarm: z.array(z.string()) }),
  circuitBreaker: MonitorState,
  source: RevisionCounts.nullable(),
  target: RevisionCounts,
  startedAt: Ts,
  finishedAt: Ts,
  updatedAt: Ts,
  rollbackReason: z.string().nullable(),
  fetchedAt: z.number(),
});
export type DeploymentSummary = z.infer<typeof DeploymentSummary>;

export const StageInfo = z.object({
  stage: LifecycleStage,
  state: z.enum(['done', 'now', 'todo', 'skipped']),
  startedAt: Ts,
  endedAt: Ts,
});
export type StageInfo = z.infer<typeof StageInfo>;

/** Listener rule weights as polled: green's share of production and test traffic at `at`. */
export const TrafficPoint = z.object({ at: z.number(), production: z.number().nullable(), test: z.number().nullable() });
export type TrafficPoint = z.infer<typeof TrafficPoint>;

export const TargetInfo = z.object({
  id: z.string(),
  port: z.number().nullable(),
  availabilityZone: z.string().nullable(),
  /** initial, healthy, unhealthy, draining, unused, unavailable. */
  state: z.string(),
  reason: z.string().nullable(),
  description: z.string().nullable(),
  /** The task behind the target, when Wharf knows it (by IP or instance and port). */
  taskArn: z.string().nullable(),
});
export type TargetInfo = z.infer<typeof TargetInfo>;

export const TargetGroupHealth = z.object({
  targetGroupArn: z.string(),
  targetGroupName: z.string(),
  counts: TargetCounts,
  targets: z.array(TargetInfo),
  fetchedAt: z.number(),
});
export type TargetGroupHealth = z.infer<typeof TargetGroupHealth>;

export const AlarmInfo = z.object({
  name: z.string(),
  /** OK, ALARM, INSUFFICIENT_DATA, or UNKNOWN when CloudWatch has no such alarm. */
  state: z.string(),
  reason: z.string().nullable(),
  updatedAt: Ts,
});
export type AlarmInfo = z.infer<typeof AlarmInfo>;

export const RevisionInfo = z.object({
  arn: z.string(),
  taskDefinitionArn: z.string().nullable(),
  /** family:revision */
  taskDefinitionLabel: z.string().nullable(),
  images: z.array(z.object({ containerName: z.string(), image: z.string(), tag: z.string().nullable(), digest: z.string().nullable() })),
  environmentNames: z.array(z.string()),
  secretNames: z.array(z.string()),
  ports: z.array(z.string()),
  loadBalancers: z.array(z.string()),
  launch: z.string().nullable(),
  createdAt: Ts,
});
export type RevisionInfo = z.infer<typeof RevisionInfo>;

/** A piece of a value in a diff; `changed` marks the token that differs (e.g. the tag in an image). */
export const DiffToken = z.object({ text: z.string(), changed: z.boolean() });

export const RevisionDiffLine = z.object({
  field: z.string(),
  change: z.enum(['changed', 'added', 'removed', 'same']),
  before: z.array(DiffToken),
  after: z.array(DiffToken),
});
export type RevisionDiffLine = z.infer<typeof RevisionDiffLine>;

export const DeploymentConfigSummary = z.object({
  strategy: DeploymentStrategy,
  bakeTimeInMinutes: z.number().nullable(),
  canaryPercent: z.number().nullable(),
  canaryBakeTimeInMinutes: z.number().nullable(),
  stepPercent: z.number().nullable(),
  stepBakeTimeInMinutes: z.number().nullable(),
  hooks: z.array(z.object({ targetType: z.string(), target: z.string().nullable(), stages: z.array(z.string()), timeoutInMinutes: z.number().nullable(), timeoutAction: z.string().nullable() })),
  alarmNames: z.array(z.string()),
  alarmsRollback: z.boolean(),
  circuitBreaker: z.object({ enable: z.boolean(), rollback: z.boolean() }).nullable(),
});
export type DeploymentConfigSummary = z.infer<typeof DeploymentConfigSummary>;

export const DeploymentDetail = z.object({
  summary: DeploymentSummary,
  config: DeploymentConfigSummary,
  stages: z.array(StageInfo),
  traffic: z.array(TrafficPoint),
  targetHealth: z.object({ source: TargetGroupHealth.nullable(), target: TargetGroupHealth.nullable() }),
  alarms: z.array(AlarmInfo),
  hooks: z.array(HookInfo),
  source: RevisionInfo.nullable(),
  target: RevisionInfo.nullable(),
  diff: z.array(RevisionDiffLine),
  /** The service's events about this deployment, newest first. */
  events: z.array(z.object({ id: z.string(), createdAt: z.number(), message: z.string() })),
  fetchedAt: z.number(),
});
export type DeploymentDetail = z.infer<typeof DeploymentDetail>;

export const HistoryRow = z.object({
  serviceDeploymentArn: z.string(),
  status: z.string(),
  statusReason: z.string().nullable(),
  verdict: Verdict,
  targetRevisionArn: z.string().nullable(),
  startedAt: Ts,
  finishedAt: Ts,
  createdAt: Ts,
  /** Minutes from start to finish (or to now while running). */
  durationMs: z.number().nullable(),
  /** Who or what started it, when the service's events or the revision say. */
  startedBy: z.string().nullable(),
});
export type HistoryRow = z.infer<typeof HistoryRow>;

export const DeploymentHistory = z.object({
  region: z.string(),
  clusterArn: z.string(),
  serviceName: z.string(),
  rows: z.array(HistoryRow),
  /** True when ECS had more than Wharf read (older than 30 days are not asked for). */
  truncated: z.boolean(),
  fetchedAt: z.number(),
});
export type DeploymentHistory = z.infer<typeof DeploymentHistory>;

export const DeploymentBudget = z.object({
  /** Calls the deployments domain made in the last minute, by API. */
  callsPerMinute: z.number(),
  byOperation: z.record(z.string(), z.number()),
  throttled: z.number(),
});
export type DeploymentBudget = z.infer<typeof DeploymentBudget>;

export const DeploymentList = z.object({
  deployments: z.array(DeploymentSummary),
  /** The regions read: the session's and the watched ones. */
  regions: z.array(z.string()),
  budget: DeploymentBudget,
  fetchedAt: z.number(),
});
export type DeploymentList = z.infer<typeof DeploymentList>;

const DeploymentRef = z.object({ serviceDeploymentArn: Arn, region: Region.optional() });

/** One hook of a bulk approve / roll back, as it went: done, refused (read-only, confirmation), or failed (AWS's error). */
export const BulkContinueResult = z.object({
  serviceDeploymentArn: z.string(),
  hookId: z.string(),
  region: z.string(),
  serviceName: z.string().nullable(),
  result: z.enum(['done', 'refused', 'failed']),
  /** The outcome's sentence, or the error's sentence and fix. */
  message: z.string(),
  /** The error's code (READ_ONLY, NOT_CONFIRMED, AWS_ERROR…) when not done. */
  code: z.string().nullable(),
  operationId: z.string().nullable(),
});
export type BulkContinueResult = z.infer<typeof BulkContinueResult>;

export const deploymentsMethods = {
  /** Every deployment in progress or finished in the last 24 h (as read so far; `deployments.changed` follows). */
  'deployments.list': { args: z.object({ clusterArn: Arn.optional() }).strict(), result: DeploymentList },
  /** One deployment in full; asking for it puts it in focus (read every few seconds) until another or `deployments.unfocus`. */
  'deployments.detail': { args: DeploymentRef.strict(), result: DeploymentDetail },
  'deployments.unfocus': { args: z.object({}).strict(), result: z.object({ ok: z.literal(true) }) },
  /** A service's deployments of the last 30 days (ListServiceDeployments, paged); open while the page shows it. */
  'deployments.history': { args: z.object({ clusterArn: Arn, serviceName: z.string().min(1).max(255), region: Region.optional() }).strict(), result: DeploymentHistory },
  /** Two revisions of a service side by side, with the changed tokens marked. */
  'deployments.compare': {
    args: z.object({ sourceRevisionArn: Arn, targetRevisionArn: Arn, region: Region.optional() }).strict(),
    result: z.object({ source: RevisionInfo, target: RevisionInfo, diff: z.array(RevisionDiffLine) }),
  },
  /** Target health of a service's target groups, each target with its task (the service page's tasks; read when asked). */
  'deployments.serviceTargets': {
    args: z.object({ clusterArn: Arn, serviceName: z.string().min(1).max(255), region: Region.optional() }).strict(),
    result: z.object({ groups: z.array(TargetGroupHealth) }),
  },
  /** ContinueServiceDeployment: approve (CONTINUE) or roll back (ROLLBACK) a PAUSE hook awaiting action. Confirmation: the service's name. */
  'deployments.continue': {
    args: DeploymentRef.extend({ hookId: z.string().min(1).max(255), action: z.enum(['CONTINUE', 'ROLLBACK']), confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
  /**
   * Approve (CONTINUE) or roll back (ROLLBACK) several paused hooks after one typed confirmation
   * (`bulkConfirmation(action, items.length)`, contract/bulk.ts): each goes through the guarded runner as its own
   * intent (refused on a read-only profile, once per request id and item, audited each), one
   * after another; the answer says how each went.
   */
  'deployments.continueMany': {
    args: z
      .object({
        items: z.array(z.object({ serviceDeploymentArn: Arn, region: Region.optional(), hookId: z.string().min(1).max(255) }).strict()).min(1).max(100),
        action: z.enum(['CONTINUE', 'ROLLBACK']),
        confirmation: Confirmation,
        // Each item runs as `<requestId>-<index>`, within the 64 characters of a request id.
        requestId: z.string().min(8).max(56).regex(/^[A-Za-z0-9-]+$/),
      })
      .strict(),
    result: z.object({ results: z.array(BulkContinueResult) }),
  },
  /** StopServiceDeployment with ROLLBACK (back to the source revision) or ABORT (stop where it is). Confirmation: the service's name. */
  'deployments.stop': {
    args: DeploymentRef.extend({ stopType: z.enum(['ROLLBACK', 'ABORT']), confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
} as const;

export const deploymentsEvents = {
  /** The list changed (a stage, a weight, a hook, a new or finished deployment). */
  'deployments.changed': DeploymentList,
  /** The deployment in focus was read again. */
  'deployments.detailChanged': DeploymentDetail,
} as const;
