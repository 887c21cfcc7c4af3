import { z } from 'zod';
import { ActionOutcome } from './actions';

/**
 * Live events: ECS's own event stream (EventBridge rule -> SQS queue -> Wharf's long poll)
 * updates the inventory as changes happen, and polling drops to a slow reconciliation. Opt-in
 * per profile and region. Setting it up (a rule, a queue Wharf owns) and taking it down are
 * mutations: refused on read-only profiles, confirmed by typing the profile's name, audited,
 * once per request id. A profile that may not create them can use an existing queue.
 */
const RequestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9-]+$/);
const Confirmation = z.string().max(255);
const ProfileName = z.string().min(1).max(200);
const RegionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'not an AWS region name');
/** arn:aws:sqs:<region>:<account>:<name> */
export const QueueArn = z.string().max(300).regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/, 'not an SQS queue ARN');

/** What Wharf knows of one profile and region's live events (kept in the data folder). */
export const LiveConfig = z.object({
  profile: z.string(),
  region: z.string(),
  accountId: z.string().nullable(),
  /** `owned`: Wharf created the queue (and the rule, or added its target to one it found). */
  mode: z.enum(['owned', 'existing']),
  queueArn: z.string(),
  queueUrl: z.string(),
  /** The rule that sends to the queue, when Wharf set it up. */
  ruleArn: z.string().nullable(),
  /** True when Wharf created the rule (removal deletes it once no other target is left). */
  ruleOwned: z.boolean(),
  targetId: z.string().nullable(),
  setUpAt: z.number(),
});
export type LiveConfig = z.infer<typeof LiveConfig>;

/**
 * off: not set up for the open profile and region; starting: set up, first poll of the queue
 * on its way; live: events drive the model; gap: events stopped arriving for a known reason
 * (queue gone, rule deleted, credentials...), Wharf polls as before and heals by itself.
 */
export const LiveState = z.enum(['off', 'starting', 'live', 'gap']);
export type LiveState = z.infer<typeof LiveState>;

/**
 * What a gap is (the words Settings gives it): `heartbeat-gone`, the heartbeat Wharf keeps in
 * the queue left it without Wharf deleting it (a purge, another reader); `heartbeat-missing`,
 * one sent through the rule never reached the queue; `route`, the rule deleted, disabled or not
 * sending to the queue; `queue`, the queue cannot be read (gone, credentials, access, errors).
 */
export const LiveGapCause = z.enum(['heartbeat-gone', 'heartbeat-missing', 'route', 'queue']);
export type LiveGapCause = z.infer<typeof LiveGapCause>;

export const LiveStatus = z.object({
  profile: z.string().nullable(),
  region: z.string().nullable(),
  state: LiveState,
  /** In words, for a gap: what stopped the events and what Wharf does about it. */
  reason: z.string().nullable(),
  fix: z.string().nullable(),
  /** For a gap: its cause (null otherwise). */
  gapCause: LiveGapCause.nullable(),
  since: z.number().nullable(),
  config: LiveConfig.nullable(),
  lastEventAt: z.number().nullable(),
  /** Since the session opened: events applied, duplicates and older versions ignored, describes made for partial events. */
  applied: z.number(),
  duplicates: z.number(),
  outOfOrder: z.number(),
  describes: z.number(),
  /** The slow full sweep that proves nothing was missed. */
  reconcileEveryMs: z.number(),
  lastReconciledAt: z.number().nullable(),
  /** Records the reconciliations found changed that no event had told (since the session opened). */
  missedByEvents: z.number(),
});
export type LiveStatus = z.infer<typeof LiveStatus>;

export const LiveOverview = z.object({
  status: LiveStatus,
  /** Every profile and region with live events set up, for Settings. */
  configs: z.array(LiveConfig),
  /** The recognisable names Wharf gives what it creates, for this install. */
  names: z.object({ rule: z.string(), queue: z.string() }),
});
export type LiveOverview = z.infer<typeof LiveOverview>;

export const liveMethods = {
  'live.status': { args: z.object({}).strict(), result: LiveOverview },
  /** Creates (or reuses) the rule and the queue for the open profile and region and starts listening. */
  'live.setUp': {
    args: z.object({ confirmation: Confirmation, requestId: RequestId }).strict(),
    result: ActionOutcome,
  },
  /** Listens to an existing queue instead (a rule sending ECS's events to it is the account's business). */
  'live.useQueue': {
    args: z.object({ queueArn: QueueArn, requestId: RequestId }).strict(),
    result: LiveOverview,
  },
  /**
   * Takes live events down for the open profile and region: Wharf's target, its rule when no
   * other target is left, and its queue (an existing queue is only forgotten, never deleted).
   * With `profile` and `region`: another set-up of the same account (its profile removed, or
   * another region), through the open profile's credentials; the confirmation is that
   * set-up's profile name.
   */
  'live.remove': {
    args: z.object({ confirmation: Confirmation, requestId: RequestId, profile: ProfileName.optional(), region: RegionName.optional() }).strict(),
    result: ActionOutcome,
  },
  /** Forgets a set-up Wharf can no longer reach (its profile is gone); nothing is deleted in AWS. */
  'live.forget': {
    args: z.object({ profile: ProfileName, region: RegionName }).strict(),
    result: LiveOverview,
  },
} as const;


export const liveEvents = {
  'live.changed': LiveStatus,
} as const;
