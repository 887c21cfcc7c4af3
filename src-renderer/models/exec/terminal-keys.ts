/**
 * The terminal's own keys, decided before xterm sees them. Everything else goes to the shell
 * (Ctrl+C, Ctrl+K and Esc mean what they mean in a shell), so only Ctrl+Shift chords and the
 * font-size chords are taken.
 */

export type TerminalKeyIntent = 'copy' | 'paste' | 'search' | 'font-bigger' | 'font-smaller' | 'font-reset';

export interface TerminalKey {
  type: string;
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

export function terminalKeyIntent(e: TerminalKey): TerminalKeyIntent | null {
  if (e.type !== 'keydown' || e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  if (!mod) return null;
  const key = e.key.toLowerCase();
  if (e.shiftKey) {
    if (key === 'c') return 'copy';
    if (key === 'v') return 'paste';
    if (key === 'f') return 'search';
    if (key === '+') return 'font-bigger'; // Ctrl+Shift+= on US layouts
    if (key === '_') return 'font-smaller';
    return null;
  }
  if (key === '=' || key === '+') return 'font-bigger';
  if (key === '-') return 'font-smaller';
  if (key === '0') return 'font-reset';
  return null;
}
