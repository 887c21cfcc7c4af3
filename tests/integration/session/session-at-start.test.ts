import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResponse } from '../../../src-main/contract/wire';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim } from '../../../src-main/sim';

/**
 * The app's entry points open the default profile as core starts, so the first window finds
 * its session (and the cluster list) on the way. A window asking meanwhile waits for that
 * open instead of starting a second one; a default profile that cannot open leaves no
 * session and no error behind (the renderer opens it itself and shows why it failed).
 */
type Sim = Awaited<ReturnType<typeof startSim>>;
let sim: Sim;
const dirs: string[] = [];
const cores: WharfCore[] = [];

async function startCore(env: NodeJS.ProcessEnv, withDemo: boolean): Promise<WharfCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-start-'));
  dirs.push(dataDir);
  const core = await createCore({
    version: 'test',
    transport: 'web',
    dataDir,
    demo: withDemo ? { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials } : null,
    env: { HOME: dataDir, ...env },
    openDefaultSession: true,
  });
  cores.push(core);
  return core;
}

async function current(core: WharfCore): Promise<CallResponse> {
  return core.call({ kind: 'call', id: 1, method: 'session.current', args: {} }, { transport: 'test' });
}

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', port: 0, seed: 1 });
});

afterAll(async () => {
  for (const core of cores) await core.close();
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the default session opens as core starts', () => {
  it('a start-up open that hangs does not hold the window: session.current gives up after its wait', async () => {
    const files = mkdtempSync(join(tmpdir(), 'wharf-start-files-'));
    dirs.push(files);
    const config = join(files, 'config');
    // A credential_process that takes its time (an SSO helper waiting for a browser, say):
    // here it waits until the test lets it go, so the open is still running when settled answers.
    const release = join(files, 'release');
    writeFileSync(config, `[default]\nregion = us-east-1\ncredential_process = /bin/sh -c "while [ ! -e '${release}' ]; do sleep 0.1; done"\n`);
    const core = await startCore({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(files, 'none') }, false);
    try {
      // It gives up after its wait: were it waiting for the open, this would never answer.
      expect(await core.services.sessions.settled(200)).toBeNull();
    } finally {
      writeFileSync(release, '');
    }
  });

  it('session.current, asked at once, waits for it: the Demo account, one STS call, clusters on the way', async () => {
    const core = await startCore({}, true);
    const stsCalls = () => core.services.monitor.snapshot().categories.filter((c) => c.category.startsWith('sts')).reduce((n, c) => n + c.requestsLastMinute, 0);
    const answer = await current(core);
    expect(answer.ok).toBe(true);
    expect(answer.ok && answer.result).toMatchObject({ profile: 'Demo account', accountId: sim.accountId, region: sim.region });
    expect(stsCalls()).toBe(1);
    // The inventory started on the session's change: the cluster list arrives without a call.
    await expect.poll(() => core.services.inventory.clusters().length, { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it('a default profile that cannot open leaves no session and no error; opening it names the fix', async () => {
    const files = mkdtempSync(join(tmpdir(), 'wharf-start-files-'));
    dirs.push(files);
    const config = join(files, 'config');
    // A credential_process that fails: the open fails without any network.
    writeFileSync(config, '[default]\nregion = us-east-1\ncredential_process = /bin/false\n');
    const core = await startCore({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(files, 'none') }, false);
    const answer = await current(core);
    expect(answer).toMatchObject({ ok: true, result: null });
    const opened = await core.call({ kind: 'call', id: 2, method: 'session.open', args: { profile: 'default' } }, { transport: 'test' });
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.error.code).toBe('CREDENTIALS');
  });
});
