import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src-main/contract/domains/audit';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { callCore, callCoreOk } from '../core-calls';

/**
 * Settings changes through the contract, as the window (or any client of the socket) makes
 * them: every change is in audit.jsonl with before and after; lowering a safety setting
 * (a read-only or production mark removed, exec on read-only profiles) is refused without
 * the typed confirmation, and the refusal is audited.
 */
let dataDir: string;
let core: WharfCore;
const changed: unknown[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-settings-'));
  const env = { HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'none') };
  core = await createCore({ version: 'test', transport: 'web', dataDir, demo: null, env });
  core.events.subscribe((event, payload) => {
    if (event === 'settings.changed') changed.push(payload);
  });
});
afterAll(async () => {
  await core?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function onDisk(): AuditEntry[] {
  return readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
}

describe('settings changes', () => {
  it('audits every change with the values before and after, and skips a change that changes nothing', async () => {
    await callCoreOk(core, 'settings.update', { overviewRegions: ['eu-west-1'], apiBudgetShare: 0.25 });
    await callCoreOk(core, 'settings.update', { readOnlyProfiles: ['prod-admin'], productionProfiles: ['prod-admin'] });
    await callCoreOk(core, 'settings.update', { overviewRegions: ['eu-west-1'] });
    expect(onDisk().map((e) => ({ action: e.action, target: e.target, before: e.before, after: e.after, result: e.result }))).toEqual([
      { action: 'settings.update', target: 'settings: apiBudgetShare, overviewRegions', before: { overviewRegions: [], apiBudgetShare: 0.5 }, after: { overviewRegions: ['eu-west-1'], apiBudgetShare: 0.25 }, result: 'ok' },
      { action: 'settings.update', target: 'settings: productionProfiles, readOnlyProfiles', before: { readOnlyProfiles: [], productionProfiles: [] }, after: { readOnlyProfiles: ['prod-admin'], productionProfiles: ['prod-admin'] }, result: 'ok' },
    ]);
    expect(changed).toHaveLength(2);
  });

  it('refuses to turn exec on read-only profiles on without the typed confirmation, and audits the refusal', async () => {
    const events = changed.length;
    const bare = await callCore(core, 'settings.update', { allowExecOnReadOnly: true });
    expect(bare.ok === false && bare.error).toMatchObject({ code: 'NOT_CONFIRMED', message: expect.stringMatching(/Type "allow exec"/) });
    const wrong = await callCore(core, 'settings.update', { allowExecOnReadOnly: true, confirmation: 'yes' });
    expect(wrong.ok === false && wrong.error.code).toBe('NOT_CONFIRMED');
    expect((await callCoreOk(core, 'settings.get', {})).allowExecOnReadOnly).toBe(false);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).allowExecOnReadOnly).toBe(false);
    expect(changed).toHaveLength(events);
    expect(onDisk().slice(-2).map((e) => [e.action, e.result, e.after])).toEqual([
      ['settings.update', 'refused', { allowExecOnReadOnly: true }],
      ['settings.update', 'refused', { allowExecOnReadOnly: true }],
    ]);
    const ok = await callCoreOk(core, 'settings.update', { allowExecOnReadOnly: true, confirmation: 'allow exec' });
    expect(ok.allowExecOnReadOnly).toBe(true);
    expect(onDisk().at(-1)).toMatchObject({ result: 'ok', before: { allowExecOnReadOnly: false }, after: { allowExecOnReadOnly: true } });
    // Turning it off again raises safety: no confirmation.
    expect((await callCoreOk(core, 'settings.update', { allowExecOnReadOnly: false })).allowExecOnReadOnly).toBe(false);
  });

  it('needs the profile name to remove a read-only or production mark, not to add one', async () => {
    const ro = await callCore(core, 'settings.update', { readOnlyProfiles: [] });
    expect(ro.ok === false && ro.error).toMatchObject({ code: 'NOT_CONFIRMED', message: expect.stringMatching(/prod-admin is no longer read-only/) });
    const prod = await callCore(core, 'settings.update', { productionProfiles: ['staging'] });
    expect(prod.ok === false && prod.error.code).toBe('NOT_CONFIRMED');
    expect(await callCoreOk(core, 'settings.get', {})).toMatchObject({ readOnlyProfiles: ['prod-admin'], productionProfiles: ['prod-admin'] });
    // Adding marks, and other settings, go through as they are.
    expect((await callCoreOk(core, 'settings.update', { readOnlyProfiles: ['prod-admin', 'prod-eu'], theme: 'dark' })).readOnlyProfiles).toEqual(['prod-admin', 'prod-eu']);
    // Both marks of prod-admin removed at once: one name to type.
    const both = await callCoreOk(core, 'settings.update', { readOnlyProfiles: ['prod-eu'], productionProfiles: [], confirmation: 'prod-admin' });
    expect(both).toMatchObject({ readOnlyProfiles: ['prod-eu'], productionProfiles: [] });
    expect(onDisk().at(-1)).toMatchObject({ action: 'settings.update', result: 'ok', before: { readOnlyProfiles: ['prod-admin', 'prod-eu'], productionProfiles: ['prod-admin'] } });
  });
});
