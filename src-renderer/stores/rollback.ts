import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ActionOutcome, RollbackPreview, RollbackTarget, RollbackTargets, RolloutStatus, ServiceRef } from '@contract/domains/actions';
import { isFinished } from '@contract/rollout';
import { clusterNameOf } from '@contract/arn';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { newRequestId } from '../models/mutation/mutation-model';

export type RollbackStep = 'pick' | 'preview' | 'tracking';

/**
 * One rollback at a time: its targets, the preview core made, the apply, then the live rollout.
 * The preview id is all that goes back to core on apply; core holds the exact change, so what
 * runs is what was shown. A second click on "Roll back" while one is applying does nothing
 * here, and core answers a repeated preview id with the first outcome anyway. Core follows the
 * rollout it started from its own reads of the service and sends each change
 * (`actions.rollout`); it also notifies the outcome once (the bell, the shell).
 */
export const useRollbackStore = defineStore('rollback', () => {
  const api = storeApi();

  const service = ref<ServiceRef | null>(null);
  const step = ref<RollbackStep>('pick');
  const targets = shallowRef<RollbackTargets | null>(null);
  const targetsLoading = ref(false);
  const targetsError = shallowRef<ShownError | null>(null);
  const preview = shallowRef<RollbackPreview | null>(null);
  const previewLoading = ref(false);
  const previewError = shallowRef<ShownError | null>(null);
  const applying = ref(false);
  const applyError = shallowRef<ShownError | null>(null);
  const outcome = shallowRef<ActionOutcome | null>(null);
  const rollout = shallowRef<RolloutStatus | null>(null);
  let generation = 0;

  api.on('actions.rollout', ({ clusterArn, serviceName, status }) => {
    const ref = service.value;
    if (!ref || (step.value !== 'tracking' && !applying.value) || serviceName !== ref.service) return;
    if (ref.cluster !== clusterArn && ref.cluster !== clusterNameOf(clusterArn)) return;
    if (outcome.value?.deploymentId && status.deploymentId !== outcome.value.deploymentId) return;
    rollout.value = status;
  });
  /** One request id per preview: applying it again (a retry after an error) is the same intent. */
  let applyRequestId = newRequestId();

  const finished = computed(() => !!rollout.value && isFinished(rollout.value.state));

  async function open(ref: ServiceRef): Promise<void> {
    close();
    const gen = generation;
    service.value = ref;
    targetsLoading.value = true;
    try {
      const result = await api.call('actions.rollbackTargets', ref);
      if (gen === generation) targets.value = result;
    } catch (err) {
      if (gen === generation) targetsError.value = toShownError(err);
    } finally {
      if (gen === generation) targetsLoading.value = false;
    }
  }

  async function choose(target: RollbackTarget): Promise<void> {
    if (!service.value) return;
    const gen = generation;
    previewLoading.value = true;
    previewError.value = null;
    try {
      const result = await api.call('actions.previewRollback', { ...service.value, target });
      if (gen !== generation) return;
      preview.value = result;
      applyRequestId = newRequestId();
      step.value = 'preview';
    } catch (err) {
      if (gen === generation) previewError.value = toShownError(err);
    } finally {
      if (gen === generation) previewLoading.value = false;
    }
  }

  function back(): void {
    preview.value = null;
    applyError.value = null;
    step.value = 'pick';
  }

  async function apply(confirmation: string): Promise<void> {
    if (!preview.value || applying.value) return;
    const gen = generation;
    applying.value = true;
    applyError.value = null;
    try {
      const result = await api.call('actions.applyRollback', { previewId: preview.value.previewId, confirmation, requestId: applyRequestId });
      if (gen !== generation) return;
      outcome.value = result;
      step.value = 'tracking';
    } catch (err) {
      if (gen === generation) applyError.value = toShownError(err);
    } finally {
      if (gen === generation) applying.value = false;
    }
  }

  /** Stops tracking and forgets this rollback (the dialog closed). */
  function close(): void {
    generation++;
    service.value = null;
    step.value = 'pick';
    targets.value = null;
    targetsError.value = null;
    targetsLoading.value = false;
    preview.value = null;
    previewError.value = null;
    previewLoading.value = false;
    applying.value = false;
    applyError.value = null;
    outcome.value = null;
    rollout.value = null;
  }

  return {
    service,
    step,
    targets,
    targetsLoading,
    targetsError,
    preview,
    previewLoading,
    previewError,
    applying,
    applyError,
    outcome,
    rollout,
    finished,
    open,
    choose,
    back,
    apply,
    close,
  };
});
