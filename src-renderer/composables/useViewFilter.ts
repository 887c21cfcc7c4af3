import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { useUiStore } from '../stores/ui';

type Focusable = { focus: () => void } | null | undefined;

/** Makes "/" focus this view's filter field while the view is mounted. */
export function useViewFilter(field: Ref<Focusable>): void {
  const ui = useUiStore();
  const focus = (): void => field.value?.focus();
  onMounted(() => ui.filterTargets.push(focus));
  onBeforeUnmount(() => {
    ui.filterTargets = ui.filterTargets.filter((f) => f !== focus);
  });
}
