import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ChangeMessageVisibilityCommand, type Message } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import type { ActionOutcome } from '../../contract/domains/actions';
import type { LiveConfig, LiveGapCause, LiveOverview, LiveState, LiveStatus } from '../../contract/domains/live';
import { WharfError } from '../../contract/errors';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { MutationGuard } from '../guard/mutation-guard';
import type { LiveHooks } from '../inventory/inventory-service';
import type { LiveInventory } from '../inventory/live-inventory';
import { OperationRunner } from '../actions/operation-runner';
import type { OpenSession } from '../session/session-manager';
import { actionOf, parseEvent, serviceRef, TASK_STABLE, type LiveAction } from './ecs-event';
import type { LiveConfigStore } from './live-config-store';
import { LiveConsumer } from './live-consumer';
import { TaskCountMemory } from './task-counts';
import { HEARTBEAT_DETAIL_TYPE, HEARTBEAT_SOURCE, liveNames, parseQueueArn } from './live-names';
import { checkExistingQueue, checkRoute, removeLiveEvents, setUpLiveEvents } from './live-setup';

/**
 * Live events for the open session's profile and region: set-up and removal (through the
 * operation runner: guarded, confirmed, audited, once per request id), and while set up, the
 * run that long-polls the queue and applies each event to the inventory. Events drive the
 * model; polling becomes a reconciliation every `reconcileMs` that counts what events missed.
 * A gap (queue gone, rule deleted or disabled, credentials, SQS unreachable) turns polling
 * back on at once and says why; the run keeps trying and turns live again when all is well.
 */
export interface LiveServiceDeps {
  sessions: { current(): OpenSession | null; require(): OpenSession; onChange(listener: (s: OpenSession | null) => void): () => void };
  inventory: { liveInventory(): LiveInventory | null; setLive(reconcileMs: number | null, hooks?: LiveHooks | null): void; refreshFocus(): void };
  guard: MutationGuard;
  audit: AuditLog;
  events: EventBus;
  store: LiveConfigStore;
  now?: () => number;
  /** How often the rule and its target are checked (default 60 s). */
  healthEveryMs?: number;
  /** How often, while live, every record is confirmed current (default 5 s). */
  confirmEveryMs?: number;
  /** The long poll's wait (default 20 s). */
  waitSeconds?: number;
  /** Overrides the stored reconciliation interval (tests, benchmarks). */
  reconcileMs?: number;
  /** Failed receives in a row (throttles, 5xx, network) before it counts as a gap (default 3). */
  failuresBeforeGap?: number;
  /** How long a reconciliation's find waits for a late event before it counts as missed (default 15 s). */
  missedGraceMs?: number;
  /** How often Wharf sends itself a heartbeat through its rule (default 60 s). */
  heartbeatEveryMs?: number;
  /** The visibility timeout, in seconds, of the heartbeat Wharf keeps in the queue (default 10). */
  heartbeatRecheckSeconds?: number;
  /** A heartbeat sent and not received, or the kept one not back, this long after it was due: lost (default 30 s). */
  heartbeatLostAfterMs?: number;
}

const SEEN_IDS = 20_000;
const EMIT_EVERY_MS = 1_000;
/**
 * A record a reconciliation found changed counts as missed only if no event about it arrives
 * within this long: an event still on its way when the reconciliation read the record was
 * late, not lost.
 */
const MISSED_GRACE_MS = 15_000;
const MISSED_LIST_MAX = 100;

/** A record a reconciliation counted as missed by events: what it was and why (debug). */
export interface MissedRecord {
  kind: string;
  arn: string;
  /** The fields that differed between the model and the reconciliation's reading ('(new)', '(gone)'). */
  fields: string[];
  /** How long before the find the last event about it arrived (null: none this run, or long ago). */
  sinceEventMs: number | null;
  foundAt: number;
  countedAt: number;
}
/** A suspect waits at most this long for the queue to catch up before it counts as missed. */
const MISSED_WAIT_MAX_MS = 5 * 60_000;
/** SQS hands out at most 10 messages per receive: fewer means nothing more was waiting. */
const FULL_RECEIVE = 10;

export class LiveService {
  private run: LiveRun | null = null;
  private readonly runner: OperationRunner;
  private readonly unsubscribe: () => void;
  private readonly now: () => number;

  constructor(private readonly deps: LiveServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.runner = new OperationRunner({ guard: deps.guard, audit: deps.audit, events: deps.events, now: this.now });
    this.unsubscribe = deps.sessions.onChange((session) => this.switchTo(session));
    this.switchTo(deps.sessions.current());
  }

  get reconcileMs(): number {
    return this.deps.reconcileMs ?? this.deps.store.reconcileMs;
  }

  overview(): LiveOverview {
    const names = liveNames(this.deps.store.installId);
    return { status: this.status(), configs: this.deps.store.all(), names: { rule: names.rule, queue: names.queue } };
  }

  status(): LiveStatus {
    const session = this.deps.sessions.current();
    if (this.run) return this.run.status();
    return {
      profile: session?.info.profile ?? null,
      region: session?.info.region ?? null,
      state: 'off',
      reason: null,
      fix: null,
      gapCause: null,
      since: null,
      config: null,
      lastEventAt: null,
      applied: 0,
      duplicates: 0,
      outOfOrder: 0,
      describes: 0,
      reconcileEveryMs: this.reconcileMs,
      lastReconciledAt: null,
      missedByEvents: 0,
    };
  }

  /** The run of the open session (tests). */
  currentRun(): LiveRun | null {
    return this.run;
  }

  async setUp(args: { confirmation: string; requestId: string }): Promise<ActionOutcome> {
    const session = this.deps.sessions.require();
    const { profile, region, accountId } = session.info;
    const { store } = this.deps;
    const names = liveNames(store.installId);
    const known = store.find(profile, region);
    return this.runner.execute({
      requestId: args.requestId,
      args: {},
      action: 'live.setUp',
      target: `arn:aws:sqs:${region}:${accountId}:${names.queue}`,
      session,
      confirmation: args.confirmation,
      expected: profile,
      before: known ? { queueArn: known.queueArn, ruleArn: known.ruleArn, mode: known.mode } : null,
      initialState: () => ({}),
      attempt: async () => {
        let result;
        try {
          result = await setUpLiveEvents({ clients: session.clients, names, installId: store.installId, profile, region, accountId, now: this.now() });
        } catch (err) {
          throw session.explainError(err);
        }
        await store.put(result.config);
        if (this.deps.sessions.current() === session) this.switchTo(session);
        const rule = result.config.ruleArn?.split('/').pop() ?? names.rule;
        return {
          outcome: {
            taskDefinitionArn: null,
            deploymentId: null,
            serviceDeploymentArn: null,
            message: `Live events on for ${profile} / ${region}: ECS's events go from the rule ${rule}${result.reusedRule ? ' (the account already had it)' : ''} to the queue ${names.queue}.`,
          },
          after: { queueArn: result.config.queueArn, ruleArn: result.config.ruleArn, reusedRule: result.reusedRule },
        };
      },
    });
  }

  async useQueue(args: { queueArn: string; requestId: string }): Promise<LiveOverview> {
    const session = this.deps.sessions.require();
    const { profile, region, accountId } = session.info;
    const parts = parseQueueArn(args.queueArn);
    if (!parts || parts.region !== region) {
      throw new WharfError('BAD_REQUEST', `The queue must be in ${region}, the region open now (${args.queueArn} is in ${parts?.region ?? 'no region'}).`, { fix: `Open ${parts?.region ?? 'its region'} first, or give a queue of ${region}.` });
    }
    let queueUrl: string;
    try {
      ({ queueUrl } = await checkExistingQueue(session.clients, args.queueArn));
    } catch (err) {
      throw session.explainError(err);
    }
    const config: LiveConfig = { profile, region, accountId, mode: 'existing', queueArn: args.queueArn, queueUrl, ruleArn: null, ruleOwned: false, targetId: null, setUpAt: this.now() };
    await this.deps.store.put(config);
    await this.deps.audit.append({ profile, accountId, region, action: 'live.useQueue', target: args.queueArn, before: null, after: { queueArn: args.queueArn }, result: 'ok' });
    this.switchTo(session);
    return this.overview();
  }

  async remove(args: { confirmation: string; requestId: string; profile?: string; region?: string }): Promise<ActionOutcome> {
    const session = this.deps.sessions.require();
    const { accountId } = session.info;
    const profile = args.profile ?? session.info.profile;
    const region = args.region ?? session.info.region;
    const config = this.deps.store.find(profile, region);
    if (!config) throw new WharfError('NOT_FOUND', `Live events are not set up for ${profile} / ${region}.`);
    const own = profile === session.info.profile && region === session.info.region;
    // Another set-up (its profile removed, or another region) is removed with the open
    // profile's credentials: only when it is in the same account.
    if (!own && config.accountId !== accountId) {
      throw new WharfError('BAD_REQUEST', `The live events of ${profile} / ${region} are in account ${config.accountId ?? 'unknown'}; ${session.info.profile} is in ${accountId}.`, {
        fix: `Open a profile of account ${config.accountId ?? 'that account'} to remove them, or forget them and delete the rule and queue in the AWS console.`,
      });
    }
    const clients = own ? session.clients : session.clientsFor(region);
    const stopAndForget = async () => {
      if (this.run?.config === config) this.stopRun();
      await this.deps.store.remove(profile, region);
      this.emit();
    };
    if (config.mode === 'existing') {
      // Nothing of it is Wharf's: it stops listening and forgets the queue (a read-only profile may too).
      await stopAndForget();
      await this.deps.audit.append({ profile, accountId, region, action: 'live.remove', target: config.queueArn, before: { queueArn: config.queueArn, mode: 'existing' }, after: null, result: 'ok' });
      return { operationId: args.requestId, action: 'live.remove', target: config.queueArn, taskDefinitionArn: null, deploymentId: null, serviceDeploymentArn: null, replayed: false, message: `Wharf no longer listens to ${config.queueArn} (the queue stays).`, at: this.now() };
    }
    return this.runner.execute({
      requestId: args.requestId,
      args: { queueArn: config.queueArn },
      action: 'live.remove',
      target: config.queueArn,
      session,
      confirmation: args.confirmation,
      expected: profile,
      before: { ...(own ? {} : { of: `${profile} / ${region}` }), queueArn: config.queueArn, ruleArn: config.ruleArn, targetId: config.targetId },
      initialState: () => ({}),
      attempt: async () => {
        // Stop listening first: a receive in flight on a queue being deleted only errs.
        if (this.run?.config === config) this.stopRun();
        let done;
        try {
          done = await removeLiveEvents(clients, config);
        } catch (err) {
          throw session.explainError(err);
        }
        await stopAndForget();
        return {
          outcome: {
            taskDefinitionArn: null,
            deploymentId: null,
            serviceDeploymentArn: null,
            message: `Live events off for ${profile} / ${region}: ${done.queueDeleted ? 'the queue is deleted' : 'the queue stays'}, ${done.ruleDeleted ? 'the rule is deleted' : "Wharf's target is off the rule"}.${own ? ' Wharf polls again.' : ''}`,
          },
          after: { ...done },
        };
      },
    });
  }

  /** Forgets what Wharf cannot reach any more (its profile is gone). Nothing changes in AWS. */
  async forget(args: { profile: string; region: string }): Promise<LiveOverview> {
    const config = this.deps.store.find(args.profile, args.region);
    if (!config) return this.overview();
    if (this.run?.config === config) this.stopRun();
    await this.deps.store.remove(args.profile, args.region);
    await this.deps.audit.append({ profile: args.profile, accountId: config.accountId, region: args.region, action: 'live.forget', target: config.queueArn, before: { queueArn: config.queueArn, ruleArn: config.ruleArn }, after: null, result: 'ok' });
    this.emit();
    return this.overview();
  }

  close(): void {
    this.unsubscribe();
    this.stopRun();
  }

  /** A status event now (state changes) or soon (counters). */
  emit(): void {
    this.deps.events.emit('live.changed', this.status());
  }

  private switchTo(session: OpenSession | null): void {
    this.stopRun();
    const config = session ? this.deps.store.find(session.info.profile, session.info.region) : null;
    if (session && config) {
      this.run = new LiveRun(this.deps, session, config, this.reconcileMs, this.now, () => this.emit());
      this.run.start();
    }
    this.emit();
  }

  private stopRun(): void {
    const run = this.run;
    this.run = null;
    if (!run) return;
    run.stop();
    this.deps.inventory.setLive(null);
  }
}

/** One session's live events: the long poll, the health check, the state and its counters. */
export class LiveRun {
  private state: LiveState = 'starting';
  private since: number;
  private reason: string | null = null;
  private fix: string | null = null;
  private gapCause: LiveGapCause | null = null;
  private receiveProblem: { reason: string; fix: string | null } | null = null;
  private routeProblem: string | null = null;
  private receivedOnce = false;
  private failuresInARow = 0;
  private lastEventAt: number | null = null;
  private lastConfirmAt = 0;
  private lastReconciledAt: number | null = null;
  /** When the latest receive that came back short (the queue caught up) started. */
  private lastShortReceiveAt: number | null = null;
  private counts = { applied: 0, duplicates: 0, outOfOrder: 0, missed: 0 };
  private readonly seen = new Set<string>();
  /** What events last told of each task's counts (whether a task event moves its service's). */
  private readonly taskCounts = new TaskCountMemory();
  /** Records a reconciliation found changed, by key, with when: missed unless an event comes. */
  private readonly suspects = new Map<string, number>();
  /** What each suspect is (kind, fields that differed, time since its last event), for the missed list. */
  private readonly suspectInfo = new Map<string, Omit<MissedRecord, 'countedAt'>>();
  /** The records counted as missed (the latest MISSED_LIST_MAX), so a count explains itself (debug, benches). */
  private readonly missedList: MissedRecord[] = [];
  /** When an event last named each record (bounded): a reconciliation's find soon after is not a miss. */
  private readonly heardAt = new Map<string, number>();
  private readonly consumer: LiveConsumer;
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  /** The heartbeat (see docs/live-events.md, Gaps): this run's id, the rule carries them, what was sent, the one kept. */
  private readonly runId = randomBytes(4).toString('hex');
  private heartbeatsRouted = false;
  private heartbeatSeq = 0;
  private readonly heartbeatsSent = new Map<number, number>();
  /** Heartbeats kept in the queue, by event id: the newest, and older ones until they come back once more. */
  private readonly kept = new Map<string, { seq: number; receipt: string; seenAt: number }>();
  private lostMessages: { reason: string; cause: 'heartbeat-gone' | 'heartbeat-missing' } | null = null;
  /** The last heartbeat sent when messages were found lost: a later one heals. */
  private lostAtSeq = 0;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private heartbeatCheckTimer: ReturnType<typeof setInterval> | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: LiveServiceDeps,
    private readonly session: OpenSession,
    readonly config: LiveConfig,
    private readonly reconcileMs: number,
    private readonly now: () => number,
    private readonly emitNow: () => void,
  ) {
    this.since = now();
    this.consumer = new LiveConsumer({
      sqs: session.clients.sqs,
      queueUrl: config.queueUrl,
      waitSeconds: deps.waitSeconds,
      handle: (messages) => this.handle(messages),
      onReceive: (result) => this.onReceive(result),
      now,
    });
  }

  start(): void {
    this.consumer.start();
    void this.checkHealth();
    this.healthTimer = setInterval(() => void this.checkHealth(), this.deps.healthEveryMs ?? 60_000);
    this.healthTimer.unref?.();
    this.heartbeatTimer = setInterval(() => void this.sendHeartbeat(), this.deps.heartbeatEveryMs ?? 60_000);
    this.heartbeatTimer.unref?.();
    this.heartbeatCheckTimer = setInterval(() => this.checkHeartbeats(), Math.min(1_000, this.recheckMs));
    this.heartbeatCheckTimer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    void this.consumer.stop();
    if (this.healthTimer) clearInterval(this.healthTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.heartbeatCheckTimer) clearInterval(this.heartbeatCheckTimer);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.healthTimer = null;
  }

  status(): LiveStatus {
    const inventory = this.deps.inventory.liveInventory();
    return {
      profile: this.session.info.profile,
      region: this.session.info.region,
      state: this.state,
      reason: this.reason,
      fix: this.fix,
      gapCause: this.gapCause,
      since: this.since,
      config: this.config,
      lastEventAt: this.lastEventAt,
      applied: this.counts.applied,
      duplicates: this.counts.duplicates,
      outOfOrder: this.counts.outOfOrder,
      describes: inventory?.describes ?? 0,
      reconcileEveryMs: this.reconcileMs,
      lastReconciledAt: this.lastReconciledAt,
      missedByEvents: this.counts.missed,
    };
  }

  private onReceive(result: { ok: true; startedAt: number; count: number } | { ok: false; error: unknown }): void {
    if (this.stopped) return;
    if (result.ok) {
      this.receivedOnce = true;
      if (result.count < FULL_RECEIVE) this.lastShortReceiveAt = result.startedAt;
      this.failuresInARow = 0;
      this.receiveProblem = null;
      this.evaluate();
      // Nothing newer is waiting in the queue than what was just applied: confirm the rest.
      if (this.state === 'live' && result.startedAt - this.lastConfirmAt >= (this.deps.confirmEveryMs ?? 5_000)) {
        this.lastConfirmAt = result.startedAt;
        this.deps.inventory.liveInventory()?.confirmFresh(result.startedAt);
      }
      return;
    }
    this.failuresInARow++;
    const problem = receiveProblemOf(result.error, this.config, this.session.info.profile);
    if (problem.gapAtOnce || this.failuresInARow >= (this.deps.failuresBeforeGap ?? 3)) {
      this.receiveProblem = { reason: problem.reason, fix: problem.fix };
      this.evaluate();
    }
  }

  private async checkHealth(): Promise<void> {
    if (!this.config.ruleArn) return;
    let route;
    try {
      route = await checkRoute(this.session.clients.eventbridge, this.config);
    } catch {
      // Throttled or unreachable: the long poll says more about reachability; try again later.
      return;
    }
    if (this.stopped) return;
    this.routeProblem = route.problem;
    const first = route.heartbeats && !this.heartbeatsRouted;
    this.heartbeatsRouted = route.heartbeats;
    if (!route.heartbeats) this.heartbeatsSent.clear();
    this.evaluate();
    if (first) void this.sendHeartbeat();
  }

  private get recheckMs(): number {
    return (this.deps.heartbeatRecheckSeconds ?? 10) * 1000;
  }

  /** PutEvents of the next numbered heartbeat, for this install and run only. */
  private async sendHeartbeat(): Promise<void> {
    if (this.stopped || !this.heartbeatsRouted) return;
    const seq = ++this.heartbeatSeq;
    const sentAt = this.now();
    try {
      const res = await this.session.clients.eventbridge.send(
        new PutEventsCommand({
          Entries: [{ Source: HEARTBEAT_SOURCE, DetailType: HEARTBEAT_DETAIL_TYPE, Resources: [this.config.queueArn], Detail: JSON.stringify({ install: this.deps.store.installId, run: this.runId, seq }) }],
        }),
      );
      if (!res.FailedEntryCount && !this.stopped) this.heartbeatsSent.set(seq, sentAt);
    } catch {
      // Throttled or unreachable: no heartbeat this time (the long poll and the rule check say more).
    }
  }

  /**
   * A heartbeat of this run arrived: resolves whether to delete it. Heartbeats are kept in the
   * queue (not deleted; seen again every `heartbeatRecheckSeconds`): a purge, or another reader,
   * takes them, and their absence says so. An older one is deleted only when it comes back once
   * after a newer one arrived, so a purge just before a new heartbeat is still seen. A
   * lost-messages gap heals when a heartbeat sent after it arrives.
   */
  private onHeartbeat(message: Message, seq: number, id: string): boolean {
    const now = this.now();
    const receipt = message.ReceiptHandle ?? '';
    this.heartbeatsSent.delete(seq);
    const newest = Math.max(0, ...[...this.kept.values()].map((k) => k.seq));
    if (this.kept.has(id) && seq < newest) {
      // Back once more since a newer one came: it was still there; now it may go.
      this.kept.delete(id);
      return true;
    }
    if (!this.kept.has(id) && seq < newest) return true;
    this.kept.set(id, { seq, receipt, seenAt: now });
    void this.session.clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.config.queueUrl, ReceiptHandle: receipt, VisibilityTimeout: this.recheckMs / 1000 })).catch(() => {
      // Not allowed (sqs:ChangeMessageVisibility), or gone already: it would come back only
      // after the receive's 60 s, so it is not watched (a gone one is seen by the next check).
      if (this.kept.get(id)?.receipt === receipt) this.kept.delete(id);
    });
    for (const older of [...this.heartbeatsSent.keys()]) if (older < seq) this.heartbeatsSent.delete(older);
    if (this.lostMessages && seq > this.lostAtSeq) {
      this.lostMessages = null;
      this.evaluate();
    }
    return false;
  }

  /** A heartbeat that never came, or the kept one gone, once the queue has caught up: events were lost. */
  private checkHeartbeats(): void {
    if (this.stopped || !this.heartbeatsRouted) return;
    const now = this.now();
    const lostAfter = this.deps.heartbeatLostAfterMs ?? 30_000;
    const caughtUpSince = (at: number) => this.lastShortReceiveAt !== null && this.lastShortReceiveAt >= at;
    const queue = this.config.queueArn.split(':').pop() ?? this.config.queueArn;
    let lost: { reason: string; cause: 'heartbeat-gone' | 'heartbeat-missing' } | null = null;
    for (const [id, kept] of this.kept) {
      const due = kept.seenAt + this.recheckMs;
      if (now - due > lostAfter && caughtUpSince(due)) {
        lost = { reason: `Live events lost messages (queue purged?): the heartbeat Wharf keeps in the queue ${queue} left it without Wharf deleting it.`, cause: 'heartbeat-gone' };
        this.kept.delete(id);
      }
    }
    for (const [seq, sentAt] of this.heartbeatsSent) {
      if (now - sentAt > lostAfter && caughtUpSince(sentAt + 1_000)) {
        lost ??= { reason: `Live events lost messages: heartbeat ${seq}, sent through the rule ${this.config.ruleArn?.split('/').pop() ?? ''}, never reached the queue ${queue}.`, cause: 'heartbeat-missing' };
        this.heartbeatsSent.delete(seq);
      }
    }
    if (!lost || this.lostMessages) return;
    this.lostMessages = lost;
    this.lostAtSeq = this.heartbeatSeq;
    this.evaluate();
    // What the queue lost, only a full read finds: one now (polling is back on meanwhile).
    this.deps.inventory.refreshFocus();
  }

  private evaluate(): void {
    if (this.stopped) return;
    let next: LiveState;
    let reason: string | null = null;
    let fix: string | null = null;
    let cause: LiveGapCause | null = null;
    if (this.receiveProblem) {
      next = 'gap';
      cause = 'queue';
      ({ reason, fix } = this.receiveProblem);
    } else if (this.routeProblem) {
      next = 'gap';
      cause = 'route';
      reason = this.routeProblem;
      fix = 'Set live events up again in Settings (Wharf repairs the rule and its target), or remove them there.';
    } else if (this.lostMessages) {
      next = 'gap';
      cause = this.lostMessages.cause;
      reason = `${this.lostMessages.reason} Wharf reconciled at once and polls until its next heartbeat arrives.`;
      fix = 'Nothing to do if someone purged the queue: live events resume by themselves. If it keeps happening, make sure nothing else reads or purges the queue.';
    } else {
      next = this.receivedOnce ? 'live' : 'starting';
    }
    if (reason && !reason.endsWith('Wharf polls meanwhile.')) reason = `${reason} Wharf polls meanwhile.`;
    if (next === this.state && reason === this.reason) return;
    const wasLive = this.state === 'live';
    this.state = next;
    this.reason = reason;
    this.fix = fix;
    this.gapCause = cause;
    this.since = this.now();
    if (next === 'live' && !wasLive) {
      this.deps.inventory.setLive(this.reconcileMs, {
        missed: (kind, cluster, key, fields) => this.suspect(kind, cluster, key, fields),
        reconciled: () => {
          this.lastReconciledAt = this.now();
          this.emitSoon();
        },
      });
    } else if (next !== 'live' && wasLive) {
      this.deps.inventory.setLive(null);
    }
    this.emitNow();
  }

  /** The records counted as missed by events, oldest first (debug: not part of the contract). */
  missedRecords(): readonly MissedRecord[] {
    return this.missedList;
  }

  private suspect(kind: string, clusterArn: string, key: string, fields: readonly string[]): void {
    if (this.suspects.has(key)) return;
    // An event about it came just before: the reconciliation read what the event's describe was about to.
    const heard = this.heardAt.get(key);
    if (heard !== undefined && this.now() - heard < (this.deps.missedGraceMs ?? MISSED_GRACE_MS)) {
      // A service has no version: the reconciliation's reading may be older than the event's
      // describe it just replaced (its answer came later). One more describe settles it, so the
      // model does not keep an old reading the next reconciliation would count as missed.
      if (kind === 'services') void this.deps.inventory.liveInventory()?.refreshService(clusterArn, serviceRef(key)).catch(() => undefined);
      return;
    }
    const at = this.now();
    this.suspects.set(key, at);
    this.suspectInfo.set(key, { kind, arn: key, fields: [...fields], foundAt: at, sinceEventMs: heard === undefined ? null : at - heard });
    this.judgeLater(key, at, this.deps.missedGraceMs ?? MISSED_GRACE_MS);
  }

  /**
   * After the grace, a suspect counts as missed only once the queue has caught up since it was
   * raised (a receive that started after it came back with fewer than a full batch): while a
   * backlog waits in the queue (a burst on a loaded machine), its event may simply not have
   * been received yet. A queue that never catches up counts it after MISSED_WAIT_MAX_MS.
   */
  private judgeLater(key: string, at: number, ms: number): void {
    const timer = setTimeout(() => {
      if (this.stopped || this.suspects.get(key) !== at) return;
      const caughtUp = this.lastShortReceiveAt !== null && this.lastShortReceiveAt >= at;
      if (!caughtUp && this.now() - at < MISSED_WAIT_MAX_MS) {
        this.judgeLater(key, at, Math.min(5_000, this.deps.missedGraceMs ?? MISSED_GRACE_MS));
        return;
      }
      this.suspects.delete(key);
      this.counts.missed++;
      const info = this.suspectInfo.get(key);
      this.suspectInfo.delete(key);
      if (info) this.missedList.push({ ...info, countedAt: this.now() });
      if (this.missedList.length > MISSED_LIST_MAX) this.missedList.shift();
      this.emitSoon();
    }, ms);
    timer.unref?.();
  }

  /** An event about `key` arrived: a reconciliation's find about it was early, not a miss. */
  private heard(key: string): void {
    this.suspects.delete(key);
    this.suspectInfo.delete(key);
    this.heardAt.delete(key);
    this.heardAt.set(key, this.now());
    if (this.heardAt.size > SEEN_IDS) {
      const oldest = this.heardAt.keys().next().value;
      if (oldest !== undefined) this.heardAt.delete(oldest);
    }
  }

  private emitSoon(): void {
    if (this.emitTimer || this.stopped) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (!this.stopped) this.emitNow();
    }, EMIT_EVERY_MS);
    this.emitTimer.unref?.();
  }

  /** Applies a batch; resolves with what may be deleted (applied, duplicate, or not for Wharf). */
  private async handle(messages: Message[]): Promise<Message[]> {
    const inventory = this.deps.inventory.liveInventory();
    if (!inventory || this.stopped) return [];
    const now = this.now();
    const work = messages.map(async (message): Promise<Message | null> => {
      const event = parseEvent(message.Body ?? '');
      if (!event) return message;
      if (event.source === HEARTBEAT_SOURCE) {
        const detail = event.detail ?? {};
        // Another Wharf's (they may share the rule) or an earlier run's: not ours to keep.
        if (detail.install !== this.deps.store.installId || detail.run !== this.runId || typeof detail.seq !== 'number') return message;
        return this.onHeartbeat(message, detail.seq, event.id) ? message : null;
      }
      if (this.seen.has(event.id)) {
        this.counts.duplicates++;
        return message;
      }
      await this.apply(inventory, actionOf(event, now));
      this.remember(event.id);
      this.lastEventAt = now;
      return message;
    });
    const settled = await Promise.allSettled(work);
    this.emitSoon();
    return settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
  }

  private async apply(inventory: LiveInventory, action: LiveAction): Promise<void> {
    const waits: Array<Promise<void>> = [];
    /** The records this event names: heard now, and again when its describes are done. */
    const keys: string[] = [];
    switch (action.kind) {
      case 'ignore':
        return;
      case 'task': {
        keys.push(action.taskArn);
        if (action.serviceName) keys.push(serviceArnOf(action.clusterArn, action.serviceName));
        for (const key of keys) this.heard(key);
        let record = action.record;
        const known = inventory.knownTask(action.clusterArn, action.taskArn);
        let countsMoved = true;
        if (record && action.missing.length) {
          if (known) record = mergeStable(record, known, action.missing);
          else waits.push(inventory.refreshTask(action.clusterArn, action.taskArn));
        }
        if (record) {
          const outcome = inventory.applyTasks(action.clusterArn, [record]);
          this.count(outcome);
          // Against what events last told of the task, not the model alone: a reconciliation may
          // have taken this version already, before its event came (see task-counts.ts).
          countsMoved = this.taskCounts.moved(record, outcome.applied > 0 ? known ?? null : null);
        } else {
          waits.push(inventory.refreshTask(action.clusterArn, action.taskArn));
        }
        // The service's running and pending counts and its events moved with the task.
        if (action.serviceName && countsMoved) waits.push(inventory.refreshService(action.clusterArn, action.serviceName));
        if (countsMoved) void inventory.refreshCluster(action.clusterArn).catch(() => undefined);
        break;
      }
      case 'instance':
        keys.push(action.arn);
        this.heard(action.arn);
        if (action.record) this.count(inventory.applyInstances(action.clusterArn, [action.record]));
        else waits.push(inventory.refreshInstance(action.clusterArn, action.arn));
        break;
      case 'service':
        keys.push(action.service.startsWith('arn:') ? action.service : serviceArnOf(action.clusterArn, action.service));
        this.heard(keys[0]);
        this.counts.applied++;
        waits.push(inventory.refreshService(action.clusterArn, serviceRef(action.service)));
        break;
    }
    await Promise.all(waits);
    // Heard again once the event's describes are done: a reconciliation that read the record
    // while they waited (token buckets on a busy account) found what this event was bringing.
    for (const key of keys) this.heard(key);
  }

  private count(outcome: { applied: number; duplicates: number; older: number }): void {
    this.counts.applied += outcome.applied;
    this.counts.duplicates += outcome.duplicates;
    this.counts.outOfOrder += outcome.older;
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

/** `arn:...:cluster/c` and a service name -> `arn:...:service/c/name`. */
function serviceArnOf(clusterArn: string, name: string): string {
  return `${clusterArn.replace(':cluster/', ':service/')}/${name}`;
}

/** Fields a task keeps for life, taken from the known record when the event lacks them. */
function mergeStable<T extends object>(record: T, known: T, missing: readonly string[]): T {
  const merged = { ...record } as Record<string, unknown>;
  for (const key of missing) if ((TASK_STABLE as readonly string[]).includes(key)) merged[key] = (known as Record<string, unknown>)[key];
  return merged as T;
}

/** What a failed receive means: a gap at once (queue gone, no access, credentials) or maybe transient. */
function receiveProblemOf(error: unknown, config: LiveConfig, profile: string): { reason: string; fix: string | null; gapAtOnce: boolean } {
  const e = error as { name?: string; code?: string; message?: string; Code?: string };
  const name = e?.name ?? '';
  const queue = config.queueArn.split(':').pop() ?? config.queueArn;
  if (name === 'QueueDoesNotExist' || e?.Code === 'AWS.SimpleQueueService.NonExistentQueue') {
    return { reason: `The queue ${queue} no longer exists.`, fix: config.mode === 'owned' ? 'Set live events up again in Settings, or remove them there.' : 'Point Wharf at another queue in Settings, or remove live events there.', gapAtOnce: true };
  }
  if (e?.code === 'CREDENTIALS' || /ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|CredentialsProviderError/.test(name)) {
    return { reason: `The credentials of profile ${profile} no longer work.`, fix: 'Renew them (aws sso login, or new keys), then open the profile again.', gapAtOnce: true };
  }
  if (/AccessDenied|Kms/i.test(name) || e?.code === 'ACCESS_DENIED') {
    return { reason: `Profile ${profile} may not read the queue ${queue} (${name}).`, fix: 'Allow sqs:ReceiveMessage and sqs:DeleteMessage on the queue for this role.', gapAtOnce: true };
  }
  return { reason: `Wharf cannot read the queue ${queue}: ${name || 'Error'}: ${(e?.message ?? '').slice(0, 200)}`, fix: 'Nothing to do: Wharf keeps trying and turns live again by itself.', gapAtOnce: false };
}
