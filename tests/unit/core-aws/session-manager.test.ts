import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResponse } from '../../../src-main/contract/wire';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { awsHome, type AwsHome } from './helpers';

/**
 * session.open through the real dispatcher with profiles from temp files; STS is a local
 * endpoint named by the profile's endpoint_url (the LocalStack set-up a user would have).
 */
let home: AwsHome | undefined;
let server: Server | undefined;
let core: WharfCore | undefined;
afterEach(async () => {
  await core?.close();
  server?.close();
  home?.restore();
  core = server = home = undefined;
});

async function fakeSts(): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'text/xml');
      res.end('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::444455556666:user/dev</Arn><UserId>AIDAX</UserId><Account>444455556666</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function call(method: string, args: unknown): Promise<CallResponse> {
  return core!.call({ kind: 'call', id: 1, method, args }, { transport: 'test' });
}

describe('SessionManager', () => {
  it('opens a static profile at its endpoint_url and reports the account from STS', async () => {
    const endpoint = await fakeSts();
    home = awsHome(`[profile local]\nregion = eu-west-3\nendpoint_url = ${endpoint}\n`, `[local]\naws_access_key_id = AKIAEXAMPLEEXAMPLE05\naws_secret_access_key = s3cr3t-value\n`);
    core = await createCore({ version: 't', transport: 'web', dataDir: home.home, demo: null, env: home.env });
    const res = await call('session.open', { profile: 'local' });
    expect(res).toMatchObject({ ok: true, result: { profile: 'local', kind: 'static', region: 'eu-west-3', accountId: '444455556666', demo: false } });
    expect(JSON.stringify(res)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(res)).not.toContain('AKIAEXAMPLEEXAMPLE05');
    const session = core.services.sessions.require();
    expect(session.clientsFor('us-east-2').region).toBe('us-east-2');
    expect(session.clientsFor('us-east-2').ecs).toBe(session.clientsFor('us-east-2').ecs);
  });

  it('answers an unknown profile with NOT_FOUND naming the files', async () => {
    home = awsHome('[default]\nregion = us-east-1\n');
    core = await createCore({ version: 't', transport: 'web', dataDir: home.home, demo: null, env: home.env });
    const res = await call('session.open', { profile: 'nope' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(res)).toContain(home.env.AWS_CONFIG_FILE!);
  });

  it('answers an expired SSO session with the sentence and the login command, keeping the previous session', async () => {
    const endpoint = await fakeSts();
    home = awsHome(
      `[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = A\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[profile local]\nendpoint_url = ${endpoint}\nregion = us-east-1\n`,
      `[local]\naws_access_key_id = AKIAEXAMPLEEXAMPLE05\naws_secret_access_key = x\n`,
    );
    home.ssoCache('corp', { accessToken: 'x', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    core = await createCore({ version: 't', transport: 'web', dataDir: home.home, demo: null, env: home.env });
    expect((await call('session.open', { profile: 'local' })).ok).toBe(true);
    const res = await call('session.open', { profile: 'dev' });
    expect(res).toEqual({
      kind: 'result',
      id: 1,
      ok: false,
      error: { code: 'CREDENTIALS', message: 'The SSO session for profile dev has expired. Run `aws sso login --profile dev`, then retry.', fix: 'aws sso login --profile dev' },
    });
    expect(core.services.sessions.current()?.info.profile).toBe('local');
  });
});
