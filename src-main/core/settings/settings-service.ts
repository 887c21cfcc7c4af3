import type { Settings, SettingsProblem, SettingsResolution } from '../../contract/domains/app';
import type { SessionInfo } from '../../contract/domains/session';
import { WharfError } from '../../contract/errors';
import { safetyChanges, safetyConfirmation, safetySentence } from '../../contract/settings-safety';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { SettingsStore } from './settings-store';

export interface SettingsServiceDeps {
  store: SettingsStore;
  audit: AuditLog;
  events: EventBus;
  /** The open session, to say in the audit entry who was looking (settings are not per profile). */
  session: () => SessionInfo | null;
}

/**
 * Settings changes from the window: every one audited with the values before and after;
 * lowering a safety setting (a read-only or production mark removed, exec allowed on
 * read-only profiles) needs the typed confirmation `safetyConfirmation` names, and a refusal
 * is audited too. A damaged settings file is resolved here, as the user chose.
 */
export class SettingsService {
  constructor(private readonly deps: SettingsServiceDeps) {}

  get(): Settings {
    return this.deps.store.get();
  }

  problem(): SettingsProblem | null {
    return this.deps.store.problem();
  }

  async update(patch: Partial<Settings>, confirmation?: string): Promise<Settings> {
    const { store } = this.deps;
    const current = store.get();
    const changed = (Object.keys(patch) as Array<keyof Settings>).filter((k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(current[k]));
    if (changed.length === 0) return current;
    const before = pick(current, changed);
    const after = pick({ ...current, ...patch }, changed);
    const target = `settings: ${changed.join(', ')}`;
    await this.confirmSafety('settings.update', target, current, patch, confirmation, before, after);
    let next: Settings;
    try {
      next = await store.update(patch);
    } catch (err) {
      await this.audit('settings.update', target, before, null, 'error', err instanceof Error ? err.message : String(err));
      throw err;
    }
    await this.audit('settings.update', target, before, pick(next, changed), 'ok');
    this.deps.events.emit('settings.changed', next);
    return next;
  }

  async resolveProblem(choice: SettingsResolution, confirmation?: string): Promise<Settings> {
    const { store } = this.deps;
    const problem = store.problem();
    if (!problem) return store.get();
    const before = { problem: problem.error, keptAs: problem.keptAs, recovered: problem.recovered, partial: problem.partial };
    if (choice !== 'reread') await this.confirmSafety('settings.resolve', `settings: ${choice}`, store.get(), store.preview(choice), confirmation, before, { choice });
    let next: Settings;
    try {
      next = await store.resolve(choice);
    } catch (err) {
      await this.audit('settings.resolve', `settings: ${choice}`, before, null, 'error', err instanceof Error ? err.message : String(err));
      throw err;
    }
    await this.audit('settings.resolve', `settings: ${choice}`, before, { choice, settings: next }, 'ok');
    this.deps.events.emit('settings.problem', null);
    this.deps.events.emit('settings.changed', next);
    return next;
  }

  private async confirmSafety(action: string, target: string, current: Settings, patch: Partial<Settings>, confirmation: string | undefined, before: unknown, after: unknown): Promise<void> {
    const changes = safetyChanges(current, patch);
    const expected = safetyConfirmation(changes);
    if (expected === null || (confirmation ?? '').trim() === expected) return;
    const error = new WharfError('NOT_CONFIRMED', `${changes.map(safetySentence).join(' ')} Type "${expected}" to confirm.`, { fix: `Type ${expected} in the confirmation field.` });
    await this.audit(action, target, before, after, 'refused', error.message);
    throw error;
  }

  private async audit(action: string, target: string, before: unknown, after: unknown, result: 'ok' | 'error' | 'refused', error?: string): Promise<void> {
    const info = this.deps.session();
    await this.deps.audit.append({ profile: info?.profile ?? '', accountId: info?.accountId ?? null, region: info?.region ?? null, action, target, before, after, result, ...(error ? { error } : {}) });
  }
}

function pick(settings: Partial<Settings>, keys: Array<keyof Settings>): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const k of keys) (out as Record<string, unknown>)[k] = settings[k];
  return out;
}
