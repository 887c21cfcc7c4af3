import { randomUUID } from 'node:crypto';
import type { ActionKind, ActionOutcome } from '../../contract/domains/actions';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import { auditedMutation, type MutationGuard } from '../guard/mutation-guard';
import type { OpenSession } from '../session/session-manager';

/**
 * The one path every mutation takes: the guard (read-only refusal, typed confirmation, both
 * audited), one audit entry per attempt with before and after, and at most one effect per user
 * intent. An intent has a key (a rollback's preview id, or the request id the UI sends): the
 * same key applied again while running joins that run, and after success returns its outcome.
 * After a failure the next attempt runs with `retry: true` and its own `state`, so the action
 * can look at AWS before acting again (the failed call may have been applied).
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
  key: string | null;
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
  private readonly now: () => number;

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async execute<S>(spec: OperationSpec<S>): Promise<ActionOutcome> {
    this.forgetOld();
    const mapKey = spec.key ? `${spec.action}:${spec.key}` : null;
    const known = mapKey ? this.intents.get(mapKey) : undefined;
    if (known?.outcome) return { ...known.outcome, replayed: true };
    if (known?.running) return known.running.then((o) => ({ ...o, replayed: true }));

    // The intent is registered before the first await, so a second click arriving while the
    // guard or AWS is still answering joins this run instead of starting its own.
    const intent: Intent = known ?? { operationId: spec.operationId ?? spec.key ?? randomUUID(), attempts: 0, state: spec.initialState(), touchedAt: this.now() };
    if (mapKey) this.intents.set(mapKey, intent);
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

  private async attempt<S>(spec: OperationSpec<S>, intent: Intent): Promise<ActionOutcome> {
    await this.deps.guard.assertMayMutate(spec.session, { action: spec.action, target: spec.target, confirmation: spec.confirmation, expected: spec.expected, before: spec.before });
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
  }
}
