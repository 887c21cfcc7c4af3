/**
 * ECS -> EventBridge -> SQS, inside one region of the sim. Every change the engine and the ECS
 * handlers report (engine/changes.ts) becomes an ECS event; each enabled rule of the default
 * bus whose pattern matches sends it to its targets. An SQS target receives the event as the
 * message body when the queue's policy lets `events.amazonaws.com` send on behalf of that rule
 * (aws:SourceArn); otherwise the invocation fails, as on AWS (the FailedInvocations metric).
 *
 * Delivery is at least once and unordered, as EventBridge documents: by the faults' settings a
 * share of events is delivered twice, a share late enough that later ones overtake it, and a
 * share (0 by default) dropped. The record is rendered when it changes; delivery may wait.
 */
import type { Engine } from '../engine/engine';
import type { WorldChange } from '../engine/changes';
import { Random } from '../engine/random';
import type { Faults } from '../faults/faults';
import { policyAllows } from '../sqs/queue-policy';
import type { SqsStore } from '../sqs/sqs-store';
import type { World } from '../world/world';
import { matches } from './event-pattern';
import { ecsEventOf, type EcsEvent } from './ecs-events';
import type { CustomEvent, EventsStore, Rule, Target } from './events-store';

/** The SenderId SQS reports for messages EventBridge sent. */
const EVENTBRIDGE_SENDER = 'AIDAIEVENTBRIDGESIM';
const LATE_MIN_MS = 300;
const LATE_MAX_MS = 2_000;

export interface EventSourceDeps {
  world: World;
  engine: Engine;
  events: EventsStore;
  sqs: SqsStore;
  faults: Faults;
  seed: number;
  /** The sim clock (a late delivery lands at its own time). */
  now(): number;
}

export interface EventSourceStats {
  emitted: number;
  delivered: number;
  duplicated: number;
  delayed: number;
  dropped: number;
  failed: number;
}

export class EcsEventSource {
  readonly stats: EventSourceStats = { emitted: 0, delivered: 0, duplicated: 0, delayed: 0, dropped: 0, failed: 0 };
  private readonly random: Random;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stop: (() => void) | null = null;

  constructor(private readonly deps: EventSourceDeps) {
    // Its own randomness: events must not move the world's (the same seed gives the same world).
    this.random = new Random(deps.seed ^ 0xe7e47);
  }

  start(): void {
    this.stop ??= this.deps.engine.changes.listen((change) => this.onChange(change));
    this.deps.events.publish = (event) => this.publishCustom(event);
  }

  /**
   * An event PutEvents accepted: to every matching rule's targets at once. The delivery faults
   * are ECS's (they stand for events ECS or EventBridge lost): custom events are not dropped,
   * duplicated or delayed by them.
   */
  publishCustom(event: CustomEvent): void {
    let body: string | null = null;
    for (const rule of this.deps.events.activeRules()) {
      if (!matches(rule.pattern!, event)) continue;
      body ??= JSON.stringify(event);
      for (const target of rule.targets.values()) this.deliver(rule, target, event, body);
    }
  }

  close(): void {
    this.stop?.();
    this.stop = null;
    this.deps.events.publish = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private onChange(change: WorldChange): void {
    const { events } = this.deps;
    // Without a rule to route it, ECS's event goes nowhere: nothing to render.
    if (!events.hasActiveRules()) return;
    const event = ecsEventOf(this.deps.world, change, this.deps.engine.now(), this.random.uuid());
    this.stats.emitted++;
    let body: string | null = null;
    for (const rule of events.activeRules()) {
      if (!matches(rule.pattern!, event)) continue;
      body ??= JSON.stringify(event);
      for (const target of rule.targets.values()) this.route(rule, target, event, body);
    }
  }

  private route(rule: Rule, target: Target, event: EcsEvent, body: string): void {
    const { drop, duplicate, reorder } = this.deps.faults.eventDelivery;
    if (drop > 0 && this.random.chance(drop)) {
      this.stats.dropped++;
      return;
    }
    const late = reorder > 0 && this.random.chance(reorder);
    if (late) {
      this.stats.delayed++;
      this.later(this.random.int(LATE_MIN_MS, LATE_MAX_MS), () => this.deliver(rule, target, event, body));
    } else {
      this.deliver(rule, target, event, body);
    }
    if (duplicate > 0 && this.random.chance(duplicate)) {
      this.stats.duplicated++;
      this.later(this.random.int(LATE_MIN_MS, LATE_MAX_MS), () => this.deliver(rule, target, event, body));
    }
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  private deliver(rule: Rule, target: Target, event: EcsEvent | CustomEvent, body: string): void {
    const { sqs, events } = this.deps;
    events.invocations++;
    const queue = sqs.byArn(target.Arn);
    const allowed =
      queue !== undefined &&
      policyAllows(queue.attributes.Policy, { servicePrincipal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: queue.arn, sourceArn: rule.arn, sourceAccount: events.accountId });
    if (!queue || !allowed) {
      events.failedInvocations++;
      this.stats.failed++;
      return;
    }
    sqs.send(queue, inputOf(target, event, body), this.deps.now(), EVENTBRIDGE_SENDER);
    this.stats.delivered++;
  }
}

/** What the target receives: the event, or the constant Input, or the part InputPath names. */
function inputOf(target: Target, event: EcsEvent | CustomEvent, body: string): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath && target.InputPath !== '$') {
    let value: unknown = event;
    for (const key of target.InputPath.replace(/^\$\.?/, '').split('.').filter(Boolean)) value = (value as Record<string, unknown> | undefined)?.[key];
    return JSON.stringify(value ?? null);
  }
  return body;
}
