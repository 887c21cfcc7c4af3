import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Settings } from '@contract/domains/app';
import type { ThemePreference } from '../theme/resolve';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/** The user's settings as main keeps them (in the data folder); changes go through main. */
export const useSettingsStore = defineStore('settings', () => {
  const api = storeApi();
  const settings = ref<Settings | null>(null);
  const saving = ref(false);
  const error = shallowRef<ShownError | null>(null);

  const themePreference = computed<ThemePreference>(() => settings.value?.theme ?? 'system');

  api.on('settings.changed', (next) => {
    settings.value = next;
  });

  async function load(): Promise<void> {
    try {
      settings.value = await api.call('settings.get', {});
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  /** Saves a change; on failure the previous values stay and the error says why. */
  async function update(patch: Partial<Settings>): Promise<boolean> {
    saving.value = true;
    try {
      settings.value = await api.call('settings.update', patch);
      error.value = null;
      return true;
    } catch (err) {
      error.value = toShownError(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  function isProductionProfile(profile: string): boolean {
    return settings.value?.productionProfiles.includes(profile) ?? false;
  }

  return { settings, saving, error, themePreference, load, update, isProductionProfile };
});
