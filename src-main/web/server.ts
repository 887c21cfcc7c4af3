import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WharfCore } from '../core/core';
import { rendererCsp } from '../core/security/csp';
import type { ServerMessage } from '../contract/wire';
import { readStatic } from './static-files';

/**
 * Browser mode: serves the built renderer and the contract over a WebSocket, on loopback
 * only. Every HTTP request and the WebSocket upgrade must carry the random token (in the
 * URL once, then in an HttpOnly cookie), a Host naming this server, and for the WebSocket
 * an Origin of this server — so neither another site in the browser nor DNS rebinding can
 * drive Wharf.
 */
export interface WebServerOptions {
  core: WharfCore;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningWebServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const COOKIE = 'wharf_token';
const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
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
    const fromQuery = url.searchParams.get('token');
    const presented = fromQuery ?? readCookie(req.headers.cookie, COOKIE);
    if (!presented || !sameSecret(presented, token)) {
      return refuse(res, 401, 'Wharf needs the token from the URL that `npm run web` printed.');
    }
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
      ...(fromQuery ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : page.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without an error listener: until ws owns it, a client
    // that resets mid-handshake would otherwise crash the whole process.
    const onSocketError = (): void => void socket.destroy();
    socket.on('error', onSocketError);
    const url = parseRequestUrl(req.url);
    const presented = url ? (url.searchParams.get('token') ?? readCookie(req.headers.cookie, COOKIE)) : null;
    const ok =
      !!url &&
      url.pathname === '/ws' &&
      hostAllowed(req.headers.host, port) &&
      originAllowed(req.headers.origin, port) &&
      !!presented &&
      sameSecret(presented, token);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.off('error', onSocketError);
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      void handleMessage(ws, data as Buffer, isBinary);
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

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}
