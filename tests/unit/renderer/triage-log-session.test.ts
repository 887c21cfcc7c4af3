import { describe, expect, it } from 'vitest';
import type { CallResponse, EventMessage } from '@contract/wire';
import type { LogLine } from '@contract/domains/logs';
import { createApi } from '../../../src-renderer/api';
import type { Transport } from '../../../src-renderer/api/types';
import { createLogSession, linesAsText, type SessionTimers } from '../../../src-renderer/stores/logs';

const line = (i: number): LogLine => ({ id: `e${i}`, timestamp: 1_700_000_000_000 + i * 1000, message: `m${i}`, container: 'app', taskId: 't1' });

function scripted(handlers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const transport: Transport = {
    kind: 'web',
    async call(method, args): Promise<CallResponse> {
      calls.push({ method, args: args as Record<string, unknown> });
      return { kind: 'result', id: calls.length, ok: true, result: handlers[method](args as Record<string, unknown>) };
    },
    onEvent: (_l: (m: EventMessage) => void) => undefined,
    onConnection: (l) => l('open'),
  };
  return { api: createApi(transport), calls };
}

function manualTimers() {
  const queue: Array<{ fn: () => void; ms: number }> = [];
  const timers: SessionTimers = { setTimeout: (fn, ms) => queue.push({ fn, ms }), clearTimeout: () => queue.splice(0), hidden: () => false };
  return { timers, queue };
}

const scope = { kind: 'task' as const, taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/t1' };

describe('log session', () => {
  it('loads, then follows from the cursor, slowing down while nothing arrives', async () => {
    let batch = 0;
    const { api, calls } = scripted({
      'logs.read': () => ({ sources: [], lines: [line(1), line(2)], truncated: false, cursor: 'c0', empty: null }),
      'logs.follow': (args) => ({ lines: batch++ === 0 ? [line(3)] : [], cursor: `${String(args.cursor)}+` }),
    });
    const { timers, queue } = manualTimers();
    const s = createLogSession(api, scope, timers);
    await s.load();
    expect(s.lines.map((l) => l.message)).toEqual(['m1', 'm2']);
    s.setFollowing(true);
    const paces: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = queue.shift()!;
      paces.push(next.ms);
      next.fn();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(s.lines.map((l) => l.message)).toEqual(['m1', 'm2', 'm3']);
    expect(calls.filter((c) => c.method === 'logs.follow').map((c) => c.args.cursor)).toEqual(['c0', 'c0+', 'c0++', 'c0+++', 'c0++++']);
    // Paced: immediately, then slower and slower while the stream is quiet.
    expect(paces[0]).toBe(0);
    expect(paces.slice(2)).toEqual([...paces.slice(2)].sort((a, b) => a - b));
    expect(paces.at(-1)).toBeGreaterThan(paces[1]);
    s.dispose();
    expect(queue).toEqual([]);
  });

  it('a search and a range go to logs.read; a past range stops following', async () => {
    const { api, calls } = scripted({ 'logs.read': () => ({ sources: [], lines: [], truncated: false, cursor: 'c', empty: 'No lines match "X".' }) });
    const { timers } = manualTimers();
    const s = createLogSession(api, scope, timers);
    s.following.value = true;
    await s.search(' ERROR ');
    expect(calls.at(-1)!.args).toMatchObject({ pattern: 'ERROR' });
    await s.setRange({ kind: 'around', at: 1_000_000, beforeMs: 300_000, afterMs: 120_000 });
    expect(calls.at(-1)!.args).toMatchObject({ startTime: 700_000, endTime: 1_120_000 });
    expect(s.following.value).toBe(false);
    expect(s.empty.value).toBe('No lines match "X".');
  });

  it('downloads what is loaded as text with ISO times', () => {
    expect(linesAsText([line(0)])).toBe('2023-11-14T22:13:20.000Z app/t1 m0\n');
  });
});
