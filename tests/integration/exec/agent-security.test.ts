/**
 * Who may reach the sim's exec agent (issue 11, item 1): only the client of an authenticated
 * ExecuteCommand, holding the token it issued, addressing the agent by a loopback name and its
 * port, without an Origin header. A web page (which always sends Origin), a rebound DNS name,
 * a made-up session, a wrong token: each refused, and the real client still gets its shell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECSClient, ExecuteCommandCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { WebSocket } from 'ws';
import { startSim, type RunningSim } from '../../../src-main/sim';
import { adminFetch } from '../sim/harness';

let sim: RunningSim;
let ecs: ECSClient;

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', speed: 0, seed: 7 });
  ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  ecs?.destroy();
  await sim?.close();
});

async function openSession(): Promise<{ streamUrl: string; tokenValue: string }> {
  const [task] = (await ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'checkout', desiredStatus: 'RUNNING' }))).taskArns!;
  const { session } = await ecs.send(new ExecuteCommandCommand({ cluster: 'prod-fargate', task, command: '/bin/sh', interactive: true }));
  return { streamUrl: session!.streamUrl!, tokenValue: session!.tokenValue! };
}

/** The HTTP status the agent refused the upgrade with, or 'open'. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** Connects, sends `first`, and resolves with the close code the agent answers with, or 'served' once the agent sends a frame. */
function firstFrame(url: string, first: string | Buffer): Promise<number | 'served'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => ws.send(first));
    ws.once('message', () => {
      resolve('served');
      ws.terminate();
    });
    ws.once('close', (code) => resolve(code));
    ws.once('error', reject);
  });
}

const opening = (tokenValue: string) => JSON.stringify({ MessageSchemaVersion: '1.0', RequestId: 'r', TokenValue: tokenValue, ClientId: 'c', ClientVersion: 'test' });

describe('the exec agent', () => {
  it('refuses a WebSocket that carries an Origin header (any web page), even to a real session', async () => {
    const { streamUrl } = await openSession();
    expect(await upgrade(streamUrl, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(streamUrl, { Origin: 'null' })).toBe(403);
  });

  it('refuses a foreign Host (a DNS name rebound to 127.0.0.1) and another port', async () => {
    const { streamUrl } = await openSession();
    const port = Number(new URL(streamUrl).port);
    expect(await upgrade(streamUrl, { Host: 'evil.example' })).toBe(421);
    expect(await upgrade(streamUrl, { Host: `evil.example:${port}` })).toBe(421);
    expect(await upgrade(streamUrl, { Host: `127.0.0.1:${port + 1}` })).toBe(421);
  });

  it('knows no session that ExecuteCommand did not open', async () => {
    const { streamUrl } = await openSession();
    const madeUp = streamUrl.replace(/data-channel\/[^?]+/, 'data-channel/ecs-execute-command-0123456789abcdef0');
    expect(await upgrade(madeUp)).toBe(404);
  });

  it('closes a socket whose first frame has a wrong token, or none, and still serves the client holding the token', async () => {
    const { streamUrl, tokenValue } = await openSession();
    expect(await firstFrame(streamUrl, opening(`${tokenValue.slice(0, -2)}AA`))).toBe(1008);
    expect(await firstFrame(streamUrl, opening(''))).toBe(1008);
    expect(await firstFrame(streamUrl, Buffer.from('binary first'))).toBe(1008);
    // The session is still there for the real client.
    expect(await firstFrame(streamUrl, opening(tokenValue))).toBe('served');
  });

  it('has no admin routes unless the sim was started with them, and then only for the secret', async () => {
    const agent = `http://${new URL((await openSession()).streamUrl).host}`;
    expect((await adminFetch(sim, '/admin/exec-sessions', undefined, agent)).status).toBe(404);
    const withAdmin = await startSim({ scenario: 'empty', speed: 0, admin: true });
    try {
      const state = (await (await adminFetch(withAdmin, '/__sim/state')).json()) as { execAgent: string };
      expect((await fetch(`${state.execAgent}/admin/exec-sessions`)).status).toBe(401);
      expect((await fetch(`${state.execAgent}/admin/exec-sessions`, { headers: { authorization: `Bearer ${withAdmin.credentials.secretAccessKey}` } })).status).toBe(401);
      const listing = await adminFetch(withAdmin, '/admin/exec-sessions', undefined, state.execAgent);
      expect(await listing.json()).toEqual({ active: 0, sessions: [] });
    } finally {
      await withAdmin.close();
    }
  });
});
