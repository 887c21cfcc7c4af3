/**
 * Browser mode's transport, over real HTTP and real WebSockets against a real core: the
 * token (a WebSocket subprotocol, never a cookie), Host and Origin checks, path traversal,
 * the caps on sockets and calls in flight, and a flood of malformed messages that must each
 * get an error while the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { rendererCsp } from '../../../src-main/core/security/csp';
import { DEFAULT_MAX_CALLS_IN_FLIGHT, startWebServer, type RunningWebServer } from '../../../src-main/web/server';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../../src-main/contract/channels';
import type { CallResponse } from '../../../src-main/contract/wire';

const PAGE = '<!doctype html><title>Wharf test page</title>';
const SECRET = 'TOP-SECRET-OUTSIDE-RENDERER';

let root: string;
let core: WharfCore;
let server: RunningWebServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wharf-web-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), PAGE);
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(join(root, 'package.json'), `{"secret":"${SECRET}"}`);
  await writeFile(join(root, 'secret'), SECRET);
  const dataDir = join(root, 'data');
  const env = { HOME: root, AWS_CONFIG_FILE: join(root, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(root, 'none') };
  core = await createCore({ version: '0.0.0-test', transport: 'web', dataDir, demo: null, env });
  server = await startWebServer({ core, rendererDir });
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  await rm(root, { recursive: true, force: true });
});

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP GET: the path is sent exactly as given (no client-side normalisation). */
function get(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const withToken = (path: string): string => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(server.token)}`;

type Connection = { ws: WebSocket } | { refused: number | string };

/** The subprotocols the page offers: Wharf's, and the token. */
const protocolsFor = (token: string): string[] => [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`];

/** Opens a WebSocket to /ws (by default as the page does); resolves with the socket, or with why it was refused. */
function connect(opts: { path?: string; origin?: string | null; headers?: Record<string, string>; protocols?: string[]; to?: RunningWebServer } = {}): Promise<Connection> {
  const target = opts.to ?? server;
  const path = opts.path ?? '/ws';
  const origin = opts.origin === undefined ? target.origin : opts.origin;
  const protocols = opts.protocols ?? protocolsFor(target.token);
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}${path}`, protocols, { ...(origin ? { origin } : {}), headers: opts.headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => resolve({ refused: err.message }));
  });
}

async function open(to?: RunningWebServer): Promise<WebSocket> {
  const c = await connect({ to });
  if (!('ws' in c)) throw new Error(`connection refused: ${c.refused}`);
  return c.ws;
}

/** Sends one frame and waits for the next call response (events are skipped). */
function roundTrip(ws: WebSocket, data: string | Buffer, binary = false): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: Buffer): void => {
      const message = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (message.kind === 'event') return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(message);
    };
    const onClose = (code: number): void => reject(new Error(`socket closed (${code}) instead of answering`));
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(data, { binary });
  });
}

describe('HTTP', () => {
  it('serves the static page without any secret, and never sets a cookie', async () => {
    for (const path of ['/', '/assets/app.js', withToken('/'), '/?token=wrong', '/clusters/x']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['set-cookie'], path).toBeUndefined();
    }
    expect((await get(withToken('/'))).body).toBe(PAGE);
  });

  it('refuses a wrong or missing Host header (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `127.0.0.1:${server.port}.evil.example`]) {
      const answer = await get(withToken('/'), { host });
      expect(answer.status, host).toBe(403);
      expect(answer.body, host).not.toContain('Wharf test page');
    }
  });

  it('serves the page with the CSP header and no referrer', async () => {
    const first = await get('/');
    expect(first.status).toBe(200);
    expect(first.body).toBe(PAGE);
    expect(first.headers['content-security-policy']).toBe(rendererCsp(`ws://127.0.0.1:${server.port} ws://localhost:${server.port}`));
    expect(first.headers['content-security-policy']).toContain("script-src 'self'");
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const second = await get('/assets/app.js');
    expect(second.status).toBe(200);
    expect(second.headers['content-security-policy']).toBeDefined();
  });

  it('refuses methods other than GET and HEAD', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', method: 'POST', headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('x');
    });
    expect(status).toBe(405);
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      '/../package.json',
      '/../secret',
      '/%2e%2e/package.json',
      '/%2E%2E/secret',
      '/..%2fpackage.json',
      '/..%2Fsecret',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fsecret',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/..%5cpackage.json',
      '/%252e%252e/package.json',
      '/index.html%00.js',
      '/%00',
      '/%E0%A4%A',
      '//../package.json',
    ];
    for (const path of attempts) {
      const answer = await get(withToken(path));
      expect(answer.body, path).not.toContain(SECRET);
      expect(answer.body, path).not.toContain('root:');
      expect([200, 400, 404], `${path} -> ${answer.status}`).toContain(answer.status);
      // A 200 can only be the app's own page (client-side routes fall back to index.html).
      if (answer.status === 200) expect(answer.body, path).toBe(PAGE);
    }
  });
});

describe('WebSocket handshake', () => {
  it('accepts the token as a subprotocol with the right Host and Origin, and selects only Wharf\'s protocol', async () => {
    const ws = await open();
    expect(ws.protocol).toBe(WS_PROTOCOL);
    const answer = await roundTrip(ws, JSON.stringify({ kind: 'call', id: 1, method: 'app.info', args: {} }));
    expect(answer).toMatchObject({ kind: 'result', id: 1, ok: true, result: { transport: 'web' } });
    ws.close();
  });

  it('refuses a socket without the token or with a wrong one', async () => {
    expect(await connect({ protocols: [WS_PROTOCOL] })).toEqual({ refused: 403 });
    expect(await connect({ protocols: [] })).toEqual({ refused: 403 });
    expect(await connect({ protocols: protocolsFor('wrong') })).toEqual({ refused: 403 });
    expect(await connect({ protocols: protocolsFor(`${server.token}x`) })).toEqual({ refused: 403 });
    expect(await connect({ protocols: protocolsFor(server.token.slice(1)) })).toEqual({ refused: 403 });
    expect(await connect({ protocols: protocolsFor('') })).toEqual({ refused: 403 });
    // The token alone, without Wharf's protocol, is not the handshake the page makes.
    expect(await connect({ protocols: [`${WS_TOKEN_PROTOCOL_PREFIX}${server.token}`] })).toEqual({ refused: 403 });
  });

  it('no longer takes the token from the URL or a cookie', async () => {
    expect(await connect({ path: withToken('/ws'), protocols: [WS_PROTOCOL] })).toEqual({ refused: 403 });
    expect(await connect({ protocols: [WS_PROTOCOL], headers: { cookie: `wharf_token=${server.token}` } })).toEqual({ refused: 403 });
    // Even with the right subprotocol, a token in the URL is refused: it would end up in logs and history.
    expect(await connect({ path: withToken('/ws') })).toEqual({ refused: 403 });
  });

  it('refuses a wrong or missing Origin', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'null', `http://127.0.0.1:${server.port}.evil.example`]) {
      expect(await connect({ origin }), origin).toEqual({ refused: 403 });
    }
    expect(await connect({ origin: null })).toEqual({ refused: 403 });
  });

  it('refuses a wrong Host and a wrong path', async () => {
    expect(await connect({ headers: { host: 'evil.example' } })).toEqual({ refused: 403 });
    expect(await connect({ headers: { host: `127.0.0.1:${server.port + 1}` } })).toEqual({ refused: 403 });
    expect(await connect({ path: '/socket' })).toEqual({ refused: 403 });
  });

  it('survives a malformed upgrade URL and a client that resets mid-handshake', async () => {
    for (const target of ['//[', 'http://[::1', '/ws?token=%']) {
      await new Promise<void>((resolve) => {
        const socket = tcpConnect(server.port, '127.0.0.1', () => {
          socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
          socket.resetAndDestroy();
          resolve();
        });
        socket.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 50));
    const ws = await open();
    expect(await roundTrip(ws, JSON.stringify({ kind: 'call', id: 2, method: 'app.info', args: {} }))).toMatchObject({ ok: true });
    ws.close();
  });
});

/** 1,000 messages of many malformed kinds, each unique. */
function malformedMessages(): { data: string | Buffer; binary: boolean; label: string }[] {
  const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
  const deepArgs = (depth: number): string => `{"kind":"call","id":1,"method":"settings.update","args":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  const call = (fields: Record<string, unknown>): string => JSON.stringify({ kind: 'call', id: 1, method: 'app.info', args: {}, ...fields });
  const kinds: ((i: number) => { data: string | Buffer; binary?: boolean; label: string })[] = [
    (i) => ({ data: `{"kind":"call","id":${i}`, label: 'truncated JSON' }),
    (i) => ({ data: `not json ${i}`, label: 'plain text' }),
    (i) => ({ data: i % 2 ? '' : ' ', label: 'empty' }),
    (i) => ({ data: `{'kind':'call','id':${i}}`, label: 'single quotes' }),
    (i) => ({ data: Buffer.from([0xff, 0x00, i % 256, 0x7b]), binary: true, label: 'binary frame' }),
    (i) => ({ data: Buffer.from(call({ id: i })), binary: true, label: 'valid call as a binary frame' }),
    (i) => ({ data: JSON.stringify([i]), label: 'array' }),
    (i) => ({ data: String(i), label: 'number' }),
    () => ({ data: 'null', label: 'null' }),
    (i) => ({ data: JSON.stringify(`call ${i}`), label: 'string' }),
    (i) => ({ data: JSON.stringify({ kind: 'event', id: i, method: 'app.info' }), label: 'wrong kind' }),
    (i) => ({ data: JSON.stringify({ id: i, method: 'app.info', args: {} }), label: 'no kind' }),
    (i) => ({ data: call({ id: String(i) }), label: 'string id' }),
    (i) => ({ data: call({ id: -i - 1 }), label: 'negative id' }),
    (i) => ({ data: call({ id: i + 0.5 }), label: 'fractional id' }),
    (i) => ({ data: `{"kind":"call","id":1e${300 + (i % 8)},"method":"app.info","args":{}}`, label: 'huge id' }),
    (i) => ({ data: `{"kind":"call","id":${'9'.repeat(20 + (i % 50))},"method":"app.info","args":{}}`, label: 'id beyond 2^53' }),
    (i) => ({ data: call({ id: i, method: '' }), label: 'empty method' }),
    (i) => ({ data: call({ id: i, method: `no.such.method.${i}` }), label: 'unknown method' }),
    (i) => ({ data: call({ id: i, method: ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'][i % 5] }), label: 'prototype method names' }),
    (i) => ({ data: call({ id: i, method: 'x'.repeat(101 + i) }), label: 'long method' }),
    (i) => ({ data: call({ id: i, method: 42 }), label: 'numeric method' }),
    (i) => ({ data: call({ id: i, args: { extra: i } }), label: 'extra arg' }),
    (i) => ({ data: call({ id: i, method: 'settings.update', args: { theme: `pink-${i}` } }), label: 'bad enum' }),
    (i) => ({ data: call({ id: i, method: 'settings.update', args: { apiBudgetShare: 5 + i } }), label: 'out of range' }),
    (i) => ({ data: call({ id: i, method: 'settings.update', args: `theme=${i}` }), label: 'string args' }),
    (i) => ({ data: call({ id: i, method: 'settings.update', args: [i] }), label: 'array args' }),
    (i) => ({ data: call({ id: i, method: 'app.openExternal', args: { url: `javascript:alert(${i})` } }), label: 'bad url' }),
    (i) => ({ data: call({ id: i, method: 'app.openExternal', args: { url: `https://evil.example/${i}` } }), label: 'foreign url' }),
    (i) => ({ data: call({ id: i, method: 'session.open', args: { profile: '', region: 'moon-1' } }), label: 'bad session args' }),
    (i) => ({ data: `{"kind":"call","id":${i},"method":"settings.update","args":{"__proto__":{"theme":"dark"}}}`, label: '__proto__ args' }),
    (i) => ({ data: deep(500 + i), label: 'nested arrays' }),
    (i) => ({ data: deepArgs(200 + (i % 300)), label: 'nested args' }),
    (i) => ({ data: `{"kind":"call","id":${i},"method":"app.info","args":{},"junk":${deep(100)}}`.replace('"args":{}', `"args":{"j":${deep(50 + (i % 50))}}`), label: 'nested junk in args' }),
  ];
  return Array.from({ length: 1000 }, (_, i) => {
    const m = kinds[i % kinds.length](i);
    return { data: m.data, binary: m.binary ?? false, label: m.label };
  });
}

describe('malformed messages', () => {
  it('answers each of 1,000 malformed messages with an error, then still serves', async () => {
    const ws = await open();
    const messages = malformedMessages();
    const wrong: string[] = [];
    for (const { data, binary, label } of messages) {
      const answer = await roundTrip(ws, data, binary);
      const error = answer.error as { code?: unknown; message?: unknown } | undefined;
      if (answer.kind !== 'result' || answer.ok !== false || typeof error?.code !== 'string' || typeof error.message !== 'string') {
        wrong.push(`${label}: ${JSON.stringify(answer).slice(0, 200)}`);
      }
    }
    expect(messages).toHaveLength(1000);
    expect(wrong, wrong.slice(0, 10).join('\n')).toEqual([]);
    const info = await roundTrip(ws, JSON.stringify({ kind: 'call', id: 4242, method: 'app.info', args: {} }));
    expect(info).toMatchObject({ kind: 'result', id: 4242, ok: true, result: { version: '0.0.0-test' } });
    ws.close();
  });

  it('answers as many pipelined calls as the cap allows all at once, one response each', async () => {
    const ws = await open();
    const n = DEFAULT_MAX_CALLS_IN_FLIGHT;
    const answers: Record<string, unknown>[] = [];
    const done = new Promise<void>((resolve) => {
      ws.on('message', (raw: Buffer) => {
        const m = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        if (m.kind === 'result') answers.push(m);
        if (answers.length === n) resolve();
      });
    });
    for (let i = 0; i < n; i++) ws.send(i % 2 ? `garbage ${i}` : JSON.stringify({ kind: 'call', id: i, method: 'app.info', args: {} }));
    await done;
    expect(answers.filter((a) => a.ok === true).map((a) => a.id).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: n / 2 }, (_, i) => i * 2));
    expect(answers.filter((a) => a.ok === false)).toHaveLength(n / 2);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('closes a socket that sends an oversized message, and keeps serving others', async () => {
    const big = await open();
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ kind: 'call', id: 1, method: 'app.info', args: { pad: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    const ws = await open();
    expect(await roundTrip(ws, JSON.stringify({ kind: 'call', id: 3, method: 'app.info', args: {} }))).toMatchObject({ ok: true });
    ws.close();
  });
});

/**
 * The caps, on a server of their own whose core answers only when the test says so: calls
 * stay in flight as long as needed, without timing.
 */
describe('caps', () => {
  let held: Array<() => void>;
  let capped: RunningWebServer;
  const slowCore = {
    call: (raw: unknown): Promise<CallResponse> =>
      new Promise((resolve) => held.push(() => resolve({ kind: 'result', id: (raw as { id: number }).id, ok: true, result: {} }))),
    events: { subscribe: () => () => {} },
    services: {},
    close: async () => {},
  } as unknown as WharfCore;

  beforeAll(async () => {
    held = [];
    capped = await startWebServer({ core: slowCore, rendererDir: join(root, 'renderer'), maxSockets: 2, maxCallsInFlight: 3 });
  });
  afterAll(() => capped?.close());

  function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  }

  it('closes a socket beyond the per-server cap with a reason, and takes one again once another closed', async () => {
    const a = await open(capped);
    const b = await open(capped);
    const third = await connect({ to: capped });
    if (!('ws' in third)) throw new Error(`refused outright: ${third.refused}`);
    const closed = await closeOf(third.ws);
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/Too many Wharf connections \(at most 2\)/);
    expect(capped.socketCount()).toBe(2);

    const aClosed = closeOf(a);
    a.close();
    await aClosed;
    await expect.poll(() => capped.socketCount()).toBe(1);
    const again = await open(capped);
    expect(again.readyState).toBe(WebSocket.OPEN);
    again.close();
    b.close();
    await expect.poll(() => capped.socketCount()).toBe(0);
  });

  it('answers calls up to the in-flight cap, and closes the socket that sends one more', async () => {
    const ws = await open(capped);
    const answered: number[] = [];
    ws.on('message', (raw: Buffer) => answered.push((JSON.parse(raw.toString('utf8')) as { id: number }).id));
    for (let id = 1; id <= 3; id++) ws.send(JSON.stringify({ kind: 'call', id, method: 'app.info', args: {} }));
    await expect.poll(() => held.length).toBe(3);
    // One call answered frees one place.
    held.shift()!();
    await expect.poll(() => answered).toEqual([1]);
    ws.send(JSON.stringify({ kind: 'call', id: 4, method: 'app.info', args: {} }));
    await expect.poll(() => held.length).toBe(3);

    const closed = closeOf(ws);
    ws.send(JSON.stringify({ kind: 'call', id: 5, method: 'app.info', args: {} }));
    expect(await closed).toEqual({ code: 1008, reason: 'Too many calls in flight on one connection (at most 3).' });
    expect(held).toHaveLength(3); // the fifth call never reached core
    for (const release of held.splice(0)) release();

    // Another socket is served as before.
    const other = await open(capped);
    const answer = new Promise<unknown>((resolve) => other.once('message', (raw: Buffer) => resolve(JSON.parse(raw.toString('utf8')))));
    other.send(JSON.stringify({ kind: 'call', id: 9, method: 'app.info', args: {} }));
    await expect.poll(() => held.length).toBe(1);
    held.shift()!();
    expect(await answer).toMatchObject({ id: 9, ok: true });
    other.close();
  });
});
