import type { ActionKind, ActionOutcome } from '../../contract/domains/actions';
import { WharfError } from '../../contract/errors';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import { auditedMutation, type MutationGuard } from '../guard/mutation-guard';
import type { OpenSession } from '../session/session-manager';

/**
 * The one path every mutation takes: the guard (read-only refusal, typed confirmation, both
 * audited), one audit entry per attempt with before and after, and at most one effect per user
 * intent. An intent has a key (a rollback's preview id, else the request id the UI sends): the
 * same key applied again while running joins that run, and after success returns its outcome.
 * After a failure the next attempt runs with `retry: true` and its own `state`, so the action
 * can look at AWS before acting again (the failed call may have been applied).
 *
 * What an intent is, exactly: profile, account, region, action, target and arguments. A
 * request id (or intent key) seen before with anything else is a CONFLICT (audited as a
 * refusal), never the earlier outcome replayed for something that was not done. The guard
 * runs on every call, a replay or a join included: a profile made read-only since gets its
 * refusal, not an old `ok`.
 */
export type OutcomeBody = Pick<ActionOutcome, 'taskDefinitionArn' | 'deploymentId' | 'serviceDeploymentArn' | 'message'>;

export interface AttemptContext<S> {
  /** An earlier attempt of this intent failed: find out what it did before acting. */
  retry: boolean;
  /** Survives between attempts of one intent (what is known to be done). */
  state: S;
  operationId: string;
}

export interface OperationSpec<S> {
  /** The client's id for this intent (required by the contract for every mutation). */
  requestId: string;
  /** What makes two calls one intent when it is not the request id (a rollback's preview id). */
  intentKey?: string;
  /** The call's arguments that define the intent (never the confirmation or the request id). */
  args: unknown;
  action: ActionKind;
  target: string;
  session: OpenSession;
  confirmation: string;
  expected: string;
  before: unknown;
  initialState: () => S;
  /** Preferred operation id (a rollback uses its preview id); a fresh uuid otherwise. */
  operationId?: string;
  attempt(ctx: AttemptContext<S>): Promise<{ outcome: OutcomeBody; after: unknown }>;
}

interface Intent {
  fingerprint: string;
  operationId: string;
  attempts: number;
  state: unknown;
  outcome?: ActionOutcome;
  running?: Promise<ActionOutcome>;
  touchedAt: number;
}

export interface RunnerDeps {
  guard: MutationGuard;
  audit: AuditLog;
  events?: EventBus;
  now?: () => number;
  /** Called after every successful mutation (caches of what it changed). */
  onChanged?: () => void;
}

/** Intents are remembered this long: long enough for any retry a person makes. */
const INTENT_TTL_MS = 60 * 60_000;

export class OperationRunner {
  private readonly intents = new Map<string, Intent>();
  /** Every request id seen, with the intent it named. */
  private readonly requests = new Map<string, { fingerprint: string; touchedAt: number }>();
  private readonly now: () => number;

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async execute<S>(spec: OperationSpec<S>): Promise<ActionOutcome> {
    this.forgetOld();
    const fingerprint = fingerprintOf(spec);
    const guarded = { action: spec.action, target: spec.target, confirmation: spec.confirmation, expected: spec.expected, before: spec.before };
    // Before anything is replayed or joined: the session's read-only rule and the confirmation.
    await this.deps.guard.assertMayMutate(spec.session, guarded);

    // From here to the first await of the run, nothing yields: a second click arriving while
    // the guard was answering finds this intent registered and joins it.
    const intentKey = spec.intentKey ?? spec.requestId;
    const seen = this.requests.get(spec.requestId);
    const known = this.intents.get(intentKey);
    if ((seen && seen.fingerprint !== fingerprint) || (known && known.fingerprint !== fingerprint)) {
      return this.conflict(spec);
    }
    this.requests.set(spec.requestId, { fingerprint, touchedAt: this.now() });
    if (known?.outcome) return { ...known.outcome, replayed: true };
    if (known?.running) return known.running.then((o) => ({ ...o, replayed: true }));

    const intent: Intent = known ?? { fingerprint, operationId: spec.operationId ?? intentKey, attempts: 0, state: spec.initialState(), touchedAt: this.now() };
    this.intents.set(intentKey, intent);
    const run = this.attempt(spec, intent);
    intent.running = run;
    try {
      const outcome = await run;
      intent.outcome = outcome;
      this.deps.onChanged?.();
      this.deps.events?.emit('actions.completed', outcome);
      return outcome;
    } finally {
      intent.running = undefined;
    }
  }

  /** A request id reused for another intent: refused and audited, nothing replayed or done. */
  private async conflict<S>(spec: OperationSpec<S>): Promise<never> {
    const error = new WharfError('CONFLICT', `Request ${spec.requestId} was already used for a different change: Wharf neither repeats that outcome nor makes this change under the same id.`, {
      fix: 'Send this change with a new request id (open the dialog again).',
    });
    const { info } = spec.session;
    await this.deps.audit.append({ profile: info.profile, accountId: info.accountId, region: info.region, action: spec.action, target: spec.target, before: spec.before, after: null, result: 'refused', error: error.message });
    throw error;
  }

  private async attempt<S>(spec: OperationSpec<S>, intent: Intent): Promise<ActionOutcome> {
    intent.attempts += 1;
    intent.touchedAt = this.now();
    const ctx: AttemptContext<S> = { retry: intent.attempts > 1, state: intent.state as S, operationId: intent.operationId };
    return auditedMutation(this.deps.audit, spec.session, { action: spec.action, target: spec.target, before: spec.before }, async () => {
      const { outcome, after } = await spec.attempt(ctx);
      const full: ActionOutcome = { ...outcome, operationId: intent.operationId, action: spec.action, target: spec.target, replayed: false, at: this.now() };
      return { result: full, after };
    });
  }

  private forgetOld(): void {
    const cutoff = this.now() - INTENT_TTL_MS;
    for (const [key, intent] of this.intents) if (!intent.running && intent.touchedAt < cutoff) this.intents.delete(key);
    for (const [id, seen] of this.requests) if (seen.touchedAt < cutoff) this.requests.delete(id);
  }
}

/** Who, where, what, on what, with which arguments: one string, keys in a fixed order. */
function fingerprintOf(spec: OperationSpec<unknown>): string {
  const { info } = spec.session;
  return stableJson([info.profile, info.accountId, info.region, spec.action, spec.target, spec.args ?? null]);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
