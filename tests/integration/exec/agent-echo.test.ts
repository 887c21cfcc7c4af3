import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecAgent } from '../../../src-main/sim/exec-agent';
import { openProbe } from './channel-harness';

describe('exec data channel against the sim agent', () => {
  const agent = new ExecAgent({ host: '127.0.0.1' });
  beforeAll(() => agent.start());
  afterAll(() => agent.close());

  it('opens a shell and runs a command', async () => {
    const { probe } = openProbe(agent);
    await probe.untilState('open');
    await probe.command('echo wharf-$((6*7))');
    await probe.untilOutput(/^wharf-42\r?$/m);
    expect(agent.activeSessionCount()).toBe(1);
    probe.channel.close();
    await waitFor(() => agent.activeSessionCount() === 0);
  });
});

async function waitFor(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
