import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../../src-main/contract/channels';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type RunningSim } from '../../../src-main/sim';
import { startWebServer, type RunningWebServer } from '../../../src-main/web/server';

/**
 * Credentials never cross to the renderer: a profile with static keys (and a session token)
 * is opened at start, the inventory reads the demo account, and every frame browser mode
 * sends to a page — call results and events — is recorded. None holds the key id, the secret
 * or the token; the page sees the profile's name, the account and the region.
 */
const KEYS = { accessKeyId: 'AKIAWHARFTESTKEY0001', secretAccessKey: 'wharf/test+Secret/Value0123456789abcdefgh', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLEwharfSessionToken0123' };

let root: string;
let sim: RunningSim;
let core: WharfCore;
let server: RunningWebServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wharf-nocreds-'));
  sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, credentials: [KEYS] });
  writeFileSync(join(root, 'config'), `[profile keys]\nregion = us-east-1\nendpoint_url = ${sim.endpoint}\n`);
  writeFileSync(join(root, 'credentials'), `[keys]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\naws_session_token = ${KEYS.sessionToken}\n`);
  const rendererDir = join(root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html>');
  core = await createCore({
    version: 'test',
    transport: 'web',
    dataDir: join(root, 'data'),
    demo: null,
    env: { HOME: root, AWS_CONFIG_FILE: join(root, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(root, 'credentials'), AWS_PROFILE: 'keys' },
    openDefaultSession: true,
  });
  server = await startWebServer({ core, rendererDir });
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  await sim?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('what a page receives', () => {
  it('never holds the access key id, the secret or the session token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${server.token}`], { origin: server.origin });
    const frames: string[] = [];
    const answers = new Map<number, Record<string, unknown>>();
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      frames.push(text);
      const m = JSON.parse(text) as { kind: string; id?: number };
      if (m.kind === 'result' && typeof m.id === 'number') answers.set(m.id, m as Record<string, unknown>);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const methods: Array<[string, unknown]> = [
      ['app.info', {}],
      ['session.current', {}],
      ['session.profiles', {}],
      ['settings.get', {}],
      ['status.get', {}],
      ['inventory.clusters', {}],
      ['audit.list', {}],
      // Read the account again now, so its deltas reach this socket even if the first load
      // ended before it opened.
      ['inventory.refresh', {}],
    ];
    methods.forEach(([method, args], i) => ws.send(JSON.stringify({ kind: 'call', id: i + 1, method, args })));
    await expect.poll(() => answers.size, { timeout: 20_000 }).toBe(methods.length);
    // The inventory has read the account: its deltas went out too.
    await expect.poll(() => frames.some((f) => f.includes('"inventory.delta"')), { timeout: 20_000 }).toBe(true);
    ws.close();

    expect(answers.get(2)).toMatchObject({ ok: true, result: { profile: 'keys', region: 'us-east-1', accountId: expect.stringMatching(/^\d{12}$/) } });
    const all = frames.join('\n');
    for (const secret of Object.values(KEYS)) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/wJalrXUtnFEMI|aws_secret_access_key|secretAccessKey|sessionToken/);
  });
});
