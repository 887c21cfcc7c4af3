import { computed, ref, watch, type Ref } from 'vue';
import { storeToRefs } from 'pinia';
import { useMessage } from 'naive-ui';
import type { ArgsOf } from '@contract/api';
import { useMutationsStore, type MutationMethod } from '../stores/mutations';
import { useSessionStore } from '../stores/session';
import { useSettingsStore } from '../stores/settings';
import { useHistoryStore } from '../stores/history';
import type { ShownError } from '../stores/shown-error';
import { newRequestId, readOnlyReason } from '../models/mutation/mutation-model';

/**
 * The state every page-header change (scale, force deploy, stop task) keeps around
 * MutationConfirmDialog: whether it is open, the send in progress, core's refusal, and the
 * request id of the current intent. Each opening is a new intent (fresh id, no old error);
 * `onOpen` resets the dialog's own fields first. A success closes the dialog and says so.
 */
export function useMutationDialog(onOpen: () => void = () => {}) {
  const mutations = useMutationsStore();
  const { current } = storeToRefs(useSessionStore());
  const settings = useSettingsStore();
  const message = useMessage();

  const show = ref(false);
  const busy = ref(false);
  const error: Ref<ShownError | null> = ref(null);
  /** One id per intent: the same change sent twice (double Enter) is one change in core. */
  let requestId = newRequestId();

  const history = useHistoryStore();
  /** Why no change can be made now: a past moment is shown, or the open profile is read-only; null when one can. */
  const readOnly = computed(() => history.pastReason ?? readOnlyReason(current.value, settings.settings?.readOnlyProfiles));

  watch(show, (open) => {
    if (!open) return;
    onOpen();
    error.value = null;
    requestId = newRequestId();
  });

  /** A different value in the fields is a different intent: it gets its own id. */
  function newIntent(): void {
    requestId = newRequestId();
  }

  async function send<M extends MutationMethod>(method: M, args: Omit<ArgsOf<M>, 'requestId'>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    const result = await mutations.run(method, { ...args, requestId } as ArgsOf<M> & { requestId: string });
    busy.value = false;
    if (!result) return;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    show.value = false;
    message.success(result.outcome.message);
  }

  return { current, show, busy, error, readOnly, newIntent, send };
}
