/**
 * Optional faults, so the app's error handling can be shown and tested: throttle storms, a
 * share of 5xx answers, added latency, credentials that expire, UpdateService calls that
 * apply and then fail, and exec sockets that drop (passed to the exec agent). All switchable
 * at runtime through `POST /__sim/faults`. Fault timing runs on the wall clock.
 */
import { SimError, SimRawAnswer } from '../http/types';
import { Random } from '../engine/random';

export interface ThrottleStorm {
  /** A storm starts every `periodMs` (from when it was switched on) ... */
  periodMs: number;
  /** ... and throttles every ECS call for `stormMs`. */
  stormMs: number;
}

export interface FaultOptions {
  /** true = 15 s of storm every 60 s, starting now. */
  throttleStorm?: boolean | ThrottleStorm;
  /** Share of calls (0..1) answered with a 500. */
  serverErrorRate?: number;
  /** Added to every call, ms. */
  latencyMs?: number;
  /** Each access key works for this many seconds after its first call, then is expired. */
  expireCredentialsAfterSeconds?: number;
  /** Exec sockets drop this many seconds after they connect (or after the fault is switched on); 0 = off. */
  execDropAfterSeconds?: number;
  /** The next N UpdateService calls apply their change and then answer 500. */
  updateServiceApplyThenFail?: number;
  /**
   * Operations answered as an emulator that lacks them answers: HTTP 501 with an HTML page
   * (e.g. ["ListServiceDeployments"]). Wharf must say so once and carry on.
   */
  unimplemented?: string[];
  /**
   * Services (by name) whose DescribeServices answer carries an impossible count, as an
   * emulator once sent: pendingCount -1. Wharf must show "—" with a hint, never the number.
   */
  negativePending?: string[];
  /**
   * ECS events (EventBridge to its targets): the share (0..1) never delivered, delivered twice,
   * and delivered late enough that later events overtake them. EventBridge delivers at least
   * once and in no guaranteed order; the sim's defaults are DEFAULT_EVENT_DELIVERY.
   */
  eventDropRate?: number;
  eventDuplicateRate?: number;
  eventReorderRate?: number;
}

/** At-least-once, unordered, as EventBridge documents: a few duplicates and late events, none lost. */
export const DEFAULT_EVENT_DELIVERY = { eventDropRate: 0, eventDuplicateRate: 0.02, eventReorderRate: 0.03 } as const;

const DEFAULT_STORM: ThrottleStorm = { periodMs: 60_000, stormMs: 15_000 };

export class Faults {
  private options: FaultOptions = {};
  private stormStartedAt = 0;
  private readonly firstSeen = new Map<string, number>();
  private readonly random: Random;

  constructor(
    initial: FaultOptions = {},
    seed = 1,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.random = new Random(seed ^ 0x5eed);
    this.set(initial);
  }

  /** Merges new settings over the current ones; `null`/0/false switch a fault off. */
  set(update: FaultOptions): FaultOptions {
    if (update.throttleStorm && !this.options.throttleStorm) this.stormStartedAt = this.wallNow();
    if (update.expireCredentialsAfterSeconds !== undefined) this.firstSeen.clear();
    this.options = { ...this.options, ...update };
    return this.current();
  }

  current(): FaultOptions {
    return { ...this.options };
  }

  /** Whether DescribeServices answers this service with pendingCount -1 (see FaultOptions.negativePending). */
  negativePendingFor(serviceName: string): boolean {
    return this.options.negativePending?.includes(serviceName) ?? false;
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** How ECS events are delivered now: the defaults, overridden by what was set. */
  get eventDelivery(): { drop: number; duplicate: number; reorder: number } {
    const o = this.options;
    return {
      drop: o.eventDropRate ?? DEFAULT_EVENT_DELIVERY.eventDropRate,
      duplicate: o.eventDuplicateRate ?? DEFAULT_EVENT_DELIVERY.eventDuplicateRate,
      reorder: o.eventReorderRate ?? DEFAULT_EVENT_DELIVERY.eventReorderRate,
    };
  }

  /** Faults that come before any service logic. `ecs` marks calls to the ECS service. */
  check(call: { accessKeyId: string; ecs: boolean; operation?: string }): void {
    if (call.operation && this.options.unimplemented?.includes(call.operation)) {
      throw new SimRawAnswer(
        501,
        'text/html; charset=utf-8',
        `<!DOCTYPE html>\n<html><head><title>501 Not Implemented</title></head><body><h1>Not Implemented</h1><p>${call.operation} is not implemented by this emulator.</p></body></html>\n`,
      );
    }
    const expireAfter = this.options.expireCredentialsAfterSeconds;
    if (expireAfter) {
      const now = this.wallNow();
      const first = this.firstSeen.get(call.accessKeyId) ?? now;
      this.firstSeen.set(call.accessKeyId, first);
      if (now - first > expireAfter * 1000) {
        throw new SimError('ExpiredTokenException', 'The security token included in the request is expired', 400);
      }
    }
    if (call.ecs && this.inStorm()) throw new SimError('ThrottlingException', 'Rate exceeded', 400);
    const rate = this.options.serverErrorRate ?? 0;
    if (rate > 0 && this.random.chance(rate)) {
      throw call.ecs
        ? new SimError('ServerException', 'Service Unavailable. Please try again later.', 500)
        : new SimError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
    }
  }

  /** True once per armed "apply then fail" UpdateService. */
  consumeApplyThenFail(): boolean {
    const left = this.options.updateServiceApplyThenFail ?? 0;
    if (left <= 0) return false;
    this.options.updateServiceApplyThenFail = left - 1;
    return true;
  }

  private inStorm(): boolean {
    const setting = this.options.throttleStorm;
    if (!setting) return false;
    const storm = setting === true ? DEFAULT_STORM : setting;
    const elapsed = this.wallNow() - this.stormStartedAt;
    return elapsed % storm.periodMs < storm.stormMs;
  }
}
