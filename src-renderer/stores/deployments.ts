import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BulkContinueResult, DeploymentDetail, DeploymentHistory, DeploymentList, RevisionDiffLine, RevisionInfo, TargetGroupHealth } from '@contract/domains/deployments';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';

/**
 * Deployments as core reads them: the list (every deployment in progress or finished in 24 h,
 * needs-action first), the one in focus in full, services' histories, revisions compared, and
 * the target health beside a service's tasks. Core pushes the list and the focused detail as
 * they change; a page asks once when it opens.
 */
export const useDeploymentsStore = defineStore('deployments', () => {
  const api = storeApi();
  const list = shallowRef<DeploymentList | null>(null);
  const loaded = ref(false);
  const error = shallowRef<ShownError | null>(null);
  const detail = shallowRef<DeploymentDetail | null>(null);
  const detailError = shallowRef<ShownError | null>(null);
  const focused = ref<string | null>(null);
  const histories = shallowRef<Record<string, DeploymentHistory>>({});
  const targets = shallowRef<Record<string, TargetGroupHealth[]>>({});

  api.on('deployments.changed', (next) => {
    list.value = next;
    loaded.value = true;
  });
  api.on('deployments.detailChanged', (next) => {
    if (next.summary.serviceDeploymentArn === focused.value) detail.value = next;
  });

  const deployments = computed(() => list.value?.deployments ?? []);
  const needsAction = computed(() => deployments.value.filter((d) => d.verdict.section === 'needs-action').length);

  async function load(): Promise<void> {
    try {
      list.value = await api.call('deployments.list', {});
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  async function focus(serviceDeploymentArn: string): Promise<void> {
    if (focused.value !== serviceDeploymentArn) detail.value = null;
    focused.value = serviceDeploymentArn;
    try {
      const next = await api.call('deployments.detail', { serviceDeploymentArn });
      if (focused.value === serviceDeploymentArn) detail.value = next;
      detailError.value = null;
    } catch (err) {
      detailError.value = toShownError(err);
    }
  }

  async function unfocus(): Promise<void> {
    focused.value = null;
    detail.value = null;
    await api.call('deployments.unfocus', {}).catch(() => undefined);
  }

  const historyKey = (clusterArn: string, serviceName: string) => `${clusterArn}|${serviceName}`;

  async function loadHistory(clusterArn: string, serviceName: string): Promise<DeploymentHistory | null> {
    try {
      const h = await api.call('deployments.history', { clusterArn, serviceName });
      histories.value = { ...histories.value, [historyKey(clusterArn, serviceName)]: h };
      return h;
    } catch (err) {
      error.value = toShownError(err);
      return null;
    }
  }

  function history(clusterArn: string | null, serviceName: string): DeploymentHistory | null {
    return clusterArn ? histories.value[historyKey(clusterArn, serviceName)] ?? null : null;
  }

  async function compare(sourceRevisionArn: string, targetRevisionArn: string): Promise<{ source: RevisionInfo; target: RevisionInfo; diff: RevisionDiffLine[] } | ShownError> {
    try {
      return await api.call('deployments.compare', { sourceRevisionArn, targetRevisionArn });
    } catch (err) {
      return toShownError(err);
    }
  }

  async function loadTargets(clusterArn: string, serviceName: string): Promise<void> {
    try {
      const { groups } = await api.call('deployments.serviceTargets', { clusterArn, serviceName });
      targets.value = { ...targets.value, [historyKey(clusterArn, serviceName)]: groups };
    } catch {
      // Target health is extra: the tasks table shows without it.
    }
  }

  function targetsOf(clusterArn: string | null, serviceName: string): TargetGroupHealth[] {
    return clusterArn ? targets.value[historyKey(clusterArn, serviceName)] ?? [] : [];
  }

  /**
   * Approve or roll back several paused hooks after one typed confirmation: core runs each as its
   * own guarded intent and answers how each went (done, refused, failed with AWS's error).
   */
  async function continueMany(items: ReadonlyArray<{ serviceDeploymentArn: string; region: string; hookId: string }>, action: 'CONTINUE' | 'ROLLBACK', confirmation: string, requestId: string): Promise<BulkContinueResult[] | ShownError> {
    try {
      const { results } = await api.call('deployments.continueMany', { items: items.map((i) => ({ ...i })), action, confirmation, requestId });
      return results;
    } catch (err) {
      return toShownError(err);
    }
  }

  /** The deployment of a service in the list: in progress first, else the latest finished. */
  function ofService(serviceArn: string | null) {
    if (!serviceArn) return null;
    const mine = deployments.value.filter((d) => d.serviceArn === serviceArn);
    return mine.find((d) => d.verdict.section !== 'finished') ?? mine[0] ?? null;
  }

  return { list, loaded, error, detail, detailError, focused, deployments, needsAction, load, focus, unfocus, loadHistory, history, compare, loadTargets, targetsOf, ofService, continueMany };
});
