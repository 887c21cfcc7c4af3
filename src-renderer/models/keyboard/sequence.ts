/**
 * Matching keystrokes against bindings that may be sequences ("g p": g, then p). A binding's
 * keys are chords separated by spaces. The newest binding of a sequence wins, so a view or an
 * overlay can take a key over while it is open and give it back when it closes.
 */

export interface KeyBinding {
  /** Each entry is one way to trigger it: "?", "ctrl+k", "g p". */
  keys: readonly string[];
}

export type MatchResult<B> = { kind: 'run'; binding: B } | { kind: 'pending' } | { kind: 'none' };

/** Splits "g p" into ["g", "p"]; a lone "+" or "?" stays one chord. */
export function parseSequence(keys: string): string[] {
  return keys.trim().split(/\s+/);
}

/**
 * Finds what the typed chords mean. `typed` is the sequence so far (oldest first). An exact
 * match from the newest binding runs; a prefix of some longer sequence waits for the next key.
 */
export function matchSequence<B extends KeyBinding>(bindings: readonly B[], typed: readonly string[]): MatchResult<B> {
  let prefix = false;
  for (let i = bindings.length - 1; i >= 0; i--) {
    const binding = bindings[i]!;
    for (const keys of binding.keys) {
      const seq = parseSequence(keys);
      if (seq.length < typed.length) continue;
      const same = typed.every((chord, j) => seq[j] === chord);
      if (!same) continue;
      if (seq.length === typed.length) return { kind: 'run', binding };
      prefix = true;
    }
  }
  return prefix ? { kind: 'pending' } : { kind: 'none' };
}

/**
 * Keeps the chords typed so far and forgets them after `timeoutMs` without a key, so a stray
 * "g" does not swallow the next keystroke a minute later.
 */
export function createSequenceReader<B extends KeyBinding>(timeoutMs = 1200) {
  let typed: string[] = [];
  let lastAt = 0;
  return {
    feed(bindings: readonly B[], chord: string, now: number): MatchResult<B> {
      if (now - lastAt > timeoutMs) typed = [];
      lastAt = now;
      typed.push(chord);
      let result = matchSequence(bindings, typed);
      if (result.kind === 'none' && typed.length > 1) {
        // The sequence broke; the new key may start (or be) a binding of its own.
        typed = [chord];
        result = matchSequence(bindings, typed);
      }
      if (result.kind !== 'pending') typed = [];
      return result;
    },
    reset(): void {
      typed = [];
    },
  };
}
