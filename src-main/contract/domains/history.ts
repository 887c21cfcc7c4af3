import { z } from 'zod';
import { ClusterSnapshot, ContainerInstanceRecord, Problem, TaskRecord } from './inventory';

/**
 * History: what Wharf saw, kept in an embedded store in the data folder (per profile, account,
 * region and cluster), so a view can show a past moment and say what changed. Recorded only
 * while Wharf runs; every answer says from when the store has data (`from`).
 */
const Arn = z.string().min(1).max(2048);
const Time = z.number().int().nonnegative(); // epoch ms

export const HistoryKind = z.enum(['services', 'tasks', 'instances', 'capacityProviders']);
export type HistoryKind = z.infer<typeof HistoryKind>;

/** A stretch of time during which Wharf recorded a cluster (one run of the app, one session). */
export const HistorySpan = z.object({ start: Time, end: Time });
export type HistorySpan = z.infer<typeof HistorySpan>;

export const HistoryRange = z.object({
  clusterArn: z.string(),
  /** The oldest moment the store can show for this cluster; null when it holds nothing. */
  from: Time.nullable(),
  to: Time.nullable(),
  /** The recorded stretches, oldest first; moments between them were not recorded. */
  spans: z.array(HistorySpan),
});
export type HistoryRange = z.infer<typeof HistoryRange>;

export const HistorySnapshot = z.object({
  /** The moment asked for. */
  at: Time,
  /** The cluster's state as recorded at `at`; kinds not asked for are empty. */
  snapshot: ClusterSnapshot,
  /** The recorded stretch `at` falls in. */
  span: HistorySpan,
  /** Per kind, the last complete refresh Wharf had made at `at` (null: none in this stretch). */
  refreshedAt: z.object({ services: Time.nullable(), tasks: Time.nullable(), instances: Time.nullable(), capacityProviders: Time.nullable() }),
  from: Time.nullable(),
  /** The Problems list Wharf had for the cluster at `at` (when services were asked for). */
  problems: z.array(Problem),
});
export type HistorySnapshot = z.infer<typeof HistorySnapshot>;

/** An index into MomentTasks.strings (null: the field was null). */
const Ref = z.number().int().nonnegative();
const RefOrNull = Ref.nullable();
const TimeOrNull = z.number().nullable();

/** A container of a moment's task: name, image, exitCode, reason, healthStatus, cpu, memory (strings as Refs). */
export const MomentContainerRow = z.tuple([Ref, Ref, z.number().nullable(), RefOrNull, RefOrNull, RefOrNull, RefOrNull]);

/**
 * A task of a moment, as a row (see contract/moment-tasks.ts, which writes and reads them):
 * id; the ARN without its id; serviceName, group, taskDefinitionArn, lastStatus, desiredStatus,
 * launchType, capacityProviderName, availabilityZone, containerInstanceArn, cpu, memory,
 * healthStatus, stopCode, stoppedReason (Refs); createdAt, startedAt, stoppingAt, stoppedAt;
 * how long before the moment Wharf saw this version (ms); the containers.
 */
export const MomentTaskRow = z.tuple([
  z.string(), Ref, RefOrNull, RefOrNull, Ref, Ref, Ref, RefOrNull, RefOrNull, RefOrNull, RefOrNull, RefOrNull, RefOrNull, RefOrNull, RefOrNull, RefOrNull,
  TimeOrNull, TimeOrNull, TimeOrNull, TimeOrNull, z.number().nonnegative(), z.array(MomentContainerRow),
]);

/**
 * A moment's tasks in few bytes: only the fields the pages that show a moment's tasks read
 * (the placement map, the tasks tables, the services list's image tags, capacity), as rows
 * rather than objects, every repeated string (ARN prefixes, services, task definitions, zones,
 * statuses, images) once. ~10,000 tasks: ~2 MB of JSON instead of ~15 MB. A task page asks
 * `history.task` for its one task whole.
 */
export const MomentTasks = z.object({ strings: z.array(z.string()), rows: z.array(MomentTaskRow) });
export type MomentTasks = z.infer<typeof MomentTasks>;

export const HistoryMomentTasks = z.object({
  at: Time,
  span: HistorySpan,
  refreshedAt: z.object({ tasks: Time.nullable(), instances: Time.nullable() }),
  tasks: MomentTasks,
  instances: z.array(ContainerInstanceRecord),
});
export type HistoryMomentTasks = z.infer<typeof HistoryMomentTasks>;

export const ChangeKind = z.enum([
  'service-created',
  'service-deleted',
  'service-scaled',
  'task-definition-changed',
  'deployment-started',
  'deployment-finished',
  'deployment-failed',
  'deployment-rolled-back',
  'instance-added',
  'instance-draining',
  'instance-removed',
  'instance-disconnected',
  'capacity-provider-changed',
  'mutation',
]);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const Change = z.object({
  /** When Wharf saw it (epoch ms): the moment to open. */
  t: Time,
  kind: ChangeKind,
  clusterArn: z.string(),
  service: z.string().nullable(),
  /** What it happened to: a service name, task id, instance id, provider name or mutation target. */
  subject: z.string(),
  /** In words, e.g. "ledger scaled 2 → 4", "deployment started: payments-ledger:8". */
  text: z.string(),
  /** Task ARNs the change names (a failed deployment's counted tasks, a stopped task). */
  taskArns: z.array(z.string()),
});
export type Change = z.infer<typeof Change>;

export const StoppedGroup = z.object({
  /** The stop code and reason, e.g. "EssentialContainerExited: Essential container in task exited". */
  reason: z.string(),
  count: z.number(),
  services: z.array(z.string()),
  first: Time,
  last: Time,
  /** Some of the tasks (newest first). */
  taskArns: z.array(z.string()),
});
export type StoppedGroup = z.infer<typeof StoppedGroup>;

export const ChangesResult = z.object({
  from: Time,
  to: Time,
  /** Newest first, tasks stopped excepted (they are grouped in `stopped`). */
  changes: z.array(Change),
  stopped: z.array(StoppedGroup),
  /** How many changes there were in all (the list may be cut at `limit`). */
  total: z.number(),
  historyFrom: Time.nullable(),
});
export type ChangesResult = z.infer<typeof ChangesResult>;

export const EventKind = z.enum([
  'steady-state',
  'unable-to-place',
  'unhealthy',
  'started-tasks',
  'stopped-tasks',
  'deployment-completed',
  'deployment-failed',
  'registered-targets',
  'deregistered-targets',
  'draining',
  'other',
]);
export type EventKind = z.infer<typeof EventKind>;

export const HistoryEvent = z.object({
  id: z.string(),
  /** The event's own time (createdAt, AWS's clock). */
  t: Time,
  clusterArn: z.string(),
  service: z.string(),
  kind: EventKind,
  message: z.string(),
});
export type HistoryEvent = z.infer<typeof HistoryEvent>;

export const EventsResult = z.object({
  events: z.array(HistoryEvent),
  /** How many events match (search and filters), of which `events` are the newest. */
  total: z.number(),
  /** Counts of the events matching the search, per kind and per service (before kind/service filters). */
  byKind: z.array(z.object({ kind: EventKind, count: z.number() })),
  byService: z.array(z.object({ clusterArn: z.string(), service: z.string(), count: z.number() })),
  historyFrom: Time.nullable(),
});
export type EventsResult = z.infer<typeof EventsResult>;

export const StoppedTask = z.object({
  arn: z.string(),
  id: z.string(),
  clusterArn: z.string(),
  service: z.string().nullable(),
  /** When Wharf saw it stopped (ECS's own stoppedAt is in `task`). */
  t: Time,
  stopCode: z.string().nullable(),
  reason: z.string().nullable(),
  startedBy: z.string().nullable(),
  exits: z.array(z.object({ container: z.string(), exitCode: z.number().nullable(), reason: z.string().nullable() })),
  /** The task as last seen (for its containers, log configuration, zone...). */
  task: TaskRecord,
});
export type StoppedTask = z.infer<typeof StoppedTask>;

export const HistoryStatus = z.object({
  recording: z.boolean(),
  /** Why not recording (another Wharf holds the store, the store could not open...). */
  problem: z.string().nullable(),
  file: z.string(),
  bytes: z.number(),
  from: Time.nullable(),
  retentionDays: z.number(),
  maxMb: z.number(),
  lastWriteAt: Time.nullable(),
});
export type HistoryStatus = z.infer<typeof HistoryStatus>;

const Limit = z.number().int().min(1).max(2000);
const Search = z.string().max(200);

export const historyMethods = {
  'history.status': { args: z.object({}).strict(), result: HistoryStatus },
  /** From when the store has data for a cluster, and the stretches it recorded. */
  'history.range': { args: z.object({ clusterArn: Arn }).strict(), result: HistoryRange },
  /** The cluster as recorded at `at` (the kinds asked for; default all). */
  'history.snapshot': {
    args: z.object({
      clusterArn: Arn,
      at: Time,
      kinds: z.array(HistoryKind).max(4).optional(),
      /** A service whose events (up to 100, before `at`) come with it; the others have none. */
      eventsOf: z.string().max(255).optional(),
    }).strict(),
    result: HistorySnapshot,
  },
  /** The cluster's tasks (slim: see MomentTasks) and container instances as recorded at `at`. */
  'history.momentTasks': { args: z.object({ clusterArn: Arn, at: Time }).strict(), result: HistoryMomentTasks },
  /**
   * One task as recorded at `at`, whole (null: Wharf had no such task then), and when Wharf saw
   * that version. Without `at`: as history last had it (a task ECS no longer lists that Wharf
   * never saw stop), and `seenAt` the last moment Wharf recorded the cluster with it.
   */
  'history.task': {
    args: z.object({ clusterArn: Arn, taskArn: Arn, at: Time.optional() }).strict(),
    result: z.object({ task: TaskRecord.nullable(), seenAt: Time.nullable() }),
  },
  /** What changed between two moments, in one cluster or (clusterArn null) all recorded clusters. */
  'history.changes': {
    args: z.object({ clusterArn: Arn.nullable(), from: Time, to: Time, limit: Limit.optional() }).strict(),
    result: ChangesResult,
  },
  /** Every service's events merged, newest first, in one cluster or (null) all recorded clusters. */
  'history.events': {
    args: z.object({
      clusterArn: Arn.nullable(),
      search: Search.optional(),
      service: z.string().max(255).optional(),
      kind: EventKind.optional(),
      /** Only events before this moment (paging back, or "as of" a past moment). */
      before: Time.optional(),
      limit: Limit.optional(),
    }).strict(),
    result: EventsResult,
  },
  /** Stopped tasks as recorded, newest first: by ARN, by service, or by the deployment that started them. */
  'history.stoppedTasks': {
    args: z.object({
      clusterArn: Arn,
      taskArns: z.array(Arn).max(200).optional(),
      service: z.string().max(255).optional(),
      startedBy: z.string().max(255).optional(),
      from: Time.optional(),
      to: Time.optional(),
      limit: Limit.optional(),
    }).strict(),
    result: z.object({ tasks: z.array(StoppedTask), historyFrom: Time.nullable() }),
  },
} as const;

export const historyEvents = {} as const;
