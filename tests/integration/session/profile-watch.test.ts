import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProfileList } from '../../../src-main/contract/domains/session';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim } from '../../../src-main/sim';

/**
 * Profiles follow the shared files without a restart: core watches AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE (here in folders that do not exist at first), pushes the new
 * list once per burst of writes, drops removed profiles, shows each profile's region,
 * account and marks, and leaves the open session alone.
 */
type Sim = Awaited<ReturnType<typeof startSim>>;
let sim: Sim;
let core: WharfCore;
let home: string;
let configPath: string;
let credentialsPath: string;
const pushed: ProfileList[] = [];
const sessionChanges: unknown[] = [];

const names = (list: ProfileList | undefined) => (list?.profiles ?? []).map((p) => p.name);
const last = () => pushed[pushed.length - 1];

beforeAll(async () => {
  sim = await startSim({ scenario: 'empty', port: 0, seed: 1 });
  home = mkdtempSync(join(tmpdir(), 'wharf-profiles-'));
  // Neither folder exists yet: the watcher must see them appear.
  configPath = join(home, 'aws', 'config');
  credentialsPath = join(home, 'secrets', 'credentials');
  core = await createCore({
    version: 'test',
    transport: 'web',
    dataDir: home,
    demo: { endpoint: sim.endpoint, scenario: 'empty', region: sim.region, credentials: sim.credentials },
    env: { HOME: home, AWS_CONFIG_FILE: configPath, AWS_SHARED_CREDENTIALS_FILE: credentialsPath },
  });
  core.events.on('session.profilesChanged', (list) => pushed.push(list));
  await core.services.sessions.open('Demo account');
  core.events.on('session.changed', (s) => sessionChanges.push(s));
  core.services.sessions.watchProfiles({ debounceMs: 100, pollMs: 200 });
});

afterAll(async () => {
  await core?.close();
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('profiles follow the shared files', () => {
  it('a profile added to a config file in a folder made after start appears, with its region, account and marks', async () => {
    mkdirSync(join(home, 'aws'));
    writeFileSync(configPath, ['[profile staging]', 'region = eu-central-1', 'sso_account_id = 210987654321', 'sso_session = corp', 'wharf_read_only = true', 'wharf_production = true', '', '[sso-session corp]', 'sso_start_url = https://corp.awsapps.invalid/start', 'sso_region = eu-central-1', ''].join('\n'));
    await vi.waitFor(() => expect(names(last())).toContain('staging'), { timeout: 15_000, interval: 50 });
    expect(last().profiles.find((p) => p.name === 'staging')).toMatchObject({ region: 'eu-central-1', accountId: '210987654321', readOnly: true, production: true, kind: 'sso' });
    // The Demo account was opened in this run: its account is known.
    expect(last().profiles.find((p) => p.name === 'Demo account')?.accountId).toBe(sim.accountId);
  });

  it('one push for a burst of writes (an editor saving by rename, then the credentials file)', async () => {
    const before = pushed.length;
    const temp = `${configPath}.tmp`;
    writeFileSync(temp, ['[profile staging]', 'region = eu-central-1', '', '[profile ops]', 'region = us-west-2', 'role_arn = arn:aws:iam::444455556666:role/Ops', 'source_profile = staging', ''].join('\n'));
    renameSync(temp, configPath);
    mkdirSync(join(home, 'secrets'));
    writeFileSync(credentialsPath, ['[ci]', 'aws_access_key_id = AKIAEXAMPLEEXAMPLE01', 'aws_secret_access_key = not-a-real-secret', ''].join('\n'));
    await vi.waitFor(() => expect(names(last())).toEqual(expect.arrayContaining(['staging', 'ops', 'ci'])), { timeout: 15_000, interval: 50 });
    expect(last().profiles.find((p) => p.name === 'ops')).toMatchObject({ region: 'us-west-2', accountId: '444455556666', kind: 'assume-role' });
    // staging lost its marks with its lines.
    expect(last().profiles.find((p) => p.name === 'staging')).toMatchObject({ readOnly: false, production: false, accountId: null });
    // Nothing here is timing: at most one push per file written, never one per watcher event.
    expect(pushed.length - before).toBeLessThanOrEqual(2);
  });

  it('a removed profile disappears, and the open session is not disturbed', async () => {
    writeFileSync(configPath, ['[profile ops]', 'region = us-west-2', ''].join('\n'));
    await vi.waitFor(() => expect(names(last())).not.toContain('staging'), { timeout: 15_000, interval: 50 });
    expect(names(last())).toEqual(expect.arrayContaining(['ops', 'ci', 'Demo account']));
    expect(sessionChanges).toEqual([]);
    expect(core.services.sessions.current()?.info.profile).toBe('Demo account');
    const answer = await core.call({ kind: 'call', id: 1, method: 'session.profiles', args: {} }, { transport: 'test' });
    expect(answer.ok && names(answer.result as ProfileList)).toEqual(names(last()));
  });

  it('marking a profile in Settings pushes the list with the mark', async () => {
    await core.services.settingsService.update({ productionProfiles: ['ci'] });
    await vi.waitFor(() => expect(last().profiles.find((p) => p.name === 'ci')?.production).toBe(true), { timeout: 15_000, interval: 50 });
  });
});
