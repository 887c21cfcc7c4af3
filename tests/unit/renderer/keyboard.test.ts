import { describe, expect, it } from 'vitest';
import { chordLabel, chordOf, isTypingTarget, paletteChord } from '../../../src-renderer/models/keyboard/keys';
import { createSequenceReader, matchSequence } from '../../../src-renderer/models/keyboard/sequence';
import { moveInList } from '../../../src-renderer/models/keyboard/list-nav';

describe('chordOf', () => {
  it('names printable keys by their character, Shift folded in', () => {
    expect(chordOf({ key: '?', shiftKey: true })).toBe('?');
    expect(chordOf({ key: ':', shiftKey: true })).toBe(':');
    expect(chordOf({ key: 'G', shiftKey: true })).toBe('G');
    expect(chordOf({ key: 'j' })).toBe('j');
  });

  it('writes Ctrl, Alt and Meta out, letters in lower case', () => {
    expect(chordOf({ key: 'k', ctrlKey: true })).toBe('ctrl+k');
    expect(chordOf({ key: 'K', ctrlKey: true, shiftKey: true })).toBe('ctrl+k');
    expect(chordOf({ key: 'k', metaKey: true })).toBe('meta+k');
    expect(chordOf({ key: 'ArrowDown', shiftKey: true })).toBe('shift+ArrowDown');
    expect(chordOf({ key: ' ' })).toBe('Space');
  });

  it('draws chords as keycaps', () => {
    expect(chordLabel('ctrl+k')).toEqual(['Ctrl', 'K']);
    expect(chordLabel('Escape')).toEqual(['Esc']);
    expect(chordLabel('g')).toEqual(['g']);
    expect(chordLabel('+')).toEqual(['+']);
  });
});

describe('isTypingTarget', () => {
  it('knows fields from the rest', () => {
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'textarea' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', getAttribute: (n) => (n === 'role' ? 'textbox' : null) })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('key sequences', () => {
  const help = { keys: ['?'], id: 'help' };
  const goProblems = { keys: ['g p'], id: 'go-problems' };
  const goSettings = { keys: ['g s'], id: 'go-settings' };
  const last = { keys: ['G', 'End'], id: 'last' };
  const bindings = [help, goProblems, goSettings, last];

  it('runs single keys and waits on a sequence prefix', () => {
    expect(matchSequence(bindings, ['?'])).toEqual({ kind: 'run', binding: help });
    expect(matchSequence(bindings, ['g'])).toEqual({ kind: 'pending' });
    expect(matchSequence(bindings, ['g', 's'])).toEqual({ kind: 'run', binding: goSettings });
    expect(matchSequence(bindings, ['x'])).toEqual({ kind: 'none' });
  });

  it('lets the newest binding of a key win', () => {
    const viewHelp = { keys: ['?'], id: 'view-help' };
    expect(matchSequence([...bindings, viewHelp], ['?'])).toEqual({ kind: 'run', binding: viewHelp });
  });

  it('reads "g" then "p" as one sequence, and forgets a stale prefix', () => {
    const reader = createSequenceReader<(typeof bindings)[number]>(1000);
    expect(reader.feed(bindings, 'g', 0).kind).toBe('pending');
    expect(reader.feed(bindings, 'p', 300)).toEqual({ kind: 'run', binding: goProblems });
    expect(reader.feed(bindings, 'g', 1000).kind).toBe('pending');
    // Five seconds later the "g" is forgotten: "p" alone means nothing.
    expect(reader.feed(bindings, 'p', 6000).kind).toBe('none');
  });

  it('lets a key that breaks a sequence act on its own', () => {
    const reader = createSequenceReader<(typeof bindings)[number]>(1000);
    reader.feed(bindings, 'g', 0);
    expect(reader.feed(bindings, '?', 100)).toEqual({ kind: 'run', binding: help });
  });
});

describe('moveInList', () => {
  it('moves down and up within bounds', () => {
    expect(moveInList(-1, 'j', 5)).toEqual({ kind: 'move', index: 0 });
    expect(moveInList(0, 'ArrowDown', 5)).toEqual({ kind: 'move', index: 1 });
    expect(moveInList(4, 'j', 5)).toEqual({ kind: 'move', index: 4 });
    expect(moveInList(0, 'k', 5)).toEqual({ kind: 'move', index: 0 });
    expect(moveInList(3, 'ArrowUp', 5)).toEqual({ kind: 'move', index: 2 });
  });

  it('jumps by pages and to the ends', () => {
    expect(moveInList(0, 'PageDown', 100, 20)).toEqual({ kind: 'move', index: 20 });
    expect(moveInList(95, 'PageDown', 100, 20)).toEqual({ kind: 'move', index: 99 });
    expect(moveInList(10, 'PageUp', 100, 20)).toEqual({ kind: 'move', index: 0 });
    expect(moveInList(10, 'Home', 100)).toEqual({ kind: 'move', index: 0 });
    expect(moveInList(10, 'G', 100)).toEqual({ kind: 'move', index: 99 });
  });

  it('opens the selected row, and ignores Enter with nothing selected or an empty list', () => {
    expect(moveInList(3, 'Enter', 5)).toEqual({ kind: 'open', index: 3 });
    expect(moveInList(-1, 'Enter', 5)).toEqual({ kind: 'ignore' });
    expect(moveInList(0, 'j', 0)).toEqual({ kind: 'ignore' });
  });

  it('keeps a selection past the end of a shrunken list in range', () => {
    expect(moveInList(9, 'k', 5)).toEqual({ kind: 'move', index: 3 });
    expect(moveInList(9, 'Enter', 5)).toEqual({ kind: 'open', index: 4 });
  });
});

describe('paletteChord', () => {
  it('is Cmd+K on a Mac and Ctrl+K elsewhere', () => {
    expect(paletteChord('MacIntel')).toBe('meta+k');
    expect(paletteChord('Linux x86_64')).toBe('ctrl+k');
    expect(paletteChord('Win32')).toBe('ctrl+k');
  });
});
