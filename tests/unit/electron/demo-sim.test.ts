/**
 * The Electron shell's Demo account: the sim is an Electron utility process (never a child
 * run with ELECTRON_RUN_AS_NODE, so the packaged app can turn that fuse off), and its
 * per-launch key pair reaches core over the child's stdout, not argv or the environment.
 * Electron is mocked (its binary cannot run here): the fake utilityProcess runs the real sim
 * CLI in a Node child with the options the shell gave it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolve } from 'node:path';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { FakeUtilityProcess } from './fake-electron';
import { startDemo, type RunningDemo } from '../../../src-main/electron/demo-sim';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const CLI = resolve(__dirname, '../../../src-main/sim/cli.ts');
let demo: RunningDemo | null = null;

afterEach(async () => {
  await demo?.close();
  demo = null;
  FakeUtilityProcess.forked = [];
});

describe('startDemo', () => {
  it('forks the sim with utilityProcess (stdout piped, no ELECTRON_RUN_AS_NODE) and hands core its endpoint and key pair', async () => {
    demo = await startDemo(CLI, 'empty');
    expect(demo).not.toBeNull();
    expect(FakeUtilityProcess.forked).toHaveLength(1);
    const [{ modulePath, args, options }] = FakeUtilityProcess.forked;
    expect(modulePath).toBe(CLI);
    expect(args).toEqual(expect.arrayContaining(['--scenario', 'empty', '--port', '0', '--ready-json']));
    expect(args).not.toContain('--admin');
    expect(options).toMatchObject({ stdio: 'pipe', serviceName: 'Wharf Demo sim' });
    expect((options.env as NodeJS.ProcessEnv).ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(process.env.ELECTRON_RUN_AS_NODE).toBeUndefined();

    const { account } = demo!;
    expect(account).toMatchObject({ scenario: 'empty', region: 'us-east-1', endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    // The pair went over the pipe only: not in what the shell passed to the child.
    expect(JSON.stringify([args, options])).not.toContain(account.credentials.secretAccessKey);
    const ecs = new ECSClient({ endpoint: account.endpoint, region: account.region, credentials: account.credentials, maxAttempts: 1 });
    try {
      expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    } finally {
      ecs.destroy();
    }
  });

  it('ends the utility process on close', async () => {
    demo = await startDemo(CLI, 'empty');
    const [{ child }] = FakeUtilityProcess.forked;
    const exited = new Promise<unknown>((done) => child.on('exit', done));
    await demo!.close();
    demo = null;
    await expect(exited).resolves.toEqual(expect.any(Number));
  });

  it('answers null (real profiles still work) when the sim cannot start', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await startDemo(CLI, 'no-such-scenario')).toBeNull();
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining("the Demo account's sim did not start"));
    } finally {
      stderr.mockRestore();
    }
  });
});
