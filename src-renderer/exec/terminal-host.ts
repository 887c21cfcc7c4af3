import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
// Bundled from the package: the CSP allows no remote stylesheet.
import '@xterm/xterm/css/xterm.css';
import type { ThemeName } from '../theme/states';
import { FONT_MONO } from '../theme/tokens';
import { terminalKeyIntent, type TerminalKeyIntent } from './terminal-keys';
import { terminalTheme } from './terminal-theme';
import { usableGrid, type GridSize } from './terminal-size';

/**
 * One xterm per exec tab, living as long as the tab, not as long as a component: the dock can
 * be lowered (its components unmount) and raised again without losing the scrollback. A
 * component borrows the terminal's element with `mount` and gives it back with `unmount`;
 * output keeps arriving into the terminal in between.
 */

export interface TerminalWiring {
  /** Keystrokes and pastes for the shell. */
  input(data: string): void;
  /** The user pressed one of the terminal's own keys (search, font size, copy). */
  intent(intent: TerminalKeyIntent): void;
}

export interface TerminalHandle {
  readonly term: Terminal;
  readonly search: SearchAddon;
  /** Puts the terminal into `container` (opening it the first time) and focuses it. */
  mount(container: HTMLElement): void;
  unmount(): void;
  /** Fits the grid to the container; null while the pane is hidden or not laid out. */
  fit(): GridSize | null;
  setLook(look: { theme: ThemeName; fontSize: number }): void;
  write(data: string): void;
  /** Copies the selection to the clipboard; false when there is none or the clipboard refused. */
  copySelection(): Promise<boolean>;
  dispose(): void;
}

const handles = new Map<string, TerminalHandle>();

export function terminalFor(tabId: string, wiring: TerminalWiring, look: { theme: ThemeName; fontSize: number }): TerminalHandle {
  let handle = handles.get(tabId);
  if (!handle) {
    handle = createTerminal(wiring, look);
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

function createTerminal(wiring: TerminalWiring, look: { theme: ThemeName; fontSize: number }): TerminalHandle {
  const term = new Terminal({
    fontFamily: FONT_MONO,
    fontSize: look.fontSize,
    theme: terminalTheme(look.theme),
    cursorBlink: true,
    scrollback: 5000,
    // A shell in a container is a Unix tty: Enter sends CR, the pty turns it into NL.
    convertEol: false,
    allowProposedApi: false,
  });
  const fitAddon = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fitAddon);
  term.loadAddon(search);
  term.onData((data) => wiring.input(data));
  term.attachCustomKeyEventHandler((e) => {
    const intent = terminalKeyIntent(e);
    if (!intent) return true;
    // Paste: let the browser fire its paste event, which xterm turns into input (bracketed
    // paste and all). The rest are ours: the page must not zoom on Ctrl+= either.
    if (intent !== 'paste') e.preventDefault();
    if (e.type === 'keydown') wiring.intent(intent);
    return false;
  });

  // The terminal's own element: opened once, moved between containers afterwards.
  const host = document.createElement('div');
  host.className = 'wh-terminal-host';
  let opened = false;

  return {
    term,
    search,
    mount(container) {
      container.appendChild(host);
      if (!opened) {
        term.open(host);
        opened = true;
      }
      term.refresh(0, term.rows - 1);
    },
    unmount() {
      host.remove();
    },
    fit() {
      if (!opened || !host.isConnected) return null;
      const grid = usableGrid(fitAddon.proposeDimensions());
      if (!grid) return null;
      if (grid.cols !== term.cols || grid.rows !== term.rows) term.resize(grid.cols, grid.rows);
      return grid;
    },
    setLook(next) {
      term.options.theme = terminalTheme(next.theme);
      if (term.options.fontSize !== next.fontSize) term.options.fontSize = next.fontSize;
    },
    write(data) {
      term.write(data);
    },
    async copySelection() {
      const text = term.getSelection();
      if (!text) return false;
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    dispose() {
      host.remove();
      term.dispose();
    },
  };
}
