import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ActionOutcome } from '@contract/domains/actions';
import type { ArgsOf } from '@contract/api';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/** The mutations made from a confirmation dialog (stop deployment goes through the rollback dialog). */
export type MutationMethod = 'actions.scale' | 'actions.forceDeployment' | 'actions.stopTask' | 'deployments.continue' | 'deployments.stop';

export type MutationResult = { ok: true; outcome: ActionOutcome } | { ok: false; error: ShownError };

/**
 * Scale, force a new deployment, stop a task: one call each, carrying the typed confirmation
 * and the dialog's request id (core runs one intent once, however often it is sent). After a
 * change core re-reads what it changed at once, so the page shows it without waiting for a poll.
 * Errors come back as main's sentence and fix, for the dialog to show beside the button.
 */
export const useMutationsStore = defineStore('mutations', () => {
  const api = storeApi();
  /** Request ids in flight: a second send of one is ignored here (core would replay it anyway). */
  const inFlight = ref<string[]>([]);

  async function run<M extends MutationMethod>(method: M, args: ArgsOf<M> & { requestId: string }): Promise<MutationResult | null> {
    if (inFlight.value.includes(args.requestId)) return null;
    inFlight.value = [...inFlight.value, args.requestId];
    try {
      const outcome: ActionOutcome = await api.call(method, args);
      return { ok: true, outcome };
    } catch (err) {
      return { ok: false, error: toShownError(err) };
    } finally {
      inFlight.value = inFlight.value.filter((id) => id !== args.requestId);
    }
  }

  const busy = computed(() => inFlight.value.length > 0);
  return { inFlight, busy, run };
});
