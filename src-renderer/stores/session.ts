import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ProfileInfo, SessionInfo } from '@contract/domains/session';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { regionChoices } from './known-regions';

/** The name core gives the embedded sim's profile. */
export const DEMO_PROFILE = 'Demo account';

/**
 * AWS profiles and the open session (profile, account, region). A failed open keeps the last
 * good session on screen and shows the error's message and fix beside it: switching to a
 * profile whose SSO token expired must not blank the window.
 */
export const useSessionStore = defineStore('session', () => {
  const api = storeApi();

  const profiles = ref<ProfileInfo[]>([]);
  const regions = ref<string[]>([]);
  const defaultProfile = ref<string | null>(null);
  const profilesLoading = ref(false);
  const profilesError = shallowRef<ShownError | null>(null);

  const current = ref<SessionInfo | null>(null);
  /** The profile and region being opened right now, if any. */
  const opening = ref<{ profile: string; region?: string } | null>(null);
  /** The last open that failed, with the profile it was for. */
  const openError = shallowRef<(ShownError & { profile: string; region?: string }) | null>(null);
  let openAttempt = 0;

  const currentProfile = computed(() => profiles.value.find((p) => p.name === current.value?.profile) ?? null);
  const regionOptions = computed(() => regionChoices(regions.value, current.value?.region ?? opening.value?.region));

  api.on('session.changed', (session) => {
    current.value = session;
  });
  // Core watches ~/.aws/config and credentials: added, changed and removed profiles arrive here.
  api.on('session.profilesChanged', (list) => {
    profiles.value = list.profiles;
    regions.value = list.regions;
    defaultProfile.value = list.defaultProfile;
    profilesError.value = null;
  });

  async function loadProfiles(): Promise<void> {
    profilesLoading.value = true;
    try {
      const result = await api.call('session.profiles', {});
      profiles.value = result.profiles;
      regions.value = result.regions;
      defaultProfile.value = result.defaultProfile;
      profilesError.value = null;
    } catch (err) {
      profilesError.value = toShownError(err);
    } finally {
      profilesLoading.value = false;
    }
  }

  /** Opens a session; true when it opened. On failure the last good session stays current. */
  async function open(profile: string, region?: string): Promise<boolean> {
    const request = region ? { profile, region } : { profile };
    // Only the newest open may clear the spinner or set the result: a slow answer for an
    // earlier pick must not overwrite a later one.
    const attempt = ++openAttempt;
    opening.value = request;
    try {
      const session = await api.call('session.open', request);
      if (attempt !== openAttempt) return false;
      current.value = session;
      openError.value = null;
      return true;
    } catch (err) {
      if (attempt === openAttempt) openError.value = { ...toShownError(err), ...request };
      return false;
    } finally {
      if (attempt === openAttempt) opening.value = null;
    }
  }

  /** Same profile, another region. */
  function switchRegion(region: string): Promise<boolean> {
    const profile = current.value?.profile ?? openError.value?.profile ?? defaultProfile.value;
    return profile ? open(profile, region) : Promise.resolve(false);
  }

  function retry(): Promise<boolean> {
    const failed = openError.value;
    return failed ? open(failed.profile, failed.region) : Promise.resolve(false);
  }

  function dismissError(): void {
    openError.value = null;
  }

  /** On start: the profiles, then the session main already has, else the default profile. */
  async function start(): Promise<void> {
    // Both at once: main usually has the session open already (it opens the default profile
    // as it starts), and every view waits on it.
    const [, existing] = await Promise.all([
      loadProfiles(),
      // No current session to adopt: opening the default below reports any real problem.
      api.call('session.current', {}).catch(() => null),
    ]);
    if (existing) {
      current.value = existing;
      return;
    }
    const first = defaultProfile.value ?? profiles.value[0]?.name ?? DEMO_PROFILE;
    await open(first);
  }

  return {
    profiles,
    regions,
    defaultProfile,
    profilesLoading,
    profilesError,
    current,
    currentProfile,
    regionOptions,
    opening,
    openError,
    loadProfiles,
    open,
    switchRegion,
    retry,
    dismissError,
    start,
  };
});
