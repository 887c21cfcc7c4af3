import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src-main/contract/domains/audit';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import type { OpenSession } from '../../../src-main/core/session/session-manager';
import { callCore, callCoreOk } from '../core-calls';

/**
 * Local files never lose data silently. A restart is a new core on the same data folder.
 * - audit.jsonl with a line torn by a crash mid-write: the next entry starts a line of its own
 *   and is still there after a restart.
 * - settings.json that does not read as settings: kept aside, reported, never overwritten
 *   until the user decides; what can be recovered (production marks, watched regions) stays
 *   in force; without the read-only marks every change to AWS is held.
 */
let dataDir: string;
const cores: WharfCore[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-files-'));
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<WharfCore> {
  const env = { HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'none') };
  const core = await createCore({ version: 'test', transport: 'web', dataDir, demo: null, env });
  cores.push(core);
  return core;
}

async function restart(core: WharfCore): Promise<WharfCore> {
  await core.close();
  cores.splice(cores.indexOf(core), 1);
  return start();
}

const settingsFile = (): string => join(dataDir, 'settings.json');
const corruptCopies = (): string[] => readdirSync(dataDir).filter((n) => n.startsWith('settings.json.corrupt-'));

describe('audit.jsonl after a crash mid-write', () => {
  it('starts the next entry on a new line, and the entry survives a restart', async () => {
    const earlier: AuditEntry = { time: 1_700_000_000_000, profile: 'prod', accountId: '111122223333', region: 'us-east-1', action: 'scale', target: 'svc', before: { desiredCount: 2 }, after: { desiredCount: 3 }, result: 'ok' };
    const torn = '{"time":1700000000500,"profile":"prod","action":"forceDepl';
    writeFileSync(join(dataDir, 'audit.jsonl'), `${JSON.stringify(earlier)}\n${torn}`);

    const core = await start();
    await callCoreOk(core, 'settings.update', { theme: 'dark' });
    // While it runs, and after a restart: the new entry and the earlier one, the fragment skipped.
    const running = await callCoreOk(core, 'audit.list', {});
    expect(running.entries.map((e) => e.action)).toEqual(['settings.update', 'scale']);
    const again = await restart(core);
    const after = await callCoreOk(again, 'audit.list', {});
    expect(after.entries.map((e) => e.action)).toEqual(['settings.update', 'scale']);
    expect(after.entries[0]).toMatchObject({ target: 'settings: theme', before: { theme: 'system' }, after: { theme: 'dark' }, result: 'ok' });
    const lines = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').split('\n');
    expect(lines[1]).toBe(torn); // the fragment is kept as it was, on its own line
    expect(lines.at(-1)).toBe('');

    // Appends after the repair need none: one entry per line.
    await callCoreOk(again, 'settings.update', { theme: 'light' });
    const final = await restart(again);
    expect((await callCoreOk(final, 'audit.list', {})).entries.map((e) => e.action)).toEqual(['settings.update', 'settings.update', 'scale']);
  });
});

describe('settings.json that does not read as settings', () => {
  const full = {
    apiBudgetShare: 0.3,
    overviewRegions: ['eu-west-1', 'ap-south-1'],
    allowExecOnReadOnly: false,
    productionProfiles: ['prod-admin', 'prod-eu'],
    readOnlyProfiles: ['prod-ro'],
    mutedClusters: ['arn:aws:ecs:us-east-1:111122223333:cluster/a', 'arn:aws:ecs:us-east-1:111122223333:cluster/b'],
    theme: 'dark',
  };

  it('is kept aside and reported, keeps the production marks and regions, and is never overwritten until the user decides', async () => {
    const text = JSON.stringify(full, null, 2);
    const cut = text.slice(0, text.indexOf('cluster/b') + 4); // cut short inside mutedClusters
    writeFileSync(settingsFile(), cut);

    const core = await start();
    const { problem } = await callCoreOk(core, 'settings.problem', {});
    expect(problem).toMatchObject({ file: settingsFile(), error: expect.stringMatching(/not valid JSON/), mutationsHeld: false });
    expect(problem!.recovered).toEqual(['apiBudgetShare', 'overviewRegions', 'allowExecOnReadOnly', 'productionProfiles', 'readOnlyProfiles']);
    expect(problem!.partial).toEqual(['mutedClusters']);
    expect(corruptCopies()).toHaveLength(1);
    expect(readFileSync(join(dataDir, corruptCopies()[0]), 'utf8')).toBe(cut);
    expect(problem!.keptAs).toBe(join(dataDir, corruptCopies()[0]));

    // What was recovered is in force: the red frame, the watched regions, the read-only mark.
    const settings = await callCoreOk(core, 'settings.get', {});
    expect(settings).toMatchObject({ productionProfiles: ['prod-admin', 'prod-eu'], overviewRegions: ['eu-west-1', 'ap-south-1'], readOnlyProfiles: ['prod-ro'], apiBudgetShare: 0.3, mutedClusters: ['arn:aws:ecs:us-east-1:111122223333:cluster/a'], theme: 'system' });

    // No change is written over it, and nothing is written by defaults.
    const refused = await callCore(core, 'settings.update', { theme: 'light' });
    expect(refused.ok === false && refused.error).toMatchObject({ code: 'PRECONDITION', fix: expect.stringMatching(/banner/) });
    expect(readFileSync(settingsFile(), 'utf8')).toBe(cut);

    // A restart before deciding: the same report, no second copy, the file untouched.
    const again = await restart(core);
    expect((await callCoreOk(again, 'settings.problem', {})).problem).toMatchObject({ recovered: problem!.recovered, keptAs: problem!.keptAs });
    expect(corruptCopies()).toHaveLength(1);
    expect(readFileSync(settingsFile(), 'utf8')).toBe(cut);
    expect((await callCoreOk(again, 'settings.get', {})).productionProfiles).toEqual(['prod-admin', 'prod-eu']);

    // The user keeps what was recovered: written, audited, and in force after the next restart.
    const kept = await callCoreOk(again, 'settings.resolveProblem', { choice: 'keep-recovered' });
    expect(kept.productionProfiles).toEqual(['prod-admin', 'prod-eu']);
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toMatchObject({ productionProfiles: ['prod-admin', 'prod-eu'], overviewRegions: ['eu-west-1', 'ap-south-1'] });
    const third = await restart(again);
    expect((await callCoreOk(third, 'settings.problem', {})).problem).toBeNull();
    expect(await callCoreOk(third, 'settings.get', {})).toMatchObject({ productionProfiles: ['prod-admin', 'prod-eu'], overviewRegions: ['eu-west-1', 'ap-south-1'], readOnlyProfiles: ['prod-ro'] });
    expect(corruptCopies()).toHaveLength(1); // the copy stays for the user
    const audit = (await callCoreOk(third, 'audit.list', {})).entries;
    expect(audit[0]).toMatchObject({ action: 'settings.resolve', target: 'settings: keep-recovered', result: 'ok' });
  });

  it('holds every change to AWS while the read-only marks are lost, until the user decides', async () => {
    const text = JSON.stringify(full);
    writeFileSync(settingsFile(), text.slice(0, text.indexOf('"readOnlyProfiles"') + 25));
    const core = await start();
    const { problem } = await callCoreOk(core, 'settings.problem', {});
    expect(problem).toMatchObject({ mutationsHeld: true, partial: ['readOnlyProfiles'] });
    const session = { info: { profile: 'dev', accountId: '111122223333', region: 'us-east-1', readOnly: false } } as OpenSession;
    await expect(core.services.guard.assertMayMutate(session, { action: 'scale', target: 'svc' })).rejects.toMatchObject({ code: 'READ_ONLY', message: expect.stringMatching(/settings.json could not be read/) });

    // Starting from the defaults drops the production marks: a safety change, confirmed by name.
    const unconfirmed = await callCore(core, 'settings.resolveProblem', { choice: 'defaults' });
    expect(unconfirmed.ok === false && unconfirmed.error.code).toBe('NOT_CONFIRMED');
    expect((await callCoreOk(core, 'settings.problem', {})).problem).not.toBeNull();
    const defaults = await callCoreOk(core, 'settings.resolveProblem', { choice: 'defaults', confirmation: 'prod-admin, prod-eu' });
    expect(defaults.productionProfiles).toEqual([]);
    await expect(core.services.guard.assertMayMutate(session, { action: 'scale', target: 'svc' })).resolves.toBeUndefined();
  });

  it('reads a file fixed by hand again; an empty or invalid file is a problem too', async () => {
    writeFileSync(settingsFile(), '');
    const core = await start();
    expect((await callCoreOk(core, 'settings.problem', {})).problem).toMatchObject({ error: 'The file is empty.', mutationsHeld: true });
    writeFileSync(settingsFile(), JSON.stringify({ ...full, apiBudgetShare: 7 }));
    const still = await callCore(core, 'settings.resolveProblem', { choice: 'reread' });
    expect(still.ok === false && still.error).toMatchObject({ code: 'PRECONDITION', message: expect.stringMatching(/apiBudgetShare/) });
    // A complete file with one bad value: the rest is known, so changes are not held.
    expect((await callCoreOk(core, 'settings.problem', {})).problem).toMatchObject({ mutationsHeld: false, recovered: expect.arrayContaining(['readOnlyProfiles', 'productionProfiles']) });
    expect(corruptCopies()).toHaveLength(2);
    writeFileSync(settingsFile(), JSON.stringify(full));
    expect(await callCoreOk(core, 'settings.resolveProblem', { choice: 'reread' })).toMatchObject({ apiBudgetShare: 0.3 });
    expect((await callCoreOk(core, 'settings.problem', {})).problem).toBeNull();
    expect(existsSync(settingsFile())).toBe(true);
  });
});
