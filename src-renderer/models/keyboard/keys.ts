/**
 * Key handling without the DOM: what a keystroke is called ("ctrl+k", "?", "g", "Escape"),
 * whether it was typed into a field, and how chords form sequences ("g p"). The shortcut
 * store and the list composable build on these; tests drive them with plain objects.
 */

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
}

/**
 * The name of one keystroke. A printable character is its own name, so Shift is folded into
 * it ("?", ":", "G"); Ctrl, Alt and Meta are written out in that order ("ctrl+k", "meta+k").
 * The space bar is "Space" so that sequences can be written with spaces between chords.
 */
export function chordOf(e: KeyLike): string {
  const key = e.key === ' ' ? 'Space' : e.key;
  const printable = key.length === 1;
  const mods: string[] = [];
  if (e.ctrlKey) mods.push('ctrl');
  if (e.altKey) mods.push('alt');
  if (e.metaKey) mods.push('meta');
  if (e.shiftKey && !printable) mods.push('shift');
  // With a modifier, letters are named in lower case: Ctrl+Shift+K and Ctrl+K differ by "shift".
  const name = mods.length && printable ? key.toLowerCase() : key;
  return [...mods, name].join('+');
}

/** Modifier keys pressed alone start nothing. */
export function isModifierOnly(e: KeyLike): boolean {
  return e.key === 'Shift' || e.key === 'Control' || e.key === 'Alt' || e.key === 'Meta' || e.key === 'CapsLock';
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * True when a keystroke belongs to a field the user is typing in (inputs, text areas,
 * contenteditable, and xterm's hidden textarea). Shortcuts leave those alone.
 */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (target.tagName && TYPING_TAGS.has(target.tagName.toUpperCase())) return true;
  return target.getAttribute?.('role') === 'textbox';
}

/** How a chord is drawn in the shortcut overlay: "ctrl+k" → ["Ctrl", "K"]. */
export function chordLabel(chord: string): string[] {
  if (chord === '+') return ['+'];
  const parts = chord.split('+');
  // A letter alone is shown as typed ("g", "G"); in a combination, as printed on the key.
  return parts.map((part) => KEY_LABELS[part] ?? (parts.length > 1 ? part.toUpperCase() : part));
}

const KEY_LABELS: Record<string, string> = {
  ctrl: 'Ctrl',
  alt: 'Alt',
  meta: '⌘',
  shift: 'Shift',
  Escape: 'Esc',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Enter: 'Enter',
  Space: 'Space',
  Home: 'Home',
  End: 'End',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
};

/** Cmd on a Mac, Ctrl elsewhere: the jump box's chord, and the only one the overlay lists. */
export function paletteChord(platform: string): 'meta+k' | 'ctrl+k' {
  return /Mac|iPhone|iPad/.test(platform) ? 'meta+k' : 'ctrl+k';
}
