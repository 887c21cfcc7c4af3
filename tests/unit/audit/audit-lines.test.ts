import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../../src-main/core/audit/audit-log';

/** Lines read back from audit.jsonl are parsed with the contract's AuditEntry schema, not cast. */
describe('AuditLog.read', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps the entries that match the schema and skips torn or foreign lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-audit-'));
    dirs.push(dir);
    const log = new AuditLog(dir);
    await log.append({ time: 1000, profile: 'p', accountId: '1', region: 'r', action: 'scale', target: 't', before: null, after: null, result: 'ok' });
    appendFileSync(join(dir, 'audit.jsonl'), [
      JSON.stringify({ time: 2000, action: 'looks like one', target: 't' }), // no profile, no result
      JSON.stringify({ time: 3000, profile: 'p', accountId: '1', region: 'r', action: 'x', target: 't', result: 'maybe' }), // a result the contract does not know
      '{"time": 4000, "profile": "p", "acc', // torn by a crash
    ].join('\n') + '\n');
    await log.append({ time: 5000, profile: 'p', accountId: null, region: null, action: 'stopTask', target: 't', before: { a: 1 }, after: null, result: 'refused' });
    expect((await log.read()).map((e) => e.action)).toEqual(['stopTask', 'scale']);
  });
});
