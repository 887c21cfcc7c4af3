import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src-main/contract/domains/audit';
import { EventBus } from '../../../src-main/core/events';
import { HistoryService } from '../../../src-main/core/history/history-service';

/**
 * A clean quit writes what history had queued: the queue goes to the worker every few seconds,
 * so without the hand-over at close the last seconds before a quit would be lost. The flush
 * interval here is an hour: only close() can have written the entry.
 */
const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/web';
const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
let dataDir: string | null = null;

function open(events: EventBus, dir: string): HistoryService {
  return new HistoryService({
    events,
    sessions: { current: () => ({ info: { profile: 'prod-admin' } }), onChange: () => () => {} },
    settings: { get: () => ({ historyRetentionDays: 7, historyMaxMb: 500 }) },
    dataDir: dir,
    flushMs: 60 * 60_000,
    compactMs: 60 * 60_000,
  });
}

afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

describe('a clean quit', () => {
  it('writes the changes queued since the last hand-over before the store closes', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-history-quit-'));
    const events = new EventBus();
    const first = open(events, dataDir);
    await first.whenReady();
    expect((await first.status()).recording).toBe(true);
    const time = Date.now();
    const entry: AuditEntry = { time, profile: 'prod-admin', accountId: '123456789012', region: 'us-east-1', action: 'ecs.UpdateService', target: SERVICE_ARN, before: { desiredCount: 2 }, after: { desiredCount: 4 }, result: 'ok' };
    events.emit('audit.appended', entry);
    // Queued, not written: the next hand-over is an hour away. Then the app quits.
    await first.close();

    const second = open(new EventBus(), dataDir);
    try {
      await second.whenReady();
      const changes = await second.changes({ clusterArn: CLUSTER_ARN, from: time - 1000, to: time + 1000 });
      expect(changes.changes.map((c) => c.text)).toEqual(['Wharf: ecs.UpdateService on prod/web by prod-admin']);
    } finally {
      await second.close();
    }
  }, 60_000);
});
