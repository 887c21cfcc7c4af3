import type { ExecSessionInfo, ExecState } from '@contract/domains/exec';

/**
 * The dock's exec tabs as plain data: what each tab points at, which session currently serves
 * it (a reconnect swaps the session under the same tab), its phase and why it closed. The
 * store holds a list of these; these functions are the rules, so they are unit-tested alone.
 */

/** Where a shell opens: one container of one task. */
export interface ExecTarget {
  clusterArn: string;
  clusterName: string;
  serviceName: string | null;
  taskArn: string;
  taskId: string;
  container: string;
}

/**
 * `starting`: exec.start is in flight (preflight, ExecuteCommand); `connecting`/`open`/`closed`
 * follow the session's own state; `failed`: the start was refused, with the sentence why.
 */
export type ExecTabPhase = 'starting' | ExecState | 'failed';

export interface ExecTab {
  id: string;
  target: ExecTarget;
  sessionId: string | null;
  info: ExecSessionInfo | null;
  phase: ExecTabPhase;
  /** Why it closed or failed, as main said it. */
  reason: string | null;
  /** What to do about a failed start, when main said. */
  fix: string | null;
  /** When the current session started (epoch ms), else when the tab opened. */
  startedAt: number;
}

export interface TabList {
  tabs: ExecTab[];
  activeId: string | null;
}

export function newTab(id: string, target: ExecTarget, now: number): ExecTab {
  return { id, target, sessionId: null, info: null, phase: 'starting', reason: null, fix: null, startedAt: now };
}

/** Adds a tab and makes it the active one. */
export function addTab(list: TabList, tab: ExecTab): TabList {
  return { tabs: [...list.tabs, tab], activeId: tab.id };
}

/** Removes a tab; when it was active, its right neighbour (else its left one) takes over. */
export function removeTab(list: TabList, id: string): TabList {
  const index = list.tabs.findIndex((t) => t.id === id);
  if (index < 0) return list;
  const tabs = list.tabs.filter((t) => t.id !== id);
  if (list.activeId !== id) return { tabs, activeId: list.activeId };
  const next = tabs[index] ?? tabs[index - 1] ?? null;
  return { tabs, activeId: next?.id ?? null };
}

/** The tab `step` places after the active one, wrapping around (Ctrl+PageDown / PageUp). */
export function cycleActive(list: TabList, step: 1 | -1): string | null {
  if (list.tabs.length === 0) return null;
  const index = list.tabs.findIndex((t) => t.id === list.activeId);
  const next = (Math.max(index, 0) + step + list.tabs.length) % list.tabs.length;
  return list.tabs[next]!.id;
}

/** exec.start (or reconnect) answered: the tab is served by this session from now on. */
export function withSession(tab: ExecTab, info: ExecSessionInfo): ExecTab {
  return {
    ...tab,
    target: { ...tab.target, clusterName: info.clusterName, serviceName: info.serviceName, taskId: info.taskId },
    sessionId: info.sessionId,
    info,
    // A state event may already have moved past `connecting` before the answer arrived.
    phase: info.state,
    reason: info.reason ?? null,
    fix: null,
    startedAt: info.startedAt,
  };
}

/** An `exec.state` event for the tab's session. A closed session never reopens. */
export function withState(tab: ExecTab, state: ExecState, reason?: string): ExecTab {
  if (tab.phase === 'closed' || tab.phase === 'failed') return tab;
  return { ...tab, phase: state, reason: state === 'closed' ? (reason ?? tab.reason) : null };
}

/** exec.start was refused: the tab shows the sentence and a way to try again. */
export function withFailure(tab: ExecTab, message: string, fix: string | null): ExecTab {
  return { ...tab, sessionId: null, phase: 'failed', reason: message, fix };
}

/** A fresh start on the same tab (Reconnect): the old session's words go away. */
export function restarting(tab: ExecTab, now: number): ExecTab {
  return { ...tab, sessionId: null, info: null, phase: 'starting', reason: null, fix: null, startedAt: now };
}

/** Live means a session main is holding for this tab. */
export function isLive(tab: ExecTab): boolean {
  return tab.phase === 'connecting' || tab.phase === 'open';
}

/** "The session ended: <reason>" or the refusal, for the closed-state banner. */
export function closedSentence(tab: ExecTab): string | null {
  if (tab.phase === 'failed') return tab.reason ?? 'The shell could not be opened.';
  if (tab.phase !== 'closed') return null;
  const reason = (tab.reason ?? '').trim();
  return reason ? `The session ended: ${reason}` : 'The session ended.';
}

/** The tab's short name: "<task id, 8 chars>/<container>". */
export function tabLabel(target: ExecTarget): string {
  return `${target.taskId.slice(0, 8)}/${target.container}`;
}

/** A phase as the tab strip draws it: a state (colour + symbol) and a word, never colour alone. */
export function phaseLook(phase: ExecTabPhase): { state: 'healthy' | 'progress' | 'unknown' | 'failed'; word: string } {
  switch (phase) {
    case 'starting':
      return { state: 'progress', word: 'starting' };
    case 'connecting':
      return { state: 'progress', word: 'connecting' };
    case 'open':
      return { state: 'healthy', word: 'open' };
    case 'closed':
      return { state: 'unknown', word: 'closed' };
    case 'failed':
      return { state: 'failed', word: 'refused' };
  }
}
