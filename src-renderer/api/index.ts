import type { EventName } from '@contract/api';
import { createIpcTransport, type PreloadBridge } from './ipc-transport';
import { createWsTransport } from './ws-transport';
import { takePageToken } from './page-token';
import { ApiError, type Transport, type WharfApi } from './types';

export { ApiError };
export type { WharfApi, ConnectionState } from './types';

/** The one switch point: the preload bridge in Electron, else the browser-mode WebSocket. */
function pickTransport(): Transport {
  const bridge = (window as unknown as { wharf?: PreloadBridge }).wharf;
  if (bridge) return createIpcTransport(bridge);
  const storage = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  })();
  return createWsTransport(window.location, takePageToken({ location: window.location, history: window.history, storage }));
}

/**
 * In development and tests every result and event is checked against the contract's schema
 * (loaded apart, so the production bundle carries no zod): a drift between main and the
 * renderer fails there, loudly. Production trusts main, which parsed its own answers' inputs
 * with the same schemas. What passes is handed on as it came, so both modes see the same data.
 */
const contract = import.meta.env.DEV ? import('@contract/api') : null;
let loadedContract: Awaited<NonNullable<typeof contract>> | null = null;
void contract?.then((m) => (loadedContract = m));

function checked(what: string, schema: { safeParse(v: unknown): { success: boolean; error?: { message: string } } }, value: unknown): void {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} does not match the contract: ${result.error?.message ?? 'invalid'}`);
}

export function createApi(transport: Transport = pickTransport()): WharfApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.onEvent((message) => {
    const schema = loadedContract?.events[message.event as EventName];
    if (schema) checked(`Event ${message.event}`, schema, message.payload);
    listeners.get(message.event)?.forEach((l) => l(message.payload));
  });
  return {
    transport: transport.kind,
    async call(method, args) {
      const response = await transport.call(method, args);
      if (!response.ok) throw new ApiError(response.error);
      if (contract) checked(`The result of ${method}`, (await contract).methods[method].result, response.result);
      return response.result as never;
    },
    on(event: EventName, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onConnection: (l) => transport.onConnection(l),
  };
}

let shared: WharfApi | null = null;

/** The app's client, made on first use (tests build their own with createApi). */
export function useApi(): WharfApi {
  shared ??= createApi();
  return shared;
}
