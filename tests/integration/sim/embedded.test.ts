import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { startSimProcess } from '../../../src-main/sim/embedded';

const CLI = resolve(__dirname, '../../../src-main/sim/cli.ts');

describe('startSimProcess', () => {
  it('runs the sim in a child process, resolves on its ready line and stops it on close', async () => {
    const sim = await startSimProcess({ script: CLI, scenario: 'empty', speed: 0, seed: 1 });
    try {
      expect(sim).toMatchObject({ region: 'us-east-1', accountId: '123456789012' });
      const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
      ecs.destroy();
    } finally {
      await sim.close();
    }
    await expect(fetch(`${sim.endpoint}/__sim/state`)).rejects.toThrow();
  });

  it('rejects with the child stderr when the sim cannot start', async () => {
    await expect(startSimProcess({ script: CLI, scenario: 'nope' })).rejects.toThrow(/exited .* before it was ready:[\s\S]*Unknown scenario "nope"/);
  });
});
