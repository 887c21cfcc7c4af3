import { computed, watch, type ComputedRef } from 'vue';
import { useDeploymentsStore } from '../stores/deployments';
import { useSessionStore } from '../stores/session';

/**
 * The deployments' part of the frame: the list is read when a session opens (core follows the
 * deployments in progress from then on and pushes changes), and the sidebar shows how many
 * wait for a person. Called once, by App.vue.
 */
export function useDeploymentsFrame(): { deploymentsAwaiting: ComputedRef<number | null> } {
  const deployments = useDeploymentsStore();
  const session = useSessionStore();
  watch(
    () => session.current,
    (current) => {
      if (current) void deployments.load();
    },
    { immediate: true },
  );
  return { deploymentsAwaiting: computed(() => (deployments.loaded ? deployments.needsAction : null)) };
}
