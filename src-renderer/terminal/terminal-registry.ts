import type { Terminal } from '@xterm/xterm';
import type { SearchAddon } from '@xterm/addon-search';
import type { ThemeName } from '../theme/states';
import type { TerminalKeyIntent } from '../models/exec/terminal-keys';
import type { GridSize } from '../models/exec/terminal-size';

/**
 * One xterm per exec tab, living as long as the tab, not as long as a component: the dock can
 * be lowered (its components unmount) and raised again without losing the scrollback. A
 * component borrows the terminal's element with `mount` and gives it back with `unmount`;
 * output keeps arriving into the terminal in between.
 *
 * This module holds the tabs' terminals and imports xterm for its types only: the frame uses
 * it on every start, and xterm itself (terminal-host.ts) loads with the first shell.
 */

export interface TerminalWiring {
  /** Keystrokes and pastes for the shell. */
  input(data: string): void;
  /** The user pressed one of the terminal's own keys (search, font size, copy). */
  intent(intent: TerminalKeyIntent): void;
}

export interface TerminalLook {
  theme: ThemeName;
  fontSize: number;
}

export interface TerminalHandle {
  readonly term: Terminal;
  readonly search: SearchAddon;
  /** Puts the terminal into `container` (opening it the first time) and focuses it. */
  mount(container: HTMLElement): void;
  unmount(): void;
  /** Fits the grid to the container; null while the pane is hidden or not laid out. */
  fit(): GridSize | null;
  setLook(look: TerminalLook): void;
  write(data: string): void;
  /** Copies the selection to the clipboard; false when there is none or the clipboard refused. */
  copySelection(): Promise<boolean>;
  dispose(): void;
}

const handles = new Map<string, TerminalHandle>();

/** The tab's terminal, made by `create` the first time. */
export function terminalOfTab(tabId: string, create: () => TerminalHandle): TerminalHandle {
  let handle = handles.get(tabId);
  if (!handle) {
    handle = create();
    handles.set(tabId, handle);
  }
  return handle;
}

export function existingTerminal(tabId: string): TerminalHandle | null {
  return handles.get(tabId) ?? null;
}

export function disposeTerminal(tabId: string): void {
  handles.get(tabId)?.dispose();
  handles.delete(tabId);
}
