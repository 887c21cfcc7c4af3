import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Problem } from '@contract/domains/inventory';
import { onReconnect, storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { problemsByTarget, sortProblems } from '../models/problems/problem-rows';
import { useHistoryStore } from './history';

/**
 * Everything abnormal in the open profile, as core's problem rules find it: the Problems view,
 * the sidebar's count badge, and the highlights in the services table.
 */
export const useProblemsStore = defineStore('problems', () => {
  const api = storeApi();
  const problems = shallowRef<Problem[]>([]);
  const loaded = ref(false);
  const error = shallowRef<ShownError | null>(null);

  const sorted = computed(() => sortProblems(problems.value));
  const count = computed(() => (loaded.value ? problems.value.length : null));
  const byTarget = computed(() => problemsByTarget(problems.value));

  api.on('problems.changed', (next) => {
    problems.value = next.problems;
    loaded.value = true;
  });
  onReconnect(api, () => void load());

  async function load(): Promise<void> {
    try {
      problems.value = (await api.call('problems.list', {})).problems;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toShownError(err);
    }
  }

  /** Problems pointing at one resource (a service, task or instance ARN); at a past moment, those of then. */
  function of(targetArn: string): Problem[] {
    return useHistoryStore().problemsOf(targetArn) ?? byTarget.value.get(targetArn) ?? [];
  }

  /** Problems of one cluster (at a past moment, those of then). */
  function inCluster(clusterArn: string): Problem[] {
    const past = useHistoryStore().problemsIn(clusterArn);
    return past ? sortProblems(past) : sorted.value.filter((p) => p.clusterArn === clusterArn);
  }

  return { problems, sorted, count, loaded, error, byTarget, load, of, inCluster };
});
