import { WharfError } from '../../contract/errors';
import type { AuditLog } from '../audit/audit-log';
import type { SettingsStore } from '../settings/settings-store';
import type { OpenSession } from '../session/session-manager';

/**
 * The one gate every mutation passes (rollback, scale, force new deployment, stop task,
 * exec), enforced in core so a renderer bug or a hand-made call cannot skip it. A refusal is
 * audited with result `refused`, then thrown.
 */
export interface MutationRequest {
  /** Audit name of the action, e.g. `ecs.UpdateService` or `rollback.image`. */
  action: string;
  /** What it acts on: an ARN, or `cluster/service`. */
  target: string;
  /** What the user typed to confirm (e.g. the service's name). */
  confirmation?: string;
  /** What they had to type; when set, `confirmation` must equal it. */
  expected?: string;
  /** Exec is allowed on a read-only profile when the user turned `allowExecOnReadOnly` on. */
  isExec?: boolean;
  /** The state before, recorded with a refusal. */
  before?: unknown;
}

export class MutationGuard {
  constructor(private readonly deps: { audit: AuditLog; settings: SettingsStore }) {}

  /** Whether a change through this session would be refused as read-only now (the config's mark or Settings'). */
  isReadOnly(session: OpenSession): boolean {
    return this.check(session, { action: 'check', target: '' })?.code === 'READ_ONLY';
  }

  /** Throws READ_ONLY or NOT_CONFIRMED (after auditing the refusal); returns when allowed. */
  async assertMayMutate(session: OpenSession, req: MutationRequest): Promise<void> {
    const refusal = this.check(session, req);
    if (!refusal) return;
    await this.deps.audit.append({
      profile: session.info.profile,
      accountId: session.info.accountId,
      region: session.info.region,
      action: req.action,
      target: req.target,
      before: req.before ?? null,
      after: null,
      result: 'refused',
      error: refusal.message,
    });
    throw refusal;
  }

  private check(session: OpenSession, req: MutationRequest): WharfError | null {
    const { info } = session;
    if (this.deps.settings.problem()?.mutationsHeld) {
      return new WharfError('READ_ONLY', 'settings.json could not be read, so Wharf does not know which profiles you marked read-only: it changes nothing until you decide.', {
        fix: 'Choose in the banner at the top of the window: keep what was recovered, start from the defaults, or fix the file and read it again.',
      });
    }
    const settings = this.deps.settings.get();
    // Settings are read again: a profile marked read-only after it was opened is read-only now.
    const readOnly = info.readOnly || settings.readOnlyProfiles.includes(info.profile);
    if (readOnly && !(req.isExec && settings.allowExecOnReadOnly)) {
      return new WharfError('READ_ONLY', `Profile ${info.profile} is read-only: Wharf does not change anything through it.`, {
        fix: req.isExec
          ? 'Turn on "Allow exec on read-only profiles" in Settings, or open a profile that may change this account.'
          : 'Open a profile that may change this account, or remove this one from the read-only profiles in Settings.',
      });
    }
    if (req.expected !== undefined && (req.confirmation ?? '').trim() !== req.expected) {
      return new WharfError('NOT_CONFIRMED', `The confirmation does not match: type "${req.expected}" exactly to go ahead.`, {
        fix: `Type ${req.expected} in the confirmation field.`,
      });
    }
    return null;
  }
}

/**
 * Runs an allowed mutation and audits its outcome: `ok` with `after`, or `error` with the
 * message. Call after `assertMayMutate`.
 */
export async function auditedMutation<T>(
  audit: AuditLog,
  session: OpenSession,
  entry: { action: string; target: string; before: unknown },
  run: () => Promise<{ result: T; after: unknown }>,
): Promise<T> {
  const base = { profile: session.info.profile, accountId: session.info.accountId, region: session.info.region, action: entry.action, target: entry.target, before: entry.before };
  try {
    const { result, after } = await run();
    await audit.append({ ...base, after, result: 'ok' });
    return result;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await audit.append({ ...base, after: null, result: 'error', error: message });
    throw err;
  }
}
