import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-main/contract/channels';

/**
 * The preload gives the page exactly two capabilities on fixed channels, hands listeners
 * plain data (never Electron's event object, which carries `sender` and `ports`), and reads
 * nothing of the environment.
 */
const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (_channel: string, _request: unknown) => ({ ok: true }));
const on = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: { invoke: (channel: string, request: unknown) => invoke(channel, request), on: (channel: string, listener: unknown) => on(channel, listener) },
}));

beforeEach(async () => {
  vi.resetModules();
  for (const key of Object.keys(exposed)) delete exposed[key];
  invoke.mockClear();
  on.mockClear();
  await import('../../../src-main/preload/index');
});

describe('the preload', () => {
  it('exposes only window.wharf with call and onEvent', () => {
    expect(Object.keys(exposed)).toEqual(['wharf']);
    expect(Object.keys(exposed.wharf as object).sort()).toEqual(['call', 'onEvent']);
  });

  it('calls on the one call channel, and hands event listeners the message alone', async () => {
    const wharf = exposed.wharf as { call(r: unknown): Promise<unknown>; onEvent(l: (m: unknown) => void): void };
    await wharf.call({ kind: 'call', id: 1, method: 'app.info', args: {} });
    expect(invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, { kind: 'call', id: 1, method: 'app.info', args: {} });
    const heard: unknown[][] = [];
    wharf.onEvent((...args: unknown[]) => void heard.push(args));
    expect(on).toHaveBeenCalledTimes(1);
    const [channel, listener] = on.mock.calls[0] as [string, (event: unknown, message: unknown) => void];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    listener({ sender: { send() {} }, ports: [] }, { kind: 'event', event: 'settings.changed', payload: {} });
    expect(heard).toEqual([[{ kind: 'event', event: 'settings.changed', payload: {} }]]);
  });

  it('reads nothing of the environment and imports no npm package', () => {
    const source = readFileSync(join(__dirname, '../../../src-main/preload/index.ts'), 'utf8');
    expect(source).not.toMatch(/process\.env|process\.|require\(/);
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['electron', '../contract/channels']);
  });
});
