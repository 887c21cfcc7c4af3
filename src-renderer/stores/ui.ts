import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { resolveTheme } from '../theme/resolve';
import { useSettingsStore } from './settings';
import type { DockKind } from '../models/frame/dock-front';

export const DOCK_HEIGHT_DEFAULT = 260;
const DOCK_HEIGHT_MIN = 120;
const windowHeight = (): number => (typeof window === 'undefined' ? 800 : window.innerHeight || 800);

/**
 * The frame's own state: the bottom dock, the theme in force, and the hooks through which
 * the global "/" and "r" keys reach whatever view is on screen.
 */
export const useUiStore = defineStore('ui', () => {
  const dockOpen = ref(false);
  /** The dock's height in px: dragged by its top edge, or raised/lowered with its button. */
  const dockHeight = ref(DOCK_HEIGHT_DEFAULT);
  /** The kind of dock tab (shell or log tail) the user opened or picked last: it is in front. */
  const dockFront = ref<DockKind>('exec');
  const osPrefersDark = ref(true);
  /** The About dialog (the Wharf name in the header, or "About Wharf" in the jump box). */
  const aboutOpen = ref(false);
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

  /** Opens the dock with a tab of this kind in front. */
  function showInDock(kind: DockKind): void {
    dockFront.value = kind;
    dockOpen.value = true;
  }

  function setDockHeight(px: number): void {
    const max = Math.max(DOCK_HEIGHT_MIN, windowHeight() - 160);
    dockHeight.value = Math.round(Math.min(max, Math.max(DOCK_HEIGHT_MIN, px)));
  }

  /** Raise: most of the window; lower: back to the default. */
  function toggleDockRaised(): void {
    const raised = dockHeight.value > DOCK_HEIGHT_DEFAULT;
    setDockHeight(raised ? DOCK_HEIGHT_DEFAULT : windowHeight() * 0.65);
  }

  function focusFilter(): boolean {
    const focus = filterTargets.value.at(-1);
    focus?.();
    return !!focus;
  }

  function refreshNow(): void {
    for (const handler of refreshHandlers.value) handler();
  }

  return { aboutOpen, dockOpen, dockHeight, dockFront, showInDock, setDockHeight, toggleDockRaised, osPrefersDark, theme, filterTargets, refreshHandlers, watchOsTheme, toggleDock, focusFilter, refreshNow };
});
