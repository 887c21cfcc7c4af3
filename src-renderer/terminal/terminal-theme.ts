import type { ITheme } from '@xterm/xterm';
import { FRAME_COLOURS } from '../theme/tokens';
import type { ThemeName } from '../theme/states';

/**
 * The terminal's colours follow the app's theme: the frame's background, text and accent
 * (selection, cursor), and an ANSI palette readable on each background. Type-only import of
 * xterm, so this stays a pure function.
 */

const ANSI: Record<ThemeName, Omit<ITheme, 'background' | 'foreground' | 'cursor' | 'cursorAccent' | 'selectionBackground'>> = {
  dark: {
    black: '#2b313a', red: '#f0716a', green: '#5fc27e', yellow: '#e3b55b', blue: '#6fa8f5', magenta: '#c198f0', cyan: '#5ac4cf', white: '#d6dbe1',
    brightBlack: '#6b7480', brightRed: '#ff8f88', brightGreen: '#7fdc9b', brightYellow: '#f5cd7a', brightBlue: '#93c0ff', brightMagenta: '#d6b5ff', brightCyan: '#7fdbe4', brightWhite: '#ffffff',
  },
  light: {
    black: '#1f2328', red: '#c8221b', green: '#1a7f37', yellow: '#9a6700', blue: '#0b5cd5', magenta: '#8250df', cyan: '#0f7b8a', white: '#d9dde3',
    brightBlack: '#57606a', brightRed: '#e0433b', brightGreen: '#2da44e', brightYellow: '#bf8700', brightBlue: '#218bff', brightMagenta: '#a475f9', brightCyan: '#1b9aaa', brightWhite: '#8a939d',
  },
};

export function terminalTheme(theme: ThemeName): ITheme {
  const c = FRAME_COLOURS[theme];
  return {
    background: c.bg,
    foreground: c.text,
    cursor: c.accent,
    cursorAccent: c.bg,
    selectionBackground: theme === 'dark' ? '#4a3f7a' : '#cfc4f5',
    ...ANSI[theme],
  };
}
