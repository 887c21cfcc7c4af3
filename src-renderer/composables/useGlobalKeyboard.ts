import { onBeforeUnmount, onMounted } from 'vue';
import { chordOf, isModifierOnly, isTypingTarget } from '../models/keyboard/keys';
import { createSequenceReader } from '../models/keyboard/sequence';
import { useShortcutStore, type Shortcut } from '../stores/shortcuts';

/**
 * The one keydown listener: turns keystrokes into chords, matches them (with sequences like
 * "g p") against the registered shortcuts, and runs the binding in force. Keys typed into a
 * field stay there, except Esc, which leaves the field, and Ctrl/Meta chords marked inInputs.
 */
export function useGlobalKeyboard(): void {
  const store = useShortcutStore();
  const reader = createSequenceReader<Shortcut>();

  function onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.isComposing || isModifierOnly(e)) return;
    const chord = chordOf(e);
    const target = e.target as HTMLElement | null;
    // Esc in an open dialog closes the dialog (its own handler), and only that: never also
    // "back to the list" underneath it.
    if (chord === 'Escape' && (target?.closest('[role="dialog"], .n-modal') || document.querySelector('.n-modal'))) return;
    if (isTypingTarget(target)) {
      if (chord === 'Escape' && target && !target.closest('[role="dialog"], .n-modal')) {
        target.blur();
        return;
      }
      const candidates = store.bindings.filter((b) => b.inInputs);
      const match = reader.feed(candidates, chord, Date.now());
      if (match.kind === 'run') run(e, match.binding);
      return;
    }
    const match = reader.feed(store.bindings, chord, Date.now());
    if (match.kind === 'run') run(e, match.binding);
    else if (match.kind === 'pending') e.preventDefault();
  }

  function run(e: KeyboardEvent, binding: Shortcut): void {
    e.preventDefault();
    binding.run();
  }

  onMounted(() => window.addEventListener('keydown', onKeyDown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeyDown));
}
