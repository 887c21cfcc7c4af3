import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Settings, SettingsProblem, SettingsResolution } from '@contract/domains/app';
import { safetyChanges, safetyConfirmation, type SafetyChange } from '@contract/settings-safety';
import type { ThemePreference } from '../theme/resolve';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/** A change that lowers a safety setting, waiting for the user to type its confirmation. */
export type PendingSafety = { changes: SafetyChange[]; confirmText: string } & ({ kind: 'update'; patch: Partial<Settings> } | { kind: 'resolve'; choice: SettingsResolution });

/** What the defaults would do to the safety settings (for "start from the defaults"). */
const SAFETY_DEFAULTS: Partial<Settings> = { readOnlyProfiles: [], productionProfiles: [], allowExecOnReadOnly: false };

/**
 * The user's settings as main keeps them (in the data folder); changes go through main. A
 * change that lowers a safety setting (a read-only or production mark removed, exec allowed
 * on read-only profiles) is held as `pending` until the user types its confirmation (the
 * frame's SettingsSafetyDialog asks); main refuses it without. `problem` is a damaged
 * settings file main is holding back from, until the user resolves it.
 */
export const useSettingsStore = defineStore('settings', () => {
  const api = storeApi();
  const settings = ref<Settings | null>(null);
  const saving = ref(false);
  const error = shallowRef<ShownError | null>(null);
  const problem = shallowRef<SettingsProblem | null>(null);
  const resolving = ref(false);
  const problemError = shallowRef<ShownError | null>(null);
  const pending = shallowRef<PendingSafety | null>(null);
  const confirmError = shallowRef<ShownError | null>(null);

  const themePreference = computed<ThemePreference>(() => settings.value?.theme ?? 'system');

  api.on('settings.changed', (next) => {
    settings.value = next;
  });
  api.on('settings.problem', (next) => {
    problem.value = next;
  });

  async function load(): Promise<void> {
    try {
      const [current, file] = await Promise.all([api.call('settings.get', {}), api.call('settings.problem', {})]);
      settings.value = current;
      problem.value = file.problem;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  /**
   * Saves a change; on failure the previous values stay and the error says why. A change that
   * lowers a safety setting is not sent yet: it waits in `pending` for its confirmation.
   */
  async function update(patch: Partial<Settings>): Promise<boolean> {
    const changes = settings.value ? safetyChanges(settings.value, patch) : [];
    const confirmText = safetyConfirmation(changes);
    if (confirmText !== null) {
      confirmError.value = null;
      pending.value = { kind: 'update', patch, changes, confirmText };
      return false;
    }
    return send(patch);
  }

  async function send(patch: Partial<Settings>, confirmation?: string): Promise<boolean> {
    saving.value = true;
    try {
      settings.value = await api.call('settings.update', confirmation === undefined ? patch : { ...patch, confirmation });
      error.value = null;
      return true;
    } catch (err) {
      const shown = toShownError(err);
      if (confirmation === undefined) error.value = shown;
      else confirmError.value = shown;
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** Sends the pending safety change with what the user typed. */
  async function confirmPending(typed: string): Promise<boolean> {
    const held = pending.value;
    if (!held) return false;
    confirmError.value = null;
    const ok = held.kind === 'update' ? await send(held.patch, typed) : await resolve(held.choice, typed);
    if (ok) pending.value = null;
    return ok;
  }

  function cancelPending(): void {
    pending.value = null;
    confirmError.value = null;
  }

  /** Ends a settings problem as the user chose; starting from the defaults may need a confirmation. */
  async function resolveProblem(choice: SettingsResolution): Promise<boolean> {
    if (choice === 'defaults' && settings.value) {
      const changes = safetyChanges(settings.value, SAFETY_DEFAULTS);
      const confirmText = safetyConfirmation(changes);
      if (confirmText !== null) {
        confirmError.value = null;
        pending.value = { kind: 'resolve', choice, changes, confirmText };
        return false;
      }
    }
    return resolve(choice);
  }

  async function resolve(choice: SettingsResolution, confirmation?: string): Promise<boolean> {
    resolving.value = true;
    try {
      settings.value = await api.call('settings.resolveProblem', confirmation === undefined ? { choice } : { choice, confirmation });
      problem.value = null;
      problemError.value = null;
      return true;
    } catch (err) {
      const shown = toShownError(err);
      if (confirmation === undefined) problemError.value = shown;
      else confirmError.value = shown;
      // A failed re-read may have found the file damaged in another way.
      void api.call('settings.problem', {}).then((r) => (problem.value = r.problem)).catch(() => undefined);
      return false;
    } finally {
      resolving.value = false;
    }
  }

  function isProductionProfile(profile: string): boolean {
    return settings.value?.productionProfiles.includes(profile) ?? false;
  }

  return { settings, saving, error, problem, resolving, problemError, pending, confirmError, themePreference, load, update, confirmPending, cancelPending, resolveProblem, isProductionProfile };
});
