import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistorySnapshot } from '../../../src-main/contract/domains/history';
import { HistoryStore } from '../../../src-main/core/history/store/history-store';
import { CLUSTER, T0 } from '../../unit/inventory/records';

/**
 * A crash in the middle of a write (the process killed with SIGKILL inside a transaction,
 * after SQLite has written pages of it to the file): the next open rolls the hot journal
 * back; every batch committed before is there, the torn one is not, and recording goes on.
 */
const dir = mkdtempSync(join(tmpdir(), 'wharf-torn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runWriter(file: string, batches: number): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'torn-writer.ts'), file, String(batches)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (_code, signal) => resolve({ out, signal }));
  });
}

describe('a torn write', () => {
  it('loses the batch being written and nothing before it', async () => {
    const file = join(dir, 'history.db');
    const { out, signal } = await runWriter(file, 5);
    expect(signal).toBe('SIGKILL');
    expect(out).toContain('committed 5');
    expect(out).not.toContain('not killed');
    // Killed mid-transaction: SQLite's hot journal and the VFS's lock directory are left behind.
    expect(existsSync(`${file}-journal`)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(true);

    const store = HistoryStore.open(file);
    try {
      expect(store.notice).toBeNull();
      const s = store.handle({ op: 'snapshot', profile: 'p', clusterArn: CLUSTER, at: T0 + 60_000 }) as HistorySnapshot;
      expect(s.snapshot.services.map((x) => x.desiredCount)).toEqual([5]);
      expect(s.snapshot.tasks).toHaveLength(5 * 20);
      expect(existsSync(`${file}-journal`)).toBe(false);
      // And it records on.
      store.append([{ type: 'delta', t: T0 + 120_000, gen: 1, profile: 'p', delta: { clusterArn: CLUSTER, tasks: [] , removed: [] } }]);
    } finally {
      store.close();
    }
  }, 60_000);
});
