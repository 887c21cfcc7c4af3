import type { Settings } from './domains/app';

/**
 * The settings that guard against mistakes: read-only marks (Wharf refuses changes through
 * those profiles), production marks (the red frame), and whether exec is allowed on a
 * read-only profile. Lowering one of them is confirmed like a mutation — the user types the
 * profile's name, or `allow exec` — so neither a stray click nor a hand-made call over the
 * socket turns a refused change into an allowed one. Raising them needs no confirmation.
 * Pure: core enforces it, the Settings view asks with it.
 */
export type SafetyChange =
  | { kind: 'read-only-removed'; profile: string }
  | { kind: 'production-removed'; profile: string }
  | { kind: 'exec-on-read-only' };

export const ALLOW_EXEC_CONFIRMATION = 'allow exec';

/** The safety settings `patch` would lower, compared with `current`. */
export function safetyChanges(current: Settings, patch: Partial<Settings>): SafetyChange[] {
  const out: SafetyChange[] = [];
  if (patch.readOnlyProfiles) {
    for (const profile of current.readOnlyProfiles) if (!patch.readOnlyProfiles.includes(profile)) out.push({ kind: 'read-only-removed', profile });
  }
  if (patch.productionProfiles) {
    for (const profile of current.productionProfiles) if (!patch.productionProfiles.includes(profile)) out.push({ kind: 'production-removed', profile });
  }
  if (patch.allowExecOnReadOnly === true && !current.allowExecOnReadOnly) out.push({ kind: 'exec-on-read-only' });
  return out;
}

/** What the user must type to confirm these changes, or null when none needs it. */
export function safetyConfirmation(changes: readonly SafetyChange[]): string | null {
  if (changes.length === 0) return null;
  const words = changes.map((c) => (c.kind === 'exec-on-read-only' ? ALLOW_EXEC_CONFIRMATION : c.profile));
  return [...new Set(words)].join(', ');
}

/** One sentence per change, for the confirmation dialog and the refusal. */
export function safetySentence(change: SafetyChange): string {
  switch (change.kind) {
    case 'read-only-removed':
      return `${change.profile} is no longer read-only: Wharf will make changes through it when asked.`;
    case 'production-removed':
      return `${change.profile} is no longer marked production: its window loses the red frame.`;
    case 'exec-on-read-only':
      return 'Exec shells open on read-only profiles: a shell can change anything the container can reach.';
  }
}
