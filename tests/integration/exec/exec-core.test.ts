import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCore } from '../core-calls';
import { endsWithPrompt } from './channel-harness';
import type { MethodName } from '../../../src-main/contract/api';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type RunningSim } from '../../../src-main/sim';

/**
 * The exec.* contract through core's dispatcher with the Demo account open against the sim:
 * events on the bus, the audit log, and the read-only guard with its setting.
 */
let sim: RunningSim;
let core: WharfCore;
let dataDir: string;
const call = <M extends MethodName>(method: M, args: unknown) => callCore(core, method, args);

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', speed: 0, seed: 3 });
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-exec-core-'));
  core = await createCore({ version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir } });
  const opened = await call('session.open', { profile: 'Demo account' });
  expect(opened.ok).toBe(true);
});

afterAll(async () => {
  await core?.close();
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function checkoutTask() {
  const { ecs } = core.services.sessions.require().clients;
  const list = await ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'checkout', desiredStatus: 'RUNNING' }));
  const task = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: list.taskArns ?? [] }))).tasks!.find((t) => t.lastStatus === 'RUNNING')!;
  return { clusterArn: task.clusterArn!, taskArn: task.taskArn!, container: task.containers![0].name!, cols: 80, rows: 24 };
}

describe('exec through core', () => {
  it('exec.start -> exec.output events -> exec.close, audited', async () => {
    let output = '';
    const states: string[] = [];
    const stop = core.events.subscribe((event, payload) => {
      if (event === 'exec.output') output += (payload as { data: string }).data;
      if (event === 'exec.state') states.push((payload as { state: string }).state);
    });
    const started = await call('exec.start', await checkoutTask());
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { sessionId } = started.result;
    await expect.poll(() => states.includes('open')).toBe(true);
    // Typed before the prompt, the command's output would land on the prompt's line.
    await expect.poll(() => endsWithPrompt(output)).toBe(true);
    await call('exec.input', { sessionId, data: 'echo wharf-$((6*7))\r' });
    await expect.poll(() => /^wharf-42\r?$/m.test(output)).toBe(true);
    const listed = await call('exec.list', {});
    expect(listed.ok && listed.result.sessions.map((s) => s.sessionId)).toEqual([sessionId]);
    expect(await call('exec.close', { sessionId })).toEqual({ ok: true, result: { closed: true } });
    await expect.poll(() => states.at(-1)).toBe('closed');
    stop();
    const audit = await call('audit.list', {});
    const actions = audit.ok ? audit.result.entries.map((e) => `${e.action}:${e.result}:${e.profile}`) : [];
    expect(actions.slice(0, 2)).toEqual(['exec.close:ok:Demo account', 'exec.open:ok:Demo account']);
  });

  it('a read-only profile may exec only when the setting allows it', async () => {
    await call('settings.update', { readOnlyProfiles: ['Demo account'] });
    await call('session.open', { profile: 'Demo account' });
    const refused = await call('exec.start', await checkoutTask());
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('READ_ONLY');
      expect(refused.error.fix).toMatch(/Allow exec on read-only profiles/);
    }
    // Turning it on lowers a safety setting: a call without the typed confirmation changes nothing.
    const unconfirmed = await call('settings.update', { allowExecOnReadOnly: true });
    expect(unconfirmed.ok === false && unconfirmed.error.code).toBe('NOT_CONFIRMED');
    expect((await call('exec.start', await checkoutTask())).ok).toBe(false);
    expect((await call('settings.update', { allowExecOnReadOnly: true, confirmation: 'allow exec' })).ok).toBe(true);
    const allowed = await call('exec.start', await checkoutTask());
    expect(allowed.ok).toBe(true);
    if (allowed.ok) await call('exec.close', { sessionId: allowed.result.sessionId });
  });

  it('a bad call is refused by the contract schema', async () => {
    const bad = await call('exec.start', { clusterArn: 'not-an-arn', taskArn: 'arn:x', container: 'c', cols: 0, rows: 24 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
