import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkAsNode } from '../../../src-main/electron/demo-sim';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

describe('forkAsNode', () => {
  it('runs the child with ELECTRON_RUN_AS_NODE=1 without touching our own environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wharf-fork-'));
    const script = join(dir, 'child.js');
    await writeFile(script, 'process.send({ runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null, keep: process.env.WHARF_FORK_TEST ?? null }, () => process.exit(0));');
    const child = forkAsNode(script, [], { env: { ...process.env, WHARF_FORK_TEST: 'kept' } });
    const message = await new Promise((resolve) => child.once('message', resolve));
    expect(message).toEqual({ runAsNode: '1', keep: 'kept' });
    expect(process.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  });
});
