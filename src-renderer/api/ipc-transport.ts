import type { CallResponse, EventMessage } from '@contract/wire';
import type { Transport } from './types';

/** What the preload exposes as `window.wharf` (see src-main/preload). */
export interface PreloadBridge {
  call(request: { kind: 'call'; id: number; method: string; args: unknown }): Promise<CallResponse>;
  onEvent(listener: (message: EventMessage) => void): void;
}

/** Electron: the contract over the preload's fixed IPC channels. */
export function createIpcTransport(bridge: PreloadBridge): Transport {
  let nextId = 1;
  return {
    kind: 'electron',
    call: (method, args) => bridge.call({ kind: 'call', id: nextId++, method, args }),
    onEvent: (l) => bridge.onEvent(l),
    onConnection: (l) => l('open'),
  };
}
