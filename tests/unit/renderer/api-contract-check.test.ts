import { describe, expect, it } from 'vitest';
import type { CallResponse, EventMessage } from '@contract/wire';
import { createApi } from '../../../src-renderer/api';
import type { Transport } from '../../../src-renderer/api/types';

/** In development and tests the api checks results and events against the contract's schemas. */
function fakeTransport(result: unknown): Transport & { emit(message: EventMessage): void } {
  let listener: ((m: EventMessage) => void) | null = null;
  return {
    kind: 'web',
    call: async (_method, _args): Promise<CallResponse> => ({ kind: 'result', id: 1, ok: true, result }),
    onEvent: (l) => {
      listener = l;
    },
    onConnection: () => {},
    emit: (m) => listener?.(m),
  };
}

describe('api: results and events parse with the contract', () => {
  it('hands on a result that matches, as it came', async () => {
    const api = createApi(fakeTransport({ unread: 2 }));
    expect(await api.call('notifications.markRead', {})).toEqual({ unread: 2 });
  });

  it('refuses a result that does not match the contract', async () => {
    const api = createApi(fakeTransport({ unread: 'two' }));
    await expect(api.call('notifications.markRead', {})).rejects.toThrow(/The result of notifications.markRead does not match the contract/);
  });

  it('refuses an event that does not match the contract, and delivers one that does', async () => {
    const transport = fakeTransport({});
    const api = createApi(transport);
    await api.call('app.openExternal', { url: 'https://console.aws.amazon.com/' }).catch(() => undefined); // the schemas are loaded by now
    const heard: string[] = [];
    api.on('notifications.opened', ({ key }) => heard.push(key));
    expect(() => transport.emit({ kind: 'event', event: 'notifications.opened', payload: { key: 42 } })).toThrow(/Event notifications.opened does not match the contract/);
    transport.emit({ kind: 'event', event: 'notifications.opened', payload: { key: 'k1' } });
    expect(heard).toEqual(['k1']);
  });
});
