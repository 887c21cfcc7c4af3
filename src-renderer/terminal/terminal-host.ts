import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
// Bundled from the package: the CSP allows no remote stylesheet.
import '@xterm/xterm/css/xterm.css';
import { FONT_MONO } from '../theme/tokens';
import { terminalKeyIntent } from '../models/exec/terminal-keys';
import { terminalTheme } from './terminal-theme';
import { usableGrid } from '../models/exec/terminal-size';
import { terminalOfTab, type TerminalHandle, type TerminalLook, type TerminalWiring } from './terminal-registry';

/** The xterm of an exec tab (see terminal-registry.ts for why it outlives components). */
export function terminalFor(tabId: string, wiring: TerminalWiring, look: TerminalLook): TerminalHandle {
  return terminalOfTab(tabId, () => createTerminal(wiring, look));
}

function createTerminal(wiring: TerminalWiring, look: TerminalLook): TerminalHandle {
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
