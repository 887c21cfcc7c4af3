import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WharfError } from '../../../src-main/contract/errors';
import { AuditLog } from '../../../src-main/core/audit/audit-log';
import { auditedMutation, MutationGuard } from '../../../src-main/core/guard/mutation-guard';
import { SettingsStore } from '../../../src-main/core/settings/settings-store';
import type { OpenSession } from '../../../src-main/core/session/session-manager';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The guard reads only `info` of a session. */
function sessionOf(readOnly: boolean): OpenSession {
  return {
    info: { profile: 'prod', kind: 'static', region: 'eu-west-1', accountId: '123456789012', callerArn: 'arn:aws:iam::123456789012:user/me', readOnly, production: true, demo: false, openedAt: 0 },
  } as OpenSession;
}

describe('AuditLog', () => {
  it('appends JSON lines and reads them newest first, with limit and before', async () => {
    const log = new AuditLog(dir);
    for (let i = 1; i <= 5; i++) {
      await log.append({ time: i * 1000, profile: 'p', accountId: '1', region: 'r', action: `a${i}`, target: 't', before: null, after: null, result: 'ok' });
    }
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5);
    expect((await log.read()).map((e) => e.action)).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    expect((await log.read({ limit: 2 })).map((e) => e.action)).toEqual(['a5', 'a4']);
    expect((await log.read({ limit: 2, before: 4000 })).map((e) => e.action)).toEqual(['a3', 'a2']);
  });

  it('keeps concurrent appends whole, one per line', async () => {
    const log = new AuditLog(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append({ profile: 'p', accountId: '1', region: 'r', action: `a${i}`, target: 't', before: { i }, after: null, result: 'ok' })));
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('never writes a credential or a secret value', async () => {
    const log = new AuditLog(dir);
    await log.append({
      profile: 'p',
      accountId: '1',
      region: 'r',
      action: 'exec.open',
      target: 'arn:aws:ecs:r:1:task/c/t',
      before: { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: 'FwoGZXIvYXdzE' } },
      after: {
        session: { sessionId: 's-1', streamUrl: 'wss://x', tokenValue: 'AAEAAeyJhbGciOi' },
        containerDefinitions: [{ name: 'web', environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }], secrets: [{ name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:r:1:secret:api' }] }],
        note: 'keys were AKIAIOSFODNN7EXAMPLE',
      },
      result: 'error',
      error: 'failed with AKIAIOSFODNN7EXAMPLE',
    });
    const text = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    for (const secret of ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'FwoGZXIvYXdzE', 'AAEAAeyJhbGciOi', 'hunter2']) expect(text).not.toContain(secret);
    // Names and references stay: they are what a reviewer needs.
    expect(text).toContain('DB_PASSWORD');
    expect(text).toContain('arn:aws:secretsmanager:r:1:secret:api');
    expect(text).toContain('s-1');
  });

  it('skips a torn last line instead of failing', async () => {
    const log = new AuditLog(dir);
    await log.append({ profile: 'p', accountId: '1', region: 'r', action: 'a', target: 't', before: null, after: null, result: 'ok' });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, 'audit.jsonl'), '{"time":12,"acti');
    expect((await log.read()).map((e) => e.action)).toEqual(['a']);
  });
});

describe('MutationGuard', () => {
  async function guardWith(settingsPatch = {}) {
    const settings = new SettingsStore(dir);
    await settings.load();
    if (Object.keys(settingsPatch).length) await settings.update(settingsPatch);
    const audit = new AuditLog(dir);
    return { guard: new MutationGuard({ audit, settings }), audit };
  }

  it('refuses any mutation on a read-only profile, and audits the refusal', async () => {
    const { guard, audit } = await guardWith();
    const err = await guard.assertMayMutate(sessionOf(true), { action: 'ecs.UpdateService', target: 'c/web', confirmation: 'web', expected: 'web', before: { desiredCount: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WharfError);
    expect((err as WharfError).code).toBe('READ_ONLY');
    expect((err as WharfError).message).toContain('Profile prod is read-only');
    const [entry] = await audit.read();
    expect(entry).toMatchObject({ profile: 'prod', accountId: '123456789012', region: 'eu-west-1', action: 'ecs.UpdateService', target: 'c/web', result: 'refused', before: { desiredCount: 2 } });
  });

  it('refuses on a profile marked read-only in settings after it was opened', async () => {
    const { guard } = await guardWith({ readOnlyProfiles: ['prod'] });
    await expect(guard.assertMayMutate(sessionOf(false), { action: 'ecs.StopTask', target: 't' })).rejects.toMatchObject({ code: 'READ_ONLY' });
  });

  it('refuses when the typed confirmation differs, and audits it', async () => {
    const { guard, audit } = await guardWith();
    const err = (await guard.assertMayMutate(sessionOf(false), { action: 'rollback.image', target: 'c/web', confirmation: 'wbe', expected: 'web' }).catch((e: unknown) => e)) as WharfError;
    expect(err.code).toBe('NOT_CONFIRMED');
    expect((await audit.read())[0].result).toBe('refused');
  });

  it('lets a confirmed mutation through without writing a refusal', async () => {
    const { guard, audit } = await guardWith();
    await guard.assertMayMutate(sessionOf(false), { action: 'rollback.image', target: 'c/web', confirmation: ' web ', expected: 'web' });
    expect(await audit.read()).toEqual([]);
  });

  it('allows exec on a read-only profile only when the setting says so', async () => {
    const off = await guardWith();
    await expect(off.guard.assertMayMutate(sessionOf(true), { action: 'exec.open', target: 't', isExec: true })).rejects.toMatchObject({ code: 'READ_ONLY' });
    const on = await guardWith({ allowExecOnReadOnly: true });
    await expect(on.guard.assertMayMutate(sessionOf(true), { action: 'exec.open', target: 't', isExec: true })).resolves.toBeUndefined();
    await expect(on.guard.assertMayMutate(sessionOf(true), { action: 'ecs.StopTask', target: 't' })).rejects.toMatchObject({ code: 'READ_ONLY' });
  });

  it('auditedMutation records ok with after, or error with the message', async () => {
    const { audit } = await guardWith();
    const session = sessionOf(false);
    await auditedMutation(audit, session, { action: 'ecs.UpdateService', target: 'c/web', before: { desiredCount: 2 } }, async () => ({ result: 1, after: { desiredCount: 3 } }));
    await expect(auditedMutation(audit, session, { action: 'ecs.StopTask', target: 't', before: null }, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    const [failed, ok] = await audit.read();
    expect(ok).toMatchObject({ result: 'ok', before: { desiredCount: 2 }, after: { desiredCount: 3 } });
    expect(failed).toMatchObject({ result: 'error', error: 'boom' });
  });
});
