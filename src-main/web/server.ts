import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WharfCore } from '../core/core';
import { rendererCsp } from '../core/security/csp';
import type { ServerMessage } from '../contract/wire';
import { WS_CLOSE_TOO_MANY_CALLS, WS_CLOSE_TOO_MANY_SOCKETS, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../contract/channels';
import { readStatic } from './static-files';

/**
 * Browser mode: serves the built renderer and the contract over a WebSocket, on loopback
 * only. The static files hold no secret and are served to any request whose Host names this
 * server. The contract needs the random token: the page takes it from the URL once, keeps it
 * in memory (and in the tab's sessionStorage, so a reload works), strips it from the address
 * bar, and presents it in the WebSocket handshake as a subprotocol (`Sec-WebSocket-Protocol`),
 * never in a cookie (cookies ignore ports, so every server on 127.0.0.1 would receive it). The
 * handshake must also carry a Host and an Origin of this server, so neither another site in
 * the browser nor DNS rebinding can drive Wharf. A few sockets per server and a bounded
 * number of calls in flight per socket keep one client from exhausting the process.
 */
export interface WebServerOptions {
  core: WharfCore;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Open sockets at once (default 8): one per window, a few spare for reloads. */
  maxSockets?: number;
  /** Calls a socket may have unanswered at once (default 64); one more closes it. */
  maxCallsInFlight?: number;
}

export interface RunningWebServer {
  /** The URL to open: the page with the token in its query (the page removes it). */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Sockets open now (for tests). */
  socketCount(): number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_SOCKETS = 8;
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 64;

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxSockets = opts.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const maxInFlight = opts.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Select Wharf's protocol, never echo the token's.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server: Server = createServer((req, res) => {
    void serveHttp(req, res).catch(() => refuse(res, 500, 'Internal error.'));
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return refuse(res, 403, 'Wrong Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = parseRequestUrl(req.url);
    if (!url) return refuse(res, 400, 'Malformed request URL.');
    const file = await readStatic(opts.rendererDir, url.pathname);
    const page = file ?? (url.pathname.includes('.') ? null : await readStatic(opts.rendererDir, '/'));
    if (!page) return refuse(res, 404, 'Not found.');
    res.writeHead(200, {
      'Content-Type': page.type,
      'Content-Security-Policy': rendererCsp(`ws://${HOST}:${port} ws://localhost:${port}`),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : page.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without an error listener: until ws owns it, a client
    // that resets mid-handshake would otherwise crash the whole process.
    const onSocketError = (): void => void socket.destroy();
    socket.on('error', onSocketError);
    const url = parseRequestUrl(req.url);
    const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
    const presented = offered.find((p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX))?.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
    const ok =
      !!url &&
      url.pathname === '/ws' &&
      url.search === '' &&
      hostAllowed(req.headers.host, port) &&
      originAllowed(req.headers.origin, port) &&
      offered.includes(WS_PROTOCOL) &&
      !!presented &&
      sameSecret(presented, token);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.off('error', onSocketError);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Over the cap the socket is opened only to be closed with a reason the page can show
      // (a refused handshake reaches a page's script as a bare 1006).
      if (sockets.size >= maxSockets) {
        ws.close(WS_CLOSE_TOO_MANY_SOCKETS, `Too many Wharf connections (at most ${maxSockets}): close a Wharf tab, then reload.`);
        return;
      }
      attach(ws);
    });
  });

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    let inFlight = 0;
    let refused = false;
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (refused) return;
      if (inFlight >= maxInFlight) {
        refused = true;
        // A page never has this many calls unanswered: a runaway or hostile client.
        ws.close(WS_CLOSE_TOO_MANY_CALLS, `Too many calls in flight on one connection (at most ${maxInFlight}).`);
        sockets.delete(ws);
        return;
      }
      inFlight += 1;
      void handleMessage(ws, data as Buffer, isBinary).finally(() => (inFlight -= 1));
    });
  }

  async function handleMessage(ws: WebSocket, data: Buffer, isBinary: boolean): Promise<void> {
    let raw: unknown;
    try {
      if (isBinary) throw new Error('binary');
      raw = JSON.parse(data.toString('utf8'));
    } catch {
      send(ws, { kind: 'result', id: -1, ok: false, error: { code: 'BAD_REQUEST', message: 'Messages must be JSON text.' } });
      return;
    }
    send(ws, await opts.core.call(raw, { transport: 'web' }));
  }

  const unsubscribe = opts.core.events.subscribe((event, payload) => {
    const message = JSON.stringify({ kind: 'event', event, payload } satisfies ServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    socketCount: () => sockets.size,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request target as a URL, or null when it cannot be parsed (e.g. `//[`): never a throw. */
function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', `http://${HOST}`);
  } catch {
    return null;
  }
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function refuse(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message);
}

function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `${HOST}:${port}` || host === `localhost:${port}`;
}

function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The subprotocols a handshake offers (`Sec-WebSocket-Protocol: a, b`). */
function offeredProtocols(header: string | undefined): string[] {
  return (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}
