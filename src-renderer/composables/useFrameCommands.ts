import { onBeforeUnmount } from 'vue';
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router';
import { paletteChord } from '../models/keyboard/keys';
import { usePaletteStore, type PaletteItem } from '../stores/palette';
import { useSessionStore } from '../stores/session';
import { useSettingsStore } from '../stores/settings';
import { useShortcutStore, type Shortcut } from '../stores/shortcuts';
import { useStatusStore } from '../stores/status';
import { useUiStore } from '../stores/ui';

/**
 * The frame's own shortcuts and jump-box entries: the top-level views, refresh, help, the
 * dock, themes, and every profile and region. Views add their own while mounted.
 */
export function useFrameCommands(): void {
  const router = useRouter();
  const route = useRoute();
  const shortcuts = useShortcutStore();
  const palette = usePaletteStore();
  const ui = useUiStore();
  const session = useSessionStore();
  const settings = useSettingsStore();
  const status = useStatusStore();

  const go = (to: RouteLocationRaw) => () => void router.push(to);

  function refreshNow(): void {
    ui.refreshNow();
    void status.refresh();
  }

  /** One overlay at a time: the jump box replaces the shortcut list. */
  function openPalette(): void {
    shortcuts.overlayOpen = false;
    palette.open();
  }

  /** Esc: close what is open, else go up from a detail page to its list. */
  function escape(): void {
    if (palette.isOpen) return palette.close();
    if (shortcuts.overlayOpen) return void (shortcuts.overlayOpen = false);
    if (ui.aboutOpen) return void (ui.aboutOpen = false);
    const parent = route.meta.parent;
    if (parent) void router.push({ name: parent, params: route.params });
  }

  const views: Array<[string, string, string]> = [
    ['problems', 'Problems', 'g p'],
    ['overview', 'All clusters', 'g o'],
    ['registry', 'Registry', 'g r'],
    ['audit', 'Audit log', 'g a'],
    ['settings', 'Settings', 'g s'],
  ];

  const bindings: Shortcut[] = [
    { id: 'help', keys: ['?'], description: 'Show keyboard shortcuts', group: 'General', run: () => (shortcuts.overlayOpen = !shortcuts.overlayOpen) },
    { id: 'palette', keys: [':', paletteChord(navigator.platform)], description: 'Jump to anything', group: 'General', inInputs: true, run: openPalette },
    { id: 'filter', keys: ['/'], description: 'Filter the current list', group: 'General', run: () => void ui.focusFilter() },
    { id: 'refresh', keys: ['r'], description: 'Refresh now', group: 'General', run: refreshNow },
    { id: 'escape', keys: ['Escape'], description: 'Close, or go back to the list', group: 'General', run: escape },
    { id: 'dock', keys: ['ctrl+j'], description: 'Show or hide exec & logs', group: 'General', inInputs: true, run: () => ui.toggleDock() },
    ...views.map(([name, title, keys]): Shortcut => ({ id: `go.${name}`, keys: [keys], description: title, group: 'Go to', run: go({ name }) })),
  ];

  const actions: PaletteItem[] = [
    ...views.map(([name, title, keys]): PaletteItem => ({ id: `view.${name}`, label: title, kind: 'view', keys, run: go({ name }) })),
    { id: 'action.refresh', label: 'Refresh now', kind: 'action', keys: 'r', run: refreshNow },
    { id: 'action.shortcuts', label: 'Show keyboard shortcuts', kind: 'action', keys: '?', run: () => void (shortcuts.overlayOpen = true) },
    { id: 'action.dock', label: 'Show or hide exec & logs', kind: 'action', keys: 'ctrl+j', run: () => ui.toggleDock() },
    { id: 'action.about', label: 'About Wharf', kind: 'action', run: () => void (ui.aboutOpen = true) },
    { id: 'action.theme.system', label: 'Theme: follow the system', kind: 'action', run: () => void settings.update({ theme: 'system' }) },
    { id: 'action.theme.dark', label: 'Theme: dark', kind: 'action', run: () => void settings.update({ theme: 'dark' }) },
    { id: 'action.theme.light', label: 'Theme: light', kind: 'action', run: () => void settings.update({ theme: 'light' }) },
  ];

  const profiles = (): PaletteItem[] =>
    session.profiles.map((p) => ({
      id: `profile.${p.name}`,
      label: `Open profile ${p.name}`,
      kind: 'profile',
      hint: p.region ?? undefined,
      run: () => void session.open(p.name),
    }));

  /** Marking the open profile as production turns the frame red (a setting main keeps). */
  const production = (): PaletteItem[] => {
    const profile = session.current?.profile;
    const marked = settings.settings?.productionProfiles;
    if (!profile || !marked || session.current?.production) return [];
    const isMarked = marked.includes(profile);
    return [
      {
        id: 'action.production',
        label: isMarked ? `Unmark ${profile} as production` : `Mark ${profile} as production (red frame)`,
        kind: 'action',
        run: () => void settings.update({ productionProfiles: isMarked ? marked.filter((p) => p !== profile) : [...marked, profile] }),
      },
    ];
  };

  const regions = (): PaletteItem[] =>
    session.current
      ? session.regionOptions
          .filter((r) => r !== session.current?.region)
          .map((r) => ({ id: `region.${r}`, label: `Switch region to ${r}`, kind: 'region', run: () => void session.switchRegion(r) }))
      : [];

  const disposers = [shortcuts.register(...bindings), palette.register(actions), palette.register(production), palette.register(profiles), palette.register(regions)];
  onBeforeUnmount(() => disposers.forEach((d) => d()));
}
