/**
 * The audit view's pure logic: how an entry is named on screen (action in words, target by
 * short name, result as symbol + word), how pages and live appends merge into one newest-first
 * list without doubles, and what the "/" filter matches. No Vue here, so it is unit-tested.
 */
import type { AuditEntry, AuditResult } from '@contract/domains/audit';
import { parseArn } from '@contract/arn';
import type { HealthState } from '../../theme/states';

/** How many entries one page asks core for. */
export const AUDIT_PAGE_SIZE = 100;

// ---------------------------------------------------------------------------------------------
// Identity and merging

/**
 * An entry has no id, so its identity is its content: two appends are never byte-identical
 * in practice (time in ms plus action, target and result), and a page that overlaps the
 * list (see `olderPageCursor`) must not show an entry twice.
 */
export function auditKey(e: AuditEntry): string {
  return `${e.time}|${e.profile}|${e.region ?? ''}|${e.action}|${e.target}|${e.result}|${e.error ?? ''}`;
}

/** Newest first; among equal times the order core gave is kept (sort is stable). */
export function mergeEntries(existing: readonly AuditEntry[], incoming: readonly AuditEntry[]): AuditEntry[] {
  if (incoming.length === 0) return existing as AuditEntry[];
  const seen = new Set(existing.map(auditKey));
  const fresh = incoming.filter((e) => {
    const key = auditKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) return existing as AuditEntry[];
  return [...fresh, ...existing].sort((a, b) => b.time - a.time);
}

/**
 * The `before` cursor for the next older page. `audit.list` pages by time (strictly older
 * than `before`), so asking with the oldest shown time would skip entries that share that
 * millisecond but did not fit the last page. Asking one ms later overlaps by those entries,
 * and `mergeEntries` drops the ones already shown. When a full page brought nothing new (more
 * entries in one ms than a page holds), step past that millisecond instead of asking forever.
 */
export function olderPageCursor(entries: readonly AuditEntry[], lastPageAddedNothing = false): number | undefined {
  if (entries.length === 0) return undefined;
  const oldest = entries[entries.length - 1].time;
  return lastPageAddedNothing ? oldest : oldest + 1;
}

// ---------------------------------------------------------------------------------------------
// Words on screen

export interface ResultStyle {
  word: string;
  symbol: string;
  /** Which of the app's five state colours it wears. */
  state: HealthState;
}

export const RESULT_STYLES: Record<AuditResult, ResultStyle> = {
  ok: { word: 'ok', symbol: '✓', state: 'healthy' },
  error: { word: 'error', symbol: '✕', state: 'failed' },
  refused: { word: 'refused', symbol: '⊘', state: 'degraded' },
};

const ACTION_WORDS: Record<string, string> = {
  'rollback.image': 'Roll back image',
  'rollback.revision': 'Roll back revision',
  'rollback.stopDeployment': 'Stop deployment (roll back)',
  scale: 'Scale',
  forceDeployment: 'Force new deployment',
  stopTask: 'Stop task',
  stopDeployment: 'Stop deployment',
  'deployment.continue': 'Approve paused deployment',
  'deployment.rollback': 'Roll back paused deployment',
  'deployment.stop': 'Stop deployment (roll back)',
  'deployment.abort': 'Stop deployment (abort)',
  'exec.open': 'Open shell',
  'exec.close': 'Close shell',
  'settings.update': 'Change settings',
  'settings.resolve': 'Resolve damaged settings',
};

/** The action in words; an action this build does not know reads as core named it. */
export function actionLabel(action: string): string {
  return ACTION_WORDS[action] ?? action;
}

/**
 * The change in a few characters beside the action, when before and after say it plainly:
 * `4 → 3` for a scale, `v3.8.0 → v3.7.0` for a rollback. Null when there is nothing to say
 * (a refusal has no after; a forced deployment changes no setting).
 */
export function changeSummary(e: AuditEntry): string | null {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  if (!before || !after) return null;
  if (e.action === 'scale' && typeof before.desiredCount === 'number' && typeof after.desiredCount === 'number') {
    return `${before.desiredCount} → ${after.desiredCount}`;
  }
  if (e.action.startsWith('rollback.') && typeof before.from === 'string' && typeof after.to === 'string') return `${before.from} → ${after.to}`;
  if (e.action === 'settings.update') {
    const keys = Object.keys(after);
    if (keys.length === 1) return `${keys[0]}: ${settingWords(before[keys[0]])} → ${settingWords(after[keys[0]])}`;
  }
  return null;
}

/** A setting's value in a few words: `on`, `eu-west-1, us-east-2`, `none`. */
function settingWords(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  return String(v);
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export interface TargetLabel {
  /** What a person reads first: `checkout`, `task 3f2a9c1e`, `app in 3f2a9c1e`. */
  name: string;
  /** Where it is: the cluster, when known. */
  context: string | null;
  /** The full target, for the hover and for copying. */
  full: string;
}

const shortId = (id: string): string => (id.length > 8 ? id.slice(0, 8) : id);

/**
 * A target as core wrote it: a service, task or service-deployment ARN, an exec target
 * (`<task ARN>/<container>`), a task definition ARN, or `cluster/service`.
 */
export function targetLabel(target: string): TargetLabel {
  const parsed = parseArn(target);
  if (!parsed) {
    const [first, ...rest] = target.split('/');
    return rest.length ? { name: rest.join('/'), context: first, full: target } : { name: target, context: null, full: target };
  }
  const parts = parsed.resource.split('/');
  switch (parsed.resourceType) {
    case 'service':
      // New format `cluster/service`; the old format has the service alone.
      return parts.length >= 2 ? { name: parts[1], context: parts[0], full: target } : { name: parts[0], context: null, full: target };
    case 'task':
      if (parts.length >= 3) return { name: `${parts[2]} in ${shortId(parts[1])}`, context: parts[0], full: target };
      return parts.length === 2 ? { name: `task ${shortId(parts[1])}`, context: parts[0], full: target } : { name: `task ${shortId(parts[0])}`, context: null, full: target };
    case 'service-deployment':
      return { name: `deployment of ${parts[1] ?? '?'}`, context: parts[0] ?? null, full: target };
    case 'cluster':
      return { name: parsed.resource, context: null, full: target };
    default:
      return { name: parts[parts.length - 1] || parsed.resource, context: null, full: target };
  }
}

/** Pretty JSON for the before/after panes; nothing recorded reads as null, not as a blank. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}

/** Whether a side has anything to show (core writes null for "nothing", e.g. after a refusal). */
export function isEmptySide(value: unknown): boolean {
  return value === null || value === undefined;
}

// ---------------------------------------------------------------------------------------------
// The "/" filter

const FIELDS = ['action', 'target', 'profile', 'result'] as const;
const RESULTS: readonly AuditResult[] = ['ok', 'error', 'refused'];
type Field = (typeof FIELDS)[number];

function fieldTexts(e: AuditEntry): Record<Field, string> {
  const t = targetLabel(e.target);
  return {
    action: `${e.action} ${actionLabel(e.action)}`.toLowerCase(),
    target: `${e.target} ${t.name} ${t.context ?? ''}`.toLowerCase(),
    profile: `${e.profile} ${e.accountId ?? ''} ${e.region ?? ''}`.toLowerCase(),
    result: e.result,
  };
}

/**
 * Every word of the query must match. A bare word matches action (key or words), target (ARN,
 * short name, cluster), profile (name, account, region) or result; `field:word` looks in one
 * field only (`result:refused`, `action:scale`, `profile:prod`, `target:checkout`). A bare
 * result word (`ok`, `error`, `refused`) means the result, so `ok` does not also find a
 * service named "hooks".
 */
export function filterEntries(entries: readonly AuditEntry[], query: string): AuditEntry[] {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return entries as AuditEntry[];
  return entries.filter((e) => {
    const texts = fieldTexts(e);
    return terms.every((term) => termMatches(texts, term));
  });
}

function termMatches(texts: Record<Field, string>, term: string): boolean {
  const colon = term.indexOf(':');
  const field = colon > 0 ? (term.slice(0, colon) as Field) : null;
  if (field && (FIELDS as readonly string[]).includes(field)) {
    const word = term.slice(colon + 1);
    if (!word) return true;
    return field === 'result' ? texts.result.startsWith(word) : texts[field].includes(word);
  }
  if ((RESULTS as readonly string[]).includes(term)) return texts.result === term;
  return texts.action.includes(term) || texts.target.includes(term) || texts.profile.includes(term);
}

/** Counts by result, for the header line ("3 ok · 1 refused"). */
export function resultCounts(entries: readonly AuditEntry[]): string {
  const counts: Record<AuditResult, number> = { ok: 0, error: 0, refused: 0 };
  for (const e of entries) counts[e.result] += 1;
  return (['ok', 'error', 'refused'] as const)
    .filter((r) => counts[r] > 0)
    .map((r) => `${counts[r]} ${r}`)
    .join(' · ');
}

/**
 * Every ARN an entry names (its target, then those in before and after), each once and in
 * full: the detail lists them whole for a ticket, where the table shows short names.
 */
export function arnsOf(e: Pick<AuditEntry, 'target' | 'before' | 'after'>): string[] {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 6 || out.size >= 20) return;
    if (typeof v === 'string') {
      for (const m of v.matchAll(/arn:aws[a-z-]*:[^\s"',]+/g)) out.add(m[0]);
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const x of Object.values(v)) visit(x, depth + 1);
    }
  };
  visit(e.target, 0);
  visit(e.before, 0);
  visit(e.after, 0);
  return [...out];
}
