import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { LogLine, LogScope, LogSource } from '@contract/domains/logs';
import type { WharfApi } from '../api';
import { storeApi } from './api-context';
import { toShownError, type ShownError } from './shown-error';
import { useUiStore } from './ui';

/**
 * Container logs on screen: one LogSession per panel (the task page, a service, a dock tail).
 * Lines live in a plain array behind a version counter, not deep-reactive: 100,000 lines
 * made reactive would cost more than drawing them. Follow polls `logs.follow` at a pace that
 * slows while nothing arrives and stops while the window is hidden.
 */

/** What part of the logs is shown. */
export type LogRange =
  | { kind: 'latest' }
  | { kind: 'around'; at: number; beforeMs: number; afterMs: number }
  | { kind: 'between'; start: number; end: number };

export const MAX_LINES = 200_000;
export const FOLLOW_PACE_MS = [2_000, 2_000, 4_000, 8_000, 15_000];
const READ_LIMIT = 5_000;

export interface LogSession {
  readonly key: string;
  readonly scope: LogScope;
  /** The loaded lines, oldest first (read `version` to depend on them). */
  readonly lines: LogLine[];
  readonly version: Ref<number>;
  readonly sources: ShallowRef<LogSource[]>;
  readonly loading: Ref<boolean>;
  readonly error: ShallowRef<ShownError | null>;
  /** Why there are no lines, in words (from core). */
  readonly empty: Ref<string | null>;
  readonly truncated: Ref<boolean>;
  readonly pattern: Ref<string>;
  readonly range: ShallowRef<LogRange>;
  readonly following: Ref<boolean>;
  load(): Promise<void>;
  search(pattern: string): Promise<void>;
  setRange(range: LogRange): Promise<void>;
  setFollowing(on: boolean): void;
  /** The loaded lines as text, one per line, with ISO times. */
  asText(): string;
  dispose(): void;
}

export interface SessionTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  hidden(): boolean;
}

const browserTimers: SessionTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  hidden: () => typeof document !== 'undefined' && document.hidden,
};

export function createLogSession(api: WharfApi, scope: LogScope, timers: SessionTimers = browserTimers): LogSession {
  const lines: LogLine[] = markRaw([]);
  const version = ref(0);
  const sources = shallowRef<LogSource[]>([]);
  const loading = ref(false);
  const error = shallowRef<ShownError | null>(null);
  const empty = ref<string | null>(null);
  const truncated = ref(false);
  const pattern = ref('');
  const range = shallowRef<LogRange>({ kind: 'latest' });
  const following = ref(false);
  let cursor: string | null = null;
  let generation = 0;
  let timer: unknown = null;
  let quietPolls = 0;
  let disposed = false;

  function replace(next: LogLine[]): void {
    lines.length = 0;
    for (let i = 0; i < next.length; i += 10_000) lines.push(...next.slice(i, i + 10_000));
    version.value++;
  }

  function append(more: LogLine[]): void {
    if (!more.length) return;
    for (let i = 0; i < more.length; i += 10_000) lines.push(...more.slice(i, i + 10_000));
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
    empty.value = null;
    version.value++;
  }

  function timesOf(r: LogRange): { startTime?: number; endTime?: number } {
    if (r.kind === 'around') return { startTime: Math.max(0, Math.round(r.at - r.beforeMs)), endTime: Math.round(r.at + r.afterMs) };
    if (r.kind === 'between') return { startTime: Math.round(r.start), endTime: Math.round(r.end) };
    return {};
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    stopTimer();
    loading.value = true;
    try {
      const result = await api.call('logs.read', { scope, ...timesOf(range.value), ...(pattern.value ? { pattern: pattern.value } : {}), limit: READ_LIMIT });
      if (mine !== generation) return;
      sources.value = result.sources;
      replace(result.lines);
      truncated.value = result.truncated;
      empty.value = result.empty;
      cursor = result.cursor;
      error.value = null;
    } catch (err) {
      if (mine === generation) error.value = toShownError(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
    if (mine === generation && following.value) schedule(0);
  }

  async function poll(): Promise<void> {
    timer = null;
    if (disposed || !following.value || !cursor) return;
    if (timers.hidden()) return schedule(FOLLOW_PACE_MS.at(-1)!);
    const mine = generation;
    try {
      const result = await api.call('logs.follow', { scope, cursor, ...(pattern.value ? { pattern: pattern.value } : {}) });
      if (mine !== generation || disposed) return;
      cursor = result.cursor;
      append(result.lines);
      quietPolls = result.lines.length ? 0 : quietPolls + 1;
      error.value = null;
    } catch (err) {
      if (mine !== generation) return;
      error.value = toShownError(err);
      quietPolls = FOLLOW_PACE_MS.length - 1;
    }
    schedule(FOLLOW_PACE_MS[Math.min(quietPolls, FOLLOW_PACE_MS.length - 1)]);
  }

  function schedule(ms: number): void {
    stopTimer();
    if (!disposed && following.value) timer = timers.setTimeout(() => void poll(), ms);
  }

  function stopTimer(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  return {
    key: scopeKey(scope),
    scope,
    lines,
    version,
    sources,
    loading,
    error,
    empty,
    truncated,
    pattern,
    range,
    following,
    load,
    async search(next) {
      pattern.value = next.trim();
      await load();
    },
    async setRange(next) {
      range.value = next;
      // A fixed past range has nothing to follow; the latest lines do.
      if (next.kind !== 'latest') following.value = false;
      await load();
    },
    setFollowing(on) {
      following.value = on;
      quietPolls = 0;
      if (on && range.value.kind !== 'latest') {
        range.value = { kind: 'latest' };
        void load();
        return;
      }
      if (on) schedule(0);
      else stopTimer();
    },
    asText: () => linesAsText(lines),
    dispose() {
      disposed = true;
      generation++;
      stopTimer();
    },
  };
}

export function scopeKey(scope: LogScope): string {
  return scope.kind === 'task' ? `task|${scope.taskArn}|${scope.container ?? '*'}` : `service|${scope.clusterArn}|${scope.serviceName}|${scope.container ?? '*'}`;
}

export function linesAsText(lines: readonly LogLine[]): string {
  const out: string[] = [];
  for (const l of lines) out.push(`${new Date(l.timestamp).toISOString()} ${l.container}/${l.taskId} ${l.message}`);
  return out.length ? `${out.join('\n')}\n` : '';
}

/** A dock tab following some logs while the user moves around. */
export interface LogTail {
  id: string;
  title: string;
  session: LogSession;
}

export const useLogsStore = defineStore('logs', () => {
  const api = storeApi();
  const tails = shallowRef<LogTail[]>([]);
  const activeTail = ref<string | null>(null);

  function session(scope: LogScope): LogSession {
    return createLogSession(api, scope);
  }

  /** Opens (or brings forward) a tail of `scope` in the dock, following. */
  function openTail(scope: LogScope, title: string): LogTail {
    const key = scopeKey(scope);
    let tail = tails.value.find((t) => t.id === key);
    if (!tail) {
      const s = markRaw(createLogSession(api, scope));
      tail = markRaw({ id: key, title, session: s });
      tails.value = [...tails.value, tail];
      s.following.value = true;
      void s.load();
    }
    activeTail.value = key;
    useUiStore().showInDock('logs');
    return tail;
  }

  function closeTail(id: string): void {
    const tail = tails.value.find((t) => t.id === id);
    tail?.session.dispose();
    tails.value = tails.value.filter((t) => t.id !== id);
    if (activeTail.value === id) activeTail.value = tails.value.at(-1)?.id ?? null;
  }

  return { tails, activeTail, session, openTail, closeTail };
});
