import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLogsHarness, type LogsHarness } from './harness';

/**
 * The incident summary and notifications through core, with the inventory reading the demo
 * sim's EC2 cluster for real: the crash-looping `ledger` service.
 */
let h: LogsHarness;
let clusterArn: string;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  h = await startLogsHarness();
  clusterArn = h.clusterArn('prod-ec2');
  await h.ok('inventory.focus', { clusterArn, serviceArn: null, taskArn: null, view: 'services' });
  await until('the first load of prod-ec2', async () => {
    const answer = await h.call('inventory.snapshot', { clusterArn });
    return answer.ok && answer.result.complete;
  });
});
afterAll(async () => {
  await h?.close();
});

describe('notifications from the inventory\'s problems', () => {
  it('the crash loop is notified once, however many refreshes follow', async () => {
    await until('a crash-loop notification', async () => (await h.ok('notifications.list', {})).notifications.some((n) => n.kind === 'crash-loop'));
    for (let i = 0; i < 4; i++) {
      h.sim.clock.advance(20_000);
      await h.ok('inventory.refresh', {});
      await new Promise((r) => setTimeout(r, 200));
    }
    const { notifications, unread } = await h.ok('notifications.list', {});
    const ledger = notifications.filter((n) => n.kind === 'crash-loop' && n.targetArn.endsWith('/prod-ec2/ledger'));
    expect(ledger).toHaveLength(1);
    expect(ledger[0].title).toBe('ledger: crash loop');
    expect(unread).toBe(notifications.length);
    expect((await h.ok('notifications.markRead', { keys: [ledger[0].key] })).unread).toBe(notifications.length - 1);
  });
});

describe('summary.service', () => {
  it('writes the ledger service\'s state with its stopped tasks\' exit codes and its error lines', async () => {
    const { markdown } = await h.ok('summary.service', { clusterArn, serviceName: 'ledger' });
    expect(markdown).toMatch(/^### ledger — crash loop\n/);
    expect(markdown).toContain('> **critical:** ledger: crash loop — ');
    expect(markdown).toContain('in cluster `prod-ec2`');
    expect(markdown).toContain('- **Account:** Demo account · 123456789012 · us-east-1');
    expect(markdown).toMatch(/- PRIMARY `payments-ledger:\d+` — /);
    expect(markdown).toMatch(/EssentialContainerExited: .*; app exit 1/);
    expect(markdown).toContain('FATAL: could not connect to database at db.internal:5432');
  });

  it('says NOT_FOUND, in words, for a service it has not read', async () => {
    const answer = await h.call('summary.service', { clusterArn, serviceName: 'no-such-service' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});
