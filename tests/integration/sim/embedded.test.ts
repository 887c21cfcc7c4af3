import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { startSimProcess } from '../../../src-main/sim/embedded';

const CLI = resolve(__dirname, '../../../src-main/sim/cli.ts');

describe('startSimProcess', () => {
  it('runs the sim in a child process, resolves on its ready line with the key pair it made, and stops it on close', async () => {
    const sim = await startSimProcess({ script: CLI, scenario: 'empty', speed: 0, seed: 1 });
    try {
      expect(sim).toMatchObject({ region: 'us-east-1', accountId: '123456789012' });
      expect(sim.credentials.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
      const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
      expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
      ecs.destroy();
      // Another key pair (the one any other sim process made) is refused.
      const other = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: { ...sim.credentials, secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 });
      await expect(other.send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
      other.destroy();
      // The pair never reaches the child's command line or environment (other users of the machine can read a command line).
      const cmdline = readFileSync(`/proc/${sim.pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${sim.pid}/environ`, 'utf8');
      for (const text of [cmdline, environ]) {
        expect(text).not.toContain(sim.credentials.secretAccessKey);
        expect(text).not.toContain(sim.credentials.accessKeyId);
      }
      // No admin routes unless asked for: /__sim/state is just an unsigned request.
      const state = await fetch(`${sim.endpoint}/__sim/state`, { headers: { authorization: `Bearer ${sim.credentials.secretAccessKey}`, 'content-type': 'application/json' } });
      expect(state.status).toBe(400);
      expect(await state.text()).toContain('<Code>IncompleteSignature</Code>');
    } finally {
      await sim.close();
    }
    await expect(fetch(`${sim.endpoint}/`)).rejects.toThrow();
  });

  it('serves the admin routes when asked (tests)', async () => {
    const sim = await startSimProcess({ script: CLI, scenario: 'empty', speed: 0, seed: 1, admin: true });
    try {
      const state = await fetch(`${sim.endpoint}/__sim/state`, { headers: { authorization: `Bearer ${sim.credentials.secretAccessKey}`, 'content-type': 'application/json' } });
      expect(await state.json()).toMatchObject({ scenario: 'empty' });
    } finally {
      await sim.close();
    }
  });

  it('rejects with the child stderr when the sim cannot start', async () => {
    await expect(startSimProcess({ script: CLI, scenario: 'nope' })).rejects.toThrow(/exited .* before it was ready:[\s\S]*Unknown scenario "nope"/);
  });
});
