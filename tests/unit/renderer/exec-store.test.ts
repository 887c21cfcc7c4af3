import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { WharfErrorShape } from '@contract/errors';
import type { ExecSessionInfo } from '@contract/domains/exec';
import { createApi } from '../../../src-renderer/api';
import type { ConnectionState, Transport } from '../../../src-renderer/api/types';
import { apiKey } from '../../../src-renderer/stores/api-context';
import { useExecStore } from '../../../src-renderer/stores/exec';
import { useUiStore } from '../../../src-renderer/stores/ui';
import type { ExecTarget } from '../../../src-renderer/models/exec/exec-tabs';

/**
 * The exec store against a scripted transport, as main answers: events may race ahead of a
 * call's answer (core emits `connecting` before exec.start returns), output goes to the right
 * tab, and closing a tab ends its session.
 */
type Answer = { result: unknown } | { error: WharfErrorShape };

function scripted(answers: Record<string, (args: Record<string, unknown>) => Answer>) {
  const listeners: Array<(m: EventMessage) => void> = [];
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args: args as Record<string, unknown> });
      const answer = answers[method]?.(args as Record<string, unknown>) ?? { result: { accepted: true, closed: true } };
      return 'result' in answer ? { kind: 'result', id: calls.length, ok: true, result: answer.result } : { kind: 'result', id: calls.length, ok: false, error: answer.error };
    },
    onEvent: (l) => void listeners.push(l),
    onConnection: (l: (s: ConnectionState) => void) => l('open'),
  };
  const emit = (event: string, payload: unknown): void => listeners.forEach((l) => l({ kind: 'event', event, payload } as EventMessage));
  const install = () => {
    const app = createApp({});
    const pinia = createPinia();
    app.use(pinia);
    app.provide(apiKey, createApi(transport));
    setActivePinia(pinia);
  };
  return { calls, emit, install, of: (method: string) => calls.filter((c) => c.method === method).map((c) => c.args) };
}

const target = (container = 'app'): ExecTarget => ({
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod-fargate',
  clusterName: 'prod-fargate',
  serviceName: 'checkout',
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod-fargate/0123456789abcdef',
  taskId: '0123456789abcdef',
  container,
});

function sessionInfo(sessionId: string, container = 'app'): ExecSessionInfo {
  const t = target(container);
  return { sessionId, clusterArn: t.clusterArn, clusterName: t.clusterName, serviceName: 'checkout', taskArn: t.taskArn, taskId: t.taskId, container, command: '/bin/sh', startedAt: 1000, state: 'connecting', encrypted: true, customerMessage: null };
}

describe('exec store', () => {
  let script: ReturnType<typeof scripted>;
  let counter: number;

  beforeEach(() => {
    counter = 0;
    script = scripted({
      'exec.start': (args) => {
        const id = `s-${++counter}`;
        // Core announces the session and the agent's prompt before its answer reaches us.
        script.emit('exec.state', { sessionId: id, state: 'connecting' });
        script.emit('exec.state', { sessionId: id, state: 'open' });
        script.emit('exec.output', { sessionId: id, data: `${String(args.container)}# ` });
        return { result: sessionInfo(id, String(args.container)) };
      },
      'exec.list': () => ({ result: { sessions: [] } }),
    });
    script.install();
  });

  it('opens a tab in the raised dock, starts at the pane size, and keeps output that raced ahead of the answer', async () => {
    const exec = useExecStore();
    const opening = exec.open(target());
    const tabId = exec.activeId!;
    expect(useUiStore().dockOpen).toBe(true);
    expect(exec.tabs[0]!.phase).toBe('starting');
    exec.noteGrid(tabId, { cols: 132, rows: 40 }); // the terminal mounted and fitted
    await opening;
    expect(script.of('exec.start')).toEqual([{ clusterArn: target().clusterArn, taskArn: target().taskArn, container: 'app', cols: 132, rows: 40 }]);
    expect(exec.tabs[0]).toMatchObject({ sessionId: 's-1', phase: 'open' });
    expect(exec.openCount).toBe(1);

    const written: string[] = [];
    exec.attach(tabId, (d) => written.push(d));
    script.emit('exec.output', { sessionId: 's-1', data: 'wharf-42\r\n' });
    script.emit('exec.output', { sessionId: 'someone-else', data: 'not ours' });
    expect(written).toEqual(['app# ', 'wharf-42\r\n']);
  });

  it('sends keystrokes with the session id, and none once the session closed', async () => {
    const exec = useExecStore();
    const tabId = await exec.open(target());
    exec.input(tabId, 'echo hi\r');
    script.emit('exec.state', { sessionId: 's-1', state: 'closed', reason: 'The shell exited.' });
    exec.input(tabId, 'lost\r');
    await Promise.resolve();
    expect(script.of('exec.input')).toEqual([{ sessionId: 's-1', data: 'echo hi\r' }]);
    expect(exec.tabs[0]).toMatchObject({ phase: 'closed', reason: 'The shell exited.' });
    expect(exec.openCount).toBe(0);
  });

  it('tells main a new size once, after the resizing settles', async () => {
    vi.useFakeTimers();
    try {
      const exec = useExecStore();
      const opening = exec.open(target());
      await vi.runAllTimersAsync();
      const tabId = await opening;
      for (let rows = 25; rows <= 35; rows++) exec.noteGrid(tabId, { cols: 100, rows });
      expect(script.of('exec.resize')).toEqual([]);
      await vi.advanceTimersByTimeAsync(500);
      expect(script.of('exec.resize')).toEqual([{ sessionId: 's-1', cols: 100, rows: 35 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('several shells at once, each output to its own tab; closing a tab ends its session and frees its terminal', async () => {
    const exec = useExecStore();
    const removed: string[] = [];
    exec.onTabRemoved((id) => removed.push(id));
    const first = await exec.open(target('app'));
    const second = await exec.open(target('sidecar'));
    const out: Record<string, string[]> = { [first]: [], [second]: [] };
    exec.attach(first, (d) => out[first]!.push(d));
    exec.attach(second, (d) => out[second]!.push(d));
    script.emit('exec.output', { sessionId: 's-2', data: 'two' });
    script.emit('exec.output', { sessionId: 's-1', data: 'one' });
    expect(out[first]).toEqual(['app# ', 'one']);
    expect(out[second]).toEqual(['sidecar# ', 'two']);
    expect(exec.activeId).toBe(second);

    await exec.close(second);
    expect(script.of('exec.close')).toEqual([{ sessionId: 's-2' }]);
    expect(removed).toEqual([second]);
    expect(exec.tabs.map((t) => t.id)).toEqual([first]);
    expect(exec.activeId).toBe(first);
  });

  it('a refused start shows the sentence and fix; Reconnect runs a new exec.start in the same tab', async () => {
    let refuse = true;
    script = scripted({
      'exec.start': (args) => (refuse ? { error: { code: 'PRECONDITION', message: 'Exec is not enabled on this task.', fix: 'Enable exec on the service.' } } : { result: sessionInfo('s-9', String(args.container)) }),
    });
    script.install();
    const exec = useExecStore();
    const tabId = await exec.open(target());
    expect(exec.tabs[0]).toMatchObject({ phase: 'failed', reason: 'Exec is not enabled on this task.', fix: 'Enable exec on the service.' });
    refuse = false;
    await exec.reconnect(tabId);
    expect(script.of('exec.start')).toHaveLength(2);
    expect(exec.tabs[0]).toMatchObject({ id: tabId, sessionId: 's-9', phase: 'connecting', reason: null });
  });

  it('Reconnect after a session ended forgets the old session and starts a new one', async () => {
    const exec = useExecStore();
    const tabId = await exec.open(target());
    script.emit('exec.state', { sessionId: 's-1', state: 'closed', reason: 'The network dropped.' });
    await exec.reconnect(tabId);
    expect(script.of('exec.close')).toEqual([{ sessionId: 's-1' }]);
    expect(exec.tabs[0]).toMatchObject({ sessionId: 's-2', phase: 'open' });
    expect(exec.tabs).toHaveLength(1);
  });

  it("adopts sessions main still holds (after a window reload) as tabs", async () => {
    script = scripted({ 'exec.list': () => ({ result: { sessions: [{ ...sessionInfo('s-live'), state: 'open' }, { ...sessionInfo('s-old'), state: 'closed' }] } }) });
    script.install();
    const exec = useExecStore();
    await exec.adoptOpenSessions();
    await exec.adoptOpenSessions();
    expect(exec.tabs.map((t) => [t.sessionId, t.phase])).toEqual([['s-live', 'open']]);
  });
});
