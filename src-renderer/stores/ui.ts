import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { resolveTheme } from '../theme/resolve';
import { useSettingsStore } from './settings';

/**
 * The frame's own state: the bottom dock, the theme in force, and the hooks through which
 * the global "/" and "r" keys reach whatever view is on screen.
 */
export const useUiStore = defineStore('ui', () => {
  const dockOpen = ref(false);
  const osPrefersDark = ref(true);
  /** Focus functions of mounted views' filters; the newest is the view in front. */
  const filterTargets = ref<Array<() => void>>([]);
  const refreshHandlers = ref<Array<() => void>>([]);

  const theme = computed(() => resolveTheme(useSettingsStore().themePreference, osPrefersDark.value));

  /** Follows the OS's colour scheme; call once at start. */
  function watchOsTheme(): void {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    osPrefersDark.value = query.matches;
    query.addEventListener('change', (e) => (osPrefersDark.value = e.matches));
  }

  function toggleDock(): void {
    dockOpen.value = !dockOpen.value;
  }

  function focusFilter(): boolean {
    const focus = filterTargets.value.at(-1);
    focus?.();
    return !!focus;
  }

  function refreshNow(): void {
    for (const handler of refreshHandlers.value) handler();
  }

  return { dockOpen, osPrefersDark, theme, filterTargets, refreshHandlers, watchOsTheme, toggleDock, focusFilter, refreshNow };
});
