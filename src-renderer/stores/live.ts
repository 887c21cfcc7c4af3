import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ActionOutcome } from '@contract/domains/actions';
import type { LiveOverview, LiveStatus } from '@contract/domains/live';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

export type LiveResult = { ok: true; outcome: ActionOutcome | null } | { ok: false; error: ShownError };

/**
 * Live events as main runs them for the open profile and region: their state (live, gap with
 * its reason, starting, off) for the status bar and Settings, every set-up Wharf knows of, and
 * the calls that set them up, point them at an existing queue, remove or forget them. A
 * set-up or removal carries the typed confirmation and a request id: core runs it once.
 */
export const useLiveStore = defineStore('live', () => {
  const api = storeApi();
  const overview = ref<LiveOverview | null>(null);
  const error = shallowRef<ShownError | null>(null);
  const busy = ref(false);

  const status = computed<LiveStatus | null>(() => overview.value?.status ?? null);

  api.on('live.changed', (next) => {
    const before = overview.value?.status.config?.queueArn ?? null;
    if (overview.value) overview.value = { ...overview.value, status: next };
    // A set-up started or ended (here or by another window): the list of set-ups moved too.
    if (!overview.value || before !== (next.config?.queueArn ?? null)) void load();
  });
  api.on('session.changed', () => void load());

  async function load(): Promise<void> {
    try {
      overview.value = await api.call('live.status', {});
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  async function act(run: () => Promise<ActionOutcome | LiveOverview>): Promise<LiveResult> {
    busy.value = true;
    try {
      const result = await run();
      const outcome = 'operationId' in result ? result : null;
      if (!outcome) overview.value = result as LiveOverview;
      else await load();
      return { ok: true, outcome };
    } catch (err) {
      return { ok: false, error: toShownError(err) };
    } finally {
      busy.value = false;
    }
  }

  const setUp = (confirmation: string, requestId: string) => act(() => api.call('live.setUp', { confirmation, requestId }));
  /** The open profile and region's set-up, or `of` another one in the same account (its profile removed, another region). */
  const remove = (confirmation: string, requestId: string, of?: { profile: string; region: string }) => act(() => api.call('live.remove', { confirmation, requestId, ...(of ?? {}) }));
  const useQueue = (queueArn: string, requestId: string) => act(() => api.call('live.useQueue', { queueArn, requestId }));
  const forget = (profile: string, region: string) => act(() => api.call('live.forget', { profile, region }));

  return { overview, status, error, busy, load, setUp, remove, useQueue, forget };
});
