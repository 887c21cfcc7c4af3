import { z } from 'zod';
import { ScanSummary } from './registry';

/**
 * Mutations of ECS: roll back a service (or stop its deployment in progress, from the
 * rollback dialog), scale it, force a new deployment, stop a task. Every one is refused in
 * core on a read-only profile, needs the typed confirmation, carries a request id, and is
 * written to the audit log with before and after.
 */
const Ts = z.number().nullable();
const Arn = z.string().min(1).max(2048);
/** A cluster's name or ARN. */
const ClusterRef = z.string().min(1).max(2048);
const ServiceName = z.string().min(1).max(255);
const Confirmation = z.string().max(255);
/**
 * A client-chosen id for one user intent, required on every mutation: the same id sent twice
 * runs once (double click); the same id with other arguments is a CONFLICT.
 */
export const RequestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9-]+$/);

export const ServiceRef = z.object({ cluster: ClusterRef, service: ServiceName });
export type ServiceRef = z.infer<typeof ServiceRef>;

export const ContainerImage = z.object({
  containerName: z.string(),
  image: z.string(),
  /** The ECR repository in this account and region, when the image is one. */
  repositoryName: z.string().nullable(),
  tag: z.string().nullable(),
  /** From the image reference itself, or the tag resolved through ECR. */
  digest: z.string().nullable(),
});
export type ContainerImage = z.infer<typeof ContainerImage>;

export const ImageTarget = z.object({
  containerName: z.string(),
  repositoryName: z.string(),
  digest: z.string(),
  tags: z.array(z.string()),
  /** The tag a rollback would name: the newest of `tags`, or null for an untagged image. */
  tag: z.string().nullable(),
  /** An immutable tag always names this digest; a mutable one is pinned by digest instead. */
  tagImmutable: z.boolean(),
  pushedAt: Ts,
  sizeBytes: z.number().nullable(),
  scan: ScanSummary.nullable(),
  /** Revisions of this service's family whose container used this image. */
  ranInRevisions: z.array(z.number()),
  /** Pushed after the image running now: choosing it rolls forward. */
  newer: z.boolean().optional(),
});
export type ImageTarget = z.infer<typeof ImageTarget>;

export const RevisionTarget = z.object({
  taskDefinitionArn: z.string(),
  revision: z.number(),
  registeredAt: Ts,
  images: z.array(z.object({ containerName: z.string(), image: z.string() })),
  /** A later revision than the service runs: choosing it rolls forward. */
  newer: z.boolean().optional(),
});
export type RevisionTarget = z.infer<typeof RevisionTarget>;

export const InProgressDeployment = z.object({
  serviceDeploymentArn: z.string(),
  deploymentId: z.string().nullable(),
  taskDefinitionArn: z.string().nullable(),
  startedAt: Ts,
  status: z.string(),
});
export type InProgressDeployment = z.infer<typeof InProgressDeployment>;

export const ServiceHead = z.object({
  clusterArn: z.string(),
  serviceArn: z.string(),
  serviceName: z.string(),
  taskDefinitionArn: z.string(),
  family: z.string(),
  revision: z.number(),
  desiredCount: z.number(),
  runningCount: z.number(),
});
export type ServiceHead = z.infer<typeof ServiceHead>;

export const RollbackTargets = z.object({
  service: ServiceHead,
  current: z.array(ContainerImage),
  /** Earlier images of the service's repositories: immutable tags first, then newest first. */
  images: z.array(ImageTarget),
  /** Earlier ACTIVE revisions of the family, newest first. */
  revisions: z.array(RevisionTarget),
  /** A deployment that can still be stopped with ROLLBACK, when one is in progress. */
  inProgress: InProgressDeployment.nullable(),
  notes: z.array(z.string()),
  fetchedAt: z.number(),
});
export type RollbackTargets = z.infer<typeof RollbackTargets>;

export const RollbackTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image'), containerName: z.string().min(1).max(255), digest: z.string().regex(/^sha256:[0-9a-f]{64}$/), tag: z.string().max(300).optional() }),
  z.object({ kind: z.literal('revision'), taskDefinitionArn: Arn }),
  z.object({ kind: z.literal('stopDeployment'), serviceDeploymentArn: Arn }),
]);
export type RollbackTarget = z.infer<typeof RollbackTarget>;

/** One changed leaf of the task definition, e.g. `containerDefinitions[web].image`. */
export const FieldChange = z.object({
  path: z.string(),
  change: z.enum(['changed', 'added', 'removed']),
  before: z.unknown(),
  after: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const PreviewWarning = z.object({
  code: z.enum(['mutable-tag-pinned', 'scan-findings', 'never-ran', 'field-not-copied', 'deployment-in-progress', 'production', 'no-circuit-breaker', 'same-image']),
  message: z.string(),
});
export type PreviewWarning = z.infer<typeof PreviewWarning>;

export const RollbackPreview = z.object({
  previewId: z.string(),
  kind: z.enum(['image', 'revision', 'stopDeployment']),
  service: ServiceHead,
  /** "Roll checkout back from v42 to v41 in prod-admin / eu-west-1". */
  sentence: z.string(),
  /** What the user must type to confirm: the service's name. */
  confirmText: z.string(),
  profile: z.string(),
  accountId: z.string(),
  region: z.string(),
  fromLabel: z.string(),
  toLabel: z.string(),
  /** The task definition the service will run (null for a stop: ECS picks the last steady one). */
  targetTaskDefinitionArn: z.string().nullable(),
  /** The exact RegisterTaskDefinition input, for an image rollback; null otherwise. */
  registration: z.unknown(),
  /** Field by field against the current registration (the operation tag is not listed). */
  diff: z.array(FieldChange),
  /** The tag that marks the new revision as this operation's, so a retry can find it. */
  operationTag: z.object({ key: z.string(), value: z.string() }).nullable(),
  warnings: z.array(PreviewWarning),
  readOnly: z.boolean(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type RollbackPreview = z.infer<typeof RollbackPreview>;

export const ActionKind = z.enum([
  'rollback.image', 'rollback.revision', 'rollback.stopDeployment', 'scale', 'forceDeployment', 'stopTask',
  // deployments domain: a PAUSE hook approved or rolled back, a deployment stopped with ROLLBACK or ABORT
  'deployment.continue', 'deployment.rollback', 'deployment.stop', 'deployment.abort',
  // live events: the rule and queue set up or taken down
  'live.setUp', 'live.remove',
]);
export type ActionKind = z.infer<typeof ActionKind>;

export const ActionOutcome = z.object({
  operationId: z.string(),
  action: ActionKind,
  target: z.string(),
  /** The revision registered (image rollback) or pointed to. */
  taskDefinitionArn: z.string().nullable(),
  /** The ECS deployment started (`ecs-svc/...`), to follow with `actions.rollout`. */
  deploymentId: z.string().nullable(),
  serviceDeploymentArn: z.string().nullable(),
  /** True when this answer repeats an earlier call's outcome (double click, retry). */
  replayed: z.boolean(),
  message: z.string(),
  at: z.number(),
});
export type ActionOutcome = z.infer<typeof ActionOutcome>;

export const RolloutState = z.enum(['in-progress', 'completed', 'failed', 'rolled-back', 'stopped', 'unknown']);
export type RolloutState = z.infer<typeof RolloutState>;

export const RolloutDeployment = z.object({
  id: z.string(),
  status: z.string(),
  taskDefinition: z.string(),
  revisionLabel: z.string(),
  desiredCount: z.number(),
  runningCount: z.number(),
  pendingCount: z.number(),
  failedTasks: z.number(),
  rolloutState: z.string().nullable(),
  rolloutStateReason: z.string().nullable(),
  createdAt: Ts,
});
export type RolloutDeployment = z.infer<typeof RolloutDeployment>;

export const RolloutStatus = z.object({
  serviceName: z.string(),
  deploymentId: z.string().nullable(),
  state: RolloutState,
  /** In plain words: "FAILED: 3 tasks failed to start; the circuit breaker rolled back to revision 41." */
  sentence: z.string(),
  desiredCount: z.number(),
  deployments: z.array(RolloutDeployment),
  events: z.array(z.object({ id: z.string(), createdAt: Ts, message: z.string() })),
  circuitBreaker: z.object({ enable: z.boolean(), rollback: z.boolean() }).nullable(),
  fetchedAt: z.number(),
});
export type RolloutStatus = z.infer<typeof RolloutStatus>;

export const actionsMethods = {
  /** What a service can be rolled back to: earlier images, earlier revisions, an in-progress deployment to stop. */
  'actions.rollbackTargets': { args: ServiceRef.strict(), result: RollbackTargets },
  /** The exact change, the sentence and the warnings; nothing is changed yet. */
  'actions.previewRollback': { args: ServiceRef.extend({ target: RollbackTarget }).strict(), result: RollbackPreview },
  /** Applies a preview once: the same previewId applied again (whatever its request id) returns the first outcome. */
  'actions.applyRollback': {
    args: z.object({ previewId: z.string().min(8).max(64), confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
  'actions.scale': {
    args: ServiceRef.extend({ desiredCount: z.number().int().min(0).max(5000), confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
  'actions.forceDeployment': {
    args: ServiceRef.extend({ confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
  /** Confirmation: the service's name for a service task, else the task id. */
  'actions.stopTask': {
    args: z.object({ cluster: ClusterRef, task: Arn, reason: z.string().min(1).max(255), confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
  /** The state of a rollout now (one read; core follows a rollback's rollout and sends `actions.rollout` events). */
  'actions.rollout': {
    args: ServiceRef.extend({ deploymentId: z.string().max(255).optional() }).strict(),
    result: RolloutStatus,
  },
} as const;

export const actionsEvents = {
  /** An action finished (ok): the views refresh what it touched. */
  'actions.completed': ActionOutcome,
  /** A rollback's rollout changed (from the inventory's reads of the service), until it settles. */
  'actions.rollout': z.object({ clusterArn: z.string(), serviceName: z.string(), status: RolloutStatus }),
} as const;
