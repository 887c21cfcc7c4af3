import { describe, expect, it, vi } from 'vitest';
import type { ExecSessionInfo } from '@contract/domains/exec';
import type { TaskRecord } from '@contract/domains/inventory';
import {
  addTab,
  closedSentence,
  cycleActive,
  newTab,
  removeTab,
  restarting,
  withFailure,
  withSession,
  withState,
  type ExecTarget,
  type TabList,
} from '../../../src-renderer/models/exec/exec-tabs';
import { createResizeSender, gridForPane, stepFontSize, usableGrid, FONT_SIZE_MAX } from '../../../src-renderer/models/exec/terminal-size';
import { execAvailability } from '../../../src-renderer/models/exec/exec-availability';
import { terminalKeyIntent } from '../../../src-renderer/models/exec/terminal-keys';
import { terminalTheme } from '../../../src-renderer/terminal/terminal-theme';

const target: ExecTarget = {
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod-fargate',
  clusterName: 'prod-fargate',
  serviceName: 'checkout',
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod-fargate/0123456789abcdef0123456789abcdef',
  taskId: '0123456789abcdef0123456789abcdef',
  container: 'app',
};

function info(sessionId: string, state: ExecSessionInfo['state'] = 'connecting'): ExecSessionInfo {
  return { sessionId, clusterArn: target.clusterArn, clusterName: 'prod-fargate', serviceName: 'checkout', taskArn: target.taskArn, taskId: target.taskId, container: 'app', command: '/bin/sh', startedAt: 5000, state, encrypted: false, customerMessage: null };
}

function listOf(...ids: string[]): TabList {
  return ids.reduce<TabList>((list, id) => addTab(list, newTab(id, target, 1)), { tabs: [], activeId: null });
}

describe('exec tabs', () => {
  it('a new tab becomes active; closing the active tab hands over to its right, then its left neighbour', () => {
    let list = listOf('a', 'b', 'c');
    expect(list.activeId).toBe('c');
    list = { ...list, activeId: 'b' };
    list = removeTab(list, 'b');
    expect(list).toMatchObject({ activeId: 'c' });
    expect(list.tabs.map((t) => t.id)).toEqual(['a', 'c']);
    list = removeTab(list, 'c');
    expect(list.activeId).toBe('a');
    list = removeTab(list, 'a');
    expect(list).toEqual({ tabs: [], activeId: null });
  });

  it('closing a tab in the background keeps the active one; an unknown id changes nothing', () => {
    const list = listOf('a', 'b', 'c');
    expect(removeTab(list, 'a').activeId).toBe('c');
    expect(removeTab(list, 'zzz')).toBe(list);
  });

  it('cycles through tabs in both directions, wrapping around', () => {
    const list = { ...listOf('a', 'b', 'c'), activeId: 'c' };
    expect(cycleActive(list, 1)).toBe('a');
    expect(cycleActive(list, -1)).toBe('b');
    expect(cycleActive({ tabs: [], activeId: null }, 1)).toBeNull();
  });

  it('follows the session from start to close, and a closed tab says why with the reason', () => {
    let tab = newTab('a', target, 1);
    expect(tab.phase).toBe('starting');
    tab = withSession(tab, info('s-1'));
    expect(tab).toMatchObject({ sessionId: 's-1', phase: 'connecting', startedAt: 5000 });
    tab = withState(tab, 'open');
    expect(closedSentence(tab)).toBeNull();
    tab = withState(tab, 'closed', 'The agent closed the channel (the shell exited).');
    expect(closedSentence(tab)).toBe('The session ended: The agent closed the channel (the shell exited).');
    // A late "open" from the old session must not revive it.
    expect(withState(tab, 'open').phase).toBe('closed');
    expect(closedSentence(withState(withSession(newTab('b', target, 1), info('s-2')), 'closed'))).toBe('The session ended.');
  });

  it('a refused start shows the preflight sentence; Reconnect clears it and starts over', () => {
    let tab = withFailure(newTab('a', target, 1), 'Exec is not enabled on this task.', 'Turn on enableExecuteCommand.');
    expect(closedSentence(tab)).toBe('Exec is not enabled on this task.');
    expect(tab.fix).toBe('Turn on enableExecuteCommand.');
    tab = restarting(tab, 9);
    expect(tab).toMatchObject({ phase: 'starting', reason: null, fix: null, sessionId: null, startedAt: 9 });
  });
});

describe('terminal size', () => {
  it('turns fit proposals into whole grids within the contract, and ignores hidden panes', () => {
    expect(usableGrid({ cols: 120.7, rows: 30.2 })).toEqual({ cols: 120, rows: 30 });
    expect(usableGrid({ cols: 5000, rows: 4000 })).toEqual({ cols: 1000, rows: 1000 });
    expect(usableGrid({ cols: 0, rows: 0 })).toBeNull();
    expect(usableGrid({ cols: Number.NaN, rows: 10 })).toBeNull();
    expect(usableGrid(undefined)).toBeNull();
  });

  it('computes the grid a pane holds from its cell size', () => {
    expect(gridForPane({ width: 800, height: 340 }, { width: 8, height: 17 }, 14)).toEqual({ cols: 98, rows: 20 });
    expect(gridForPane({ width: 800, height: 340 }, { width: 0, height: 17 })).toBeNull();
  });

  it('sends one resize after a drag settles, never the size already sent, and holds it until a session exists', () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      let session = false;
      const sender = createResizeSender((g) => (session ? (sent.push(`${g.cols}x${g.rows}`), true) : false), 100);
      sender.markSent({ cols: 80, rows: 24 });
      for (let rows = 25; rows <= 40; rows++) sender.propose({ cols: 100, rows });
      vi.advanceTimersByTime(99);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(sent).toEqual([]); // no session yet: kept
      session = true;
      sender.flush();
      expect(sent).toEqual(['100x40']);
      sender.propose({ cols: 100, rows: 40 });
      vi.advanceTimersByTime(200);
      expect(sent).toEqual(['100x40']); // unchanged: not resent
      sender.propose({ cols: 90, rows: 40 });
      sender.dispose();
      vi.advanceTimersByTime(200);
      expect(sent).toEqual(['100x40']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('steps the font size within bounds, and resets', () => {
    expect(stepFontSize(13, 1)).toBe(14);
    expect(stepFontSize(FONT_SIZE_MAX, 1)).toBe(FONT_SIZE_MAX);
    expect(stepFontSize(20, 0)).toBe(13);
  });
});

describe('terminal keys and theme', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({ type: 'keydown', key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods });

  it('takes only its own chords and leaves shell keys to the shell', () => {
    expect(terminalKeyIntent(key('C', { ctrlKey: true, shiftKey: true }))).toBe('copy');
    expect(terminalKeyIntent(key('V', { ctrlKey: true, shiftKey: true }))).toBe('paste');
    expect(terminalKeyIntent(key('F', { ctrlKey: true, shiftKey: true }))).toBe('search');
    expect(terminalKeyIntent(key('=', { ctrlKey: true }))).toBe('font-bigger');
    expect(terminalKeyIntent(key('-', { ctrlKey: true }))).toBe('font-smaller');
    expect(terminalKeyIntent(key('0', { ctrlKey: true }))).toBe('font-reset');
    for (const shellKey of [key('c', { ctrlKey: true }), key('k', { ctrlKey: true }), key('v', { ctrlKey: true }), key('Escape'), key(':'), key('r')]) {
      expect(terminalKeyIntent(shellKey)).toBeNull();
    }
    expect(terminalKeyIntent({ ...key('C', { ctrlKey: true, shiftKey: true }), type: 'keyup' })).toBeNull();
  });

  it('draws the terminal in the app theme', () => {
    expect(terminalTheme('dark').background).toBe('#14171c');
    expect(terminalTheme('light').background).toBe('#f6f7f9');
    expect(terminalTheme('light').foreground).not.toBe(terminalTheme('dark').foreground);
  });
});

describe('exec availability', () => {
  const agent = (lastStatus: string | null, reason: string | null = null) => ({ name: 'ExecuteCommandAgent', lastStatus, reason });
  const container = { name: 'app', lastStatus: 'RUNNING', managedAgents: [agent('RUNNING')] };
  const task = { lastStatus: 'RUNNING', enableExecuteCommand: true, serviceName: 'checkout' } as TaskRecord;
  const mayChange = { readOnly: false, allowExecOnReadOnly: false };

  it('allows a running container with a running agent', () => {
    expect(execAvailability(task, container, mayChange)).toEqual({ ok: true });
  });

  it('explains each reason exec is disabled, with what to change', () => {
    const readOnly = execAvailability(task, container, { readOnly: true, allowExecOnReadOnly: false });
    expect(readOnly).toMatchObject({ ok: false, why: expect.stringContaining('read-only') as unknown, fix: expect.stringContaining('Settings') as unknown });
    expect(execAvailability(task, container, { readOnly: true, allowExecOnReadOnly: true })).toEqual({ ok: true });
    expect(execAvailability({ ...task, lastStatus: 'STOPPED' }, container, mayChange)).toMatchObject({ ok: false, why: 'The task is stopped; a shell opens only in a running task.' });
    expect(execAvailability({ ...task, enableExecuteCommand: false }, container, mayChange)).toMatchObject({
      ok: false,
      why: 'Exec is not enabled on this task.',
      fix: expect.stringContaining('the service checkout') as unknown,
    });
    expect(execAvailability(task, { ...container, managedAgents: [] }, mayChange)).toMatchObject({ ok: false, why: 'Container app reports no ExecuteCommandAgent.' });
    expect(execAvailability(task, { ...container, managedAgents: [agent('PENDING')] }, mayChange)).toMatchObject({ ok: false, fix: 'Wait a few seconds for the agent to start.' });
    expect(execAvailability(task, { ...container, managedAgents: [agent('STOPPED', 'no route to ssmmessages')] }, mayChange)).toMatchObject({
      ok: false,
      why: 'The ExecuteCommandAgent in app is stopped (no route to ssmmessages).',
    });
  });
});
