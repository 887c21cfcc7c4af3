import type { CallResponse, EventMessage, ServerMessage } from '@contract/wire';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@contract/channels';
import type { ConnectionListener, ConnectionState, Transport } from './types';

/** Why a page without a token cannot connect, and what to do. */
export const NO_TOKEN = 'This page was opened without its token, so Wharf cannot answer it. Open the URL that “npm run web” printed (it ends in ?token=…).';
/** A page whose first connection was never accepted: a wrong token, or a server that is gone. */
export const NOT_ACCEPTED = 'Wharf did not accept this page: its token is wrong or from an earlier run, or Wharf has stopped. Open the URL that “npm run web” printed.';

/**
 * Browser mode: the contract over a WebSocket to the loopback server that served this page.
 * The token (see page-token.ts) rides in the handshake as a subprotocol, never in the URL or a
 * cookie. Reconnects with back-off; calls made while disconnected fail with a NETWORK error
 * rather than hang, and say why: the server's close reason, or that the page was never let in.
 */
export function createWsTransport(location: Pick<Location, 'protocol' | 'host'>, token: string): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const protocols = [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`];
  const pending = new Map<number, (r: CallResponse) => void>();
  const eventListeners: Array<(m: EventMessage) => void> = [];
  const connectionListeners: ConnectionListener[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  let opened: Promise<void>;
  let state: ConnectionState = 'connecting';
  let detail: string | undefined;
  let everOpened = false;

  const setState = (s: ConnectionState, why?: string): void => {
    state = s;
    detail = why;
    connectionListeners.forEach((l) => l(s, why));
  };

  function connect(): Promise<void> {
    // Without a token every attempt would be refused: say so once instead of knocking forever.
    if (!token) {
      setState('closed', NO_TOKEN);
      return Promise.resolve();
    }
    setState('connecting', detail);
    return new Promise((resolve) => {
      const ws = new WebSocket(url, protocols);
      socket = ws;
      ws.onopen = () => {
        retryMs = 250;
        everOpened = true;
        setState('open');
        resolve();
      };
      ws.onmessage = (e) => dispatch(JSON.parse(String(e.data)) as ServerMessage);
      ws.onclose = (e) => {
        const why = e.reason || (everOpened ? undefined : NOT_ACCEPTED);
        setState('closed', why);
        for (const [id, done] of pending) {
          done({ kind: 'result', id, ok: false, error: { code: 'NETWORK', message: `Lost the connection to Wharf${e.reason ? ` (${e.reason})` : ''}; reconnecting.` } });
        }
        pending.clear();
        setTimeout(() => (opened = connect()), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
        resolve();
      };
    });
  }

  function dispatch(message: ServerMessage): void {
    if (message.kind === 'event') {
      eventListeners.forEach((l) => l(message));
      return;
    }
    const done = pending.get(message.id);
    if (done) {
      pending.delete(message.id);
      done(message);
    }
  }

  opened = connect();

  return {
    kind: 'web',
    async call(method, args) {
      await opened;
      const id = nextId++;
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        return { kind: 'result', id, ok: false, error: { code: 'NETWORK', message: detail ?? 'Not connected to Wharf; reconnecting.' } };
      }
      const response = new Promise<CallResponse>((resolve) => pending.set(id, resolve));
      socket.send(JSON.stringify({ kind: 'call', id, method, args }));
      return response;
    },
    onEvent: (l) => void eventListeners.push(l),
    // A late subscriber learns the current state at once, not only the next change.
    onConnection: (l) => {
      connectionListeners.push(l);
      l(state, detail);
    },
  };
}
