import { defineStore } from 'pinia';
import { computed, nextTick, ref } from 'vue';
import type { ExecSessionInfo, ExecState } from '@contract/domains/exec';
import { storeApi } from './api-context';
import { toShownError } from './shown-error';
import { useUiStore } from './ui';
import {
  addTab,
  cycleActive,
  isLive,
  newTab,
  removeTab,
  restarting,
  withFailure,
  withSession,
  withState,
  type ExecTab,
  type ExecTarget,
  type TabList,
} from '../models/exec/exec-tabs';
import { createResizeSender, DEFAULT_GRID, FONT_SIZE_DEFAULT, sameGrid, stepFontSize, type GridSize, type ResizeSender } from '../models/exec/terminal-size';

/** Output for a session nobody claimed yet is kept this long (the start answer is on its way). */
const ORPHAN_TTL_MS = 30_000;
/** And at most this much of it (a runaway stream must not fill memory). */
const ORPHAN_MAX_CHARS = 1_000_000;

type Write = (data: string) => void;

interface Orphan {
  at: number;
  output: string[];
  chars: number;
  state: { state: ExecState; reason?: string } | null;
}

/**
 * Exec sessions in the dock: one tab per shell, several at once, kept while the user moves
 * around. Output arrives as `exec.output` events and goes to the tab's terminal (or waits in
 * a backlog until the terminal exists); keystrokes and sizes go back through the api. The
 * xterm instances live outside the store (terminal/terminal-registry.ts), so this stays testable in
 * Node and never makes terminal data reactive.
 */
export const useExecStore = defineStore('exec', () => {
  const api = storeApi();
  const tabs = ref<ExecTab[]>([]);
  const activeId = ref<string | null>(null);
  const fontSize = ref(FONT_SIZE_DEFAULT);

  // Not reactive on purpose: terminal plumbing, per tab id.
  const sinks = new Map<string, Write>();
  const backlogs = new Map<string, string[]>();
  const grids = new Map<string, GridSize>();
  const senders = new Map<string, ResizeSender>();
  const orphans = new Map<string, Orphan>();
  const removedListeners = new Set<(tabId: string) => void>();
  let lastGrid: GridSize = DEFAULT_GRID;
  let nextId = 1;

  const activeTab = computed(() => tabs.value.find((t) => t.id === activeId.value) ?? null);
  const openCount = computed(() => tabs.value.filter(isLive).length);

  function tab(tabId: string): ExecTab | undefined {
    return tabs.value.find((t) => t.id === tabId);
  }

  function tabOfSession(sessionId: string): ExecTab | undefined {
    return tabs.value.find((t) => t.sessionId === sessionId);
  }

  function update(tabId: string, change: (t: ExecTab) => ExecTab): void {
    tabs.value = tabs.value.map((t) => (t.id === tabId ? change(t) : t));
  }

  function setList(list: TabList): void {
    tabs.value = list.tabs;
    activeId.value = list.activeId;
  }

  // ---- events from main ----

  api.on('exec.output', ({ sessionId, data }) => {
    const owner = tabOfSession(sessionId);
    if (owner) deliver(owner.id, data);
    else {
      const orphan = keepOrphan(sessionId);
      orphan.output.push(data);
      orphan.chars += data.length;
    }
  });

  api.on('exec.state', ({ sessionId, state, reason }) => {
    const owner = tabOfSession(sessionId);
    if (owner) update(owner.id, (t) => withState(t, state, reason));
    else keepOrphan(sessionId).state = { state, ...(reason ? { reason } : {}) };
  });

  function keepOrphan(sessionId: string): Orphan {
    const now = Date.now();
    for (const [id, o] of orphans) if (now - o.at > ORPHAN_TTL_MS) orphans.delete(id);
    let orphan = orphans.get(sessionId);
    if (!orphan) orphans.set(sessionId, (orphan = { at: now, output: [], chars: 0, state: null }));
    while (orphan.chars > ORPHAN_MAX_CHARS && orphan.output.length) orphan.chars -= orphan.output.shift()!.length;
    return orphan;
  }

  /** A start answered: the events that raced ahead of it belong to this tab now. */
  function claimOrphan(tabId: string, sessionId: string): void {
    const orphan = orphans.get(sessionId);
    if (!orphan) return;
    orphans.delete(sessionId);
    for (const data of orphan.output) deliver(tabId, data);
    if (orphan.state) update(tabId, (t) => withState(t, orphan.state!.state, orphan.state!.reason));
  }

  function deliver(tabId: string, data: string): void {
    const sink = sinks.get(tabId);
    if (sink) return sink(data);
    const backlog = backlogs.get(tabId) ?? [];
    backlog.push(data);
    backlogs.set(tabId, backlog);
  }

  // ---- the terminal side ----

  /** The terminal for a tab takes its output from now on, starting with what waited. */
  function attach(tabId: string, write: Write): () => void {
    const waiting = backlogs.get(tabId);
    backlogs.delete(tabId);
    waiting?.forEach(write);
    sinks.set(tabId, write);
    return () => {
      if (sinks.get(tabId) === write) sinks.delete(tabId);
    };
  }

  /** Told when a tab goes away, so its terminal can be disposed. */
  function onTabRemoved(listener: (tabId: string) => void): () => void {
    removedListeners.add(listener);
    return () => removedListeners.delete(listener);
  }

  /** The terminal's grid after a fit: remembered at once, told to main after a quiet spell. */
  function noteGrid(tabId: string, grid: GridSize): void {
    grids.set(tabId, grid);
    lastGrid = grid;
    senderFor(tabId).propose(grid);
  }

  function senderFor(tabId: string): ResizeSender {
    let sender = senders.get(tabId);
    if (!sender) {
      sender = createResizeSender((grid) => sendResize(tabId, grid));
      senders.set(tabId, sender);
    }
    return sender;
  }

  function sendResize(tabId: string, grid: GridSize): boolean {
    const t = tab(tabId);
    if (!t?.sessionId || !isLive(t)) return false;
    api.call('exec.resize', { sessionId: t.sessionId, ...grid }).catch(() => {
      // The session ended meanwhile; its state event says so.
    });
    return true;
  }

  /** Keystrokes and pastes, as xterm produced them. */
  function input(tabId: string, data: string): void {
    const t = tab(tabId);
    if (!t?.sessionId || !isLive(t)) return;
    api.call('exec.input', { sessionId: t.sessionId, data }).catch(() => {
      // Same: a closed session refuses input and its state event explains.
    });
  }

  // ---- user actions ----

  /** Opens a shell in the dock: a new tab, raised and active, then exec.start. */
  async function open(target: ExecTarget): Promise<string> {
    const id = `exec-${nextId++}`;
    setList(addTab({ tabs: tabs.value, activeId: activeId.value }, newTab(id, target, Date.now())));
    useUiStore().showInDock('exec');
    // Let the terminal mount and fit first, so the shell starts at the pane's real size.
    await nextTick();
    await start(id);
    return id;
  }

  async function start(tabId: string): Promise<void> {
    const t = tab(tabId);
    if (!t) return;
    const grid = grids.get(tabId) ?? lastGrid;
    try {
      const info = await api.call('exec.start', {
        clusterArn: t.target.clusterArn,
        taskArn: t.target.taskArn,
        container: t.target.container,
        cols: grid.cols,
        rows: grid.rows,
      });
      if (!tab(tabId)) {
        // Closed while starting: end the session nobody will see.
        void api.call('exec.close', { sessionId: info.sessionId }).catch(() => undefined);
        return;
      }
      adoptSession(tabId, info, grid);
    } catch (err) {
      const shown = toShownError(err);
      update(tabId, (x) => withFailure(x, shown.message, shown.fix ?? null));
    }
  }

  function adoptSession(tabId: string, info: ExecSessionInfo, startedWith: GridSize): void {
    update(tabId, (x) => withSession(x, info));
    claimOrphan(tabId, info.sessionId);
    // The pane may have changed size while ExecuteCommand ran.
    const sender = senderFor(tabId);
    sender.markSent(startedWith);
    const now = grids.get(tabId);
    if (now && !sameGrid(now, startedWith)) {
      sender.propose(now);
      sender.flush();
    }
  }

  /** Reconnect: the old session is forgotten and a new ExecuteCommand runs in the same tab. */
  async function reconnect(tabId: string): Promise<void> {
    const t = tab(tabId);
    if (!t || t.phase === 'starting') return;
    if (t.sessionId) void api.call('exec.close', { sessionId: t.sessionId }).catch(() => undefined);
    update(tabId, (x) => restarting(x, Date.now()));
    deliver(tabId, '\r\n\x1b[2m── reconnecting ──\x1b[0m\r\n');
    await start(tabId);
  }

  /** Closing a tab ends its session in main (and in the container). */
  async function close(tabId: string): Promise<void> {
    const t = tab(tabId);
    if (!t) return;
    setList(removeTab({ tabs: tabs.value, activeId: activeId.value }, tabId));
    sinks.delete(tabId);
    backlogs.delete(tabId);
    grids.delete(tabId);
    senders.get(tabId)?.dispose();
    senders.delete(tabId);
    removedListeners.forEach((l) => l(tabId));
    if (t.sessionId) {
      try {
        await api.call('exec.close', { sessionId: t.sessionId });
      } catch {
        // Already gone in main: nothing left to end.
      }
    }
  }

  function activate(tabId: string): void {
    if (tab(tabId)) activeId.value = tabId;
  }

  function cycle(step: 1 | -1): void {
    activeId.value = cycleActive({ tabs: tabs.value, activeId: activeId.value }, step);
  }

  function changeFontSize(step: 1 | -1 | 0): void {
    fontSize.value = stepFontSize(fontSize.value, step);
  }

  /**
   * Sessions main still holds that no tab shows (the window was reloaded): they get tabs
   * again, with their output from now on, so none runs on unseen.
   */
  async function adoptOpenSessions(): Promise<void> {
    let sessions: ExecSessionInfo[];
    try {
      sessions = (await api.call('exec.list', {})).sessions;
    } catch {
      return; // no session yet, or an older main: nothing to adopt
    }
    for (const info of sessions) {
      if (info.state === 'closed' || tabOfSession(info.sessionId)) continue;
      const id = `exec-${nextId++}`;
      const target: ExecTarget = { clusterArn: info.clusterArn, clusterName: info.clusterName, serviceName: info.serviceName, taskArn: info.taskArn, taskId: info.taskId, container: info.container };
      setList(addTab({ tabs: tabs.value, activeId: activeId.value }, newTab(id, target, info.startedAt)));
      adoptSession(id, info, lastGrid);
    }
  }

  return {
    tabs,
    activeId,
    activeTab,
    openCount,
    fontSize,
    open,
    reconnect,
    close,
    activate,
    cycle,
    changeFontSize,
    input,
    noteGrid,
    attach,
    onTabRemoved,
    adoptOpenSessions,
  };
});
