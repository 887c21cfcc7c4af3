import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ActionOutcome, RollbackPreview, RollbackTarget, RollbackTargets, RolloutStatus, ServiceRef } from '@contract/domains/actions';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { isFinished, rollbackUnderway, rolloutNotice } from '../models/rollback/rollback-model';
import { notifyDesktop } from '../browser/desktop-notify';
import { newRequestId } from '../models/mutation/mutation-model';

export type RollbackStep = 'pick' | 'preview' | 'tracking';

/** How often the tracker asks core for the rollout's state. */
export const ROLLOUT_POLL_MS = 1500;

/**
 * One rollback at a time: its targets, the preview core made, the apply, then the live rollout.
 * The preview id is all that goes back to core on apply; core holds the exact change, so what
 * runs is what was shown. A second click on "Roll back" while one is applying does nothing
 * here, and core answers a repeated preview id with the first outcome anyway.
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
  const rolloutError = shallowRef<ShownError | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  let notified = false;
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
      void poll(gen);
    } catch (err) {
      if (gen === generation) applyError.value = toShownError(err);
    } finally {
      if (gen === generation) applying.value = false;
    }
  }

  async function poll(gen: number): Promise<void> {
    if (!service.value || gen !== generation) return;
    try {
      const deploymentId = outcome.value?.deploymentId ?? undefined;
      const status = await api.call('actions.rollout', deploymentId ? { ...service.value, deploymentId } : service.value);
      if (gen !== generation) return;
      rollout.value = status;
      rolloutError.value = null;
      if (isFinished(status.state) && !notified) {
        notified = true;
        const notice = rolloutNotice(status);
        void notifyDesktop(notice.title, notice.body);
      }
      // After a failure, keep following the circuit breaker's rollback until it settles too.
      if (isFinished(status.state) && !rollbackUnderway(status)) return;
    } catch (err) {
      if (gen === generation) rolloutError.value = toShownError(err);
    }
    if (gen === generation) timer = setTimeout(() => void poll(gen), ROLLOUT_POLL_MS);
  }

  /** Stops tracking and forgets this rollback (the dialog closed). */
  function close(): void {
    generation++;
    notified = false;
    if (timer) clearTimeout(timer);
    timer = null;
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
    rolloutError.value = null;
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
    rolloutError,
    finished,
    open,
    choose,
    back,
    apply,
    close,
  };
});
