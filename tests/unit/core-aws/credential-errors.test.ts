import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WharfError } from '../../../src-main/contract/errors';
import { callCredentialError } from '../../../src-main/core/aws/credential-errors';
import { credentialProviderFor } from '../../../src-main/core/aws/credentials';
import { loadProfiles, type AwsProfile, type ProfileCatalog } from '../../../src-main/core/aws/profiles';
import { awsHome, type AwsHome } from './helpers';

/**
 * Each failure is produced for real: the SDK's own providers run against temp config files
 * (and, for assume-role, a local endpoint that answers STS AccessDenied); the test checks
 * the sentence and the fix Wharf makes of it.
 */
let home: AwsHome | undefined;
let server: Server | undefined;
afterEach(() => {
  home?.restore();
  home = undefined;
  server?.close();
  server = undefined;
});

const settings = { readOnlyProfiles: [], productionProfiles: [] };
const PAST = new Date(Date.now() - 3600_000).toISOString();

async function setup(config: string, credentials = ''): Promise<ProfileCatalog> {
  home = awsHome(config, credentials);
  return loadProfiles({ env: home.env, settings, demo: null });
}

async function resolveFails(catalog: ProfileCatalog, name: string, stsEndpoint?: string): Promise<WharfError> {
  const profile = catalog.profiles.find((p) => p.name === name)!;
  const provider = credentialProviderFor(profile, catalog.files, catalog.profiles, { stsEndpoint });
  const err = await provider({ callerClientConfig: { region: async () => 'us-east-1' } } as never).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WharfError);
  return err as WharfError;
}

describe('credential errors name the fix', () => {
  it('an expired SSO token (sso-session form) -> aws sso login --profile X', async () => {
    const catalog = await setup(`[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n`);
    home!.ssoCache('corp', { accessToken: 'cached-access-token', expiresAt: PAST, region: 'eu-west-1', startUrl: 'https://corp.awsapps.com/start' });
    const err = await resolveFails(catalog, 'dev');
    expect(err.code).toBe('CREDENTIALS');
    expect(err.message).toBe('The SSO session for profile dev has expired. Run `aws sso login --profile dev`, then retry.');
    expect(err.fix).toBe('aws sso login --profile dev');
    expect(JSON.stringify(err.toShape())).not.toContain('cached-access-token');
  });

  it('an expired SSO token (legacy sso_start_url form)', async () => {
    const catalog = await setup(`[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`);
    home!.ssoCache('https://old.awsapps.com/start', { accessToken: 'x', expiresAt: PAST, region: 'us-east-1', startUrl: 'https://old.awsapps.com/start' });
    const err = await resolveFails(catalog, 'old');
    expect(err.message).toContain('The SSO session for profile old has expired');
    expect(err.fix).toBe('aws sso login --profile old');
  });

  it('a missing SSO token is the same sentence', async () => {
    const catalog = await setup(`[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = A\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n`);
    const err = await resolveFails(catalog, 'dev');
    expect(err.fix).toBe('aws sso login --profile dev');
  });

  it('an assume-role profile whose SSO source expired names the source profile to log in with', async () => {
    const catalog = await setup(
      `[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = A\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[profile deploy]\nrole_arn = arn:aws:iam::222222222222:role/Deployer\nsource_profile = dev\nregion = eu-west-1\n`,
    );
    home!.ssoCache('corp', { accessToken: 'x', expiresAt: PAST });
    const err = await resolveFails(catalog, 'deploy');
    expect(err.message).toContain('profile dev (the source of profile deploy) has expired');
    expect(err.fix).toBe('aws sso login --profile dev');
  });

  it('a profile with no credentials names the profile and what to set', async () => {
    const catalog = await setup(`[profile empty]\nregion = us-east-1\n`);
    const err = await resolveFails(catalog, 'empty');
    expect(err.code).toBe('CREDENTIALS');
    expect(err.message).toContain('Profile empty has no credentials');
    expect(err.fix).toContain('aws configure --profile empty');
  });

  it('a failing credential_process reports the first line of its stderr', async () => {
    home = awsHome('');
    const script = home.file('fail.sh', '#!/bin/sh\necho "corp-login: your session expired, run corp-login" >&2\necho "second line" >&2\nexit 3\n', 0o755);
    home.file('.aws/config', `[profile proc]\ncredential_process = ${script}\n`);
    const catalog = await loadProfiles({ env: home.env, settings, demo: null });
    const err = await resolveFails(catalog, 'proc');
    expect(err.message).toBe('The credential_process of profile proc failed: corp-login: your session expired, run corp-login');
  });

  it('an assume-role AccessDenied names the role', async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = 403;
        res.setHeader('content-type', 'text/xml');
        res.end('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::111111111111:user/me is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r1</RequestId></ErrorResponse>');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const catalog = await setup(`[profile deploy]\nrole_arn = arn:aws:iam::222222222222:role/Deployer\nsource_profile = base\nregion = us-east-1\n`, `[base]\naws_access_key_id = AKIAEXAMPLEEXAMPLE09\naws_secret_access_key = s\n`);
    const err = await resolveFails(catalog, 'deploy', `http://127.0.0.1:${port}`);
    expect(err.message).toContain('Profile deploy may not assume role arn:aws:iam::222222222222:role/Deployer');
    expect(err.fix).toContain('profile base');
  });

  it('the environment entry without keys says which variables to set', async () => {
    const catalog = await setup('');
    const env: AwsProfile = { ...catalog.profiles[0], name: 'Environment variables', kind: 'env' } as AwsProfile;
    const provider = credentialProviderFor(env, catalog.files, []);
    const err = (await provider().catch((e: unknown) => e)) as WharfError;
    expect(err.fix).toContain('AWS_ACCESS_KEY_ID');
  });
});

describe('ExpiredToken on any call', () => {
  const profiles = [
    { name: 'dev', kind: 'sso', sourceProfile: null },
    { name: 'keys', kind: 'static', sourceProfile: null },
    { name: 'role-on-keys', kind: 'assume-role', sourceProfile: 'keys', roleArn: 'arn:aws:iam::1:role/R' },
    { name: 'role-on-sso', kind: 'assume-role', sourceProfile: 'dev', roleArn: 'arn:aws:iam::1:role/R' },
  ] as AwsProfile[];
  const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
  const explain = (name: string) => callCredentialError(profiles.find((p) => p.name === name)!, expired, profiles)!;

  it('says the profile credentials expired, with the fix for its kind', () => {
    expect(explain('dev').message).toBe('The credentials of profile dev have expired.');
    expect(explain('dev').fix).toBe('aws sso login --profile dev');
    expect(explain('keys').fix).toContain('new access keys');
    expect(explain('keys').fix).toContain('aws configure --profile keys');
    expect(explain('role-on-keys').fix).toBe('Refresh the credentials of source profile keys, then retry.');
    expect(explain('role-on-sso').fix).toBe('aws sso login --profile dev');
    expect(explain('keys').code).toBe('CREDENTIALS');
    expect(explain('keys').awsCode).toBe('ExpiredTokenException');
  });

  it('leaves other errors alone', () => {
    const notFound = Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' });
    expect(callCredentialError(profiles[1], notFound, profiles)).toBeNull();
  });
});
