import { afterEach, describe, expect, it } from 'vitest';
import { COMMON_REGIONS, DEMO_PROFILE, ENV_PROFILE, loadProfiles, toProfileInfo } from '../../../src-main/core/aws/profiles';
import { awsHome, type AwsHome } from './helpers';

const CONFIG = `
[default]
region = eu-west-1

[profile sso-new]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-central-1

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile deployer]
role_arn = arn:aws:iam::222222222222:role/Deployer
source_profile = default

[profile on-ec2]
role_arn = arn:aws:iam::222222222222:role/Reader
credential_source = Ec2InstanceMetadata

[profile proc]
credential_process = /usr/local/bin/get-creds
region = ap-southeast-9

[profile ci]
role_arn = arn:aws:iam::333333333333:role/CI
web_identity_token_file = /var/run/token

[profile audit]
region = us-west-2
wharf_read_only = true

[profile prod-readonly]
aws_access_key_id = AKIAEXAMPLEEXAMPLE01
aws_secret_access_key = notasecret
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIAEXAMPLEEXAMPLE02
aws_secret_access_key = alsonotasecret

[prod]
aws_access_key_id = AKIAEXAMPLEEXAMPLE03
aws_secret_access_key = stillnotasecret
`;

const settings = { readOnlyProfiles: ['prod'], productionProfiles: ['prod', 'deployer'] };
const DEMO_KEYS = { accessKeyId: 'AKIASIMPROFILETEST01', secretAccessKey: 'profile-test-secret' };
let home: AwsHome;
afterEach(() => home?.restore());

describe('loadProfiles', () => {
  it('classifies every kind of profile from the shared files', async () => {
    home = awsHome(CONFIG, CREDENTIALS);
    const catalog = await loadProfiles({ env: home.env, settings, demo: null });
    const kinds = Object.fromEntries(catalog.profiles.map((p) => [p.name, p.kind]));
    expect(kinds).toEqual({
      default: 'static',
      'sso-new': 'sso',
      'sso-legacy': 'sso',
      deployer: 'assume-role',
      'on-ec2': 'assume-role',
      proc: 'process',
      ci: 'web-identity',
      audit: 'unknown',
      'prod-readonly': 'static',
      prod: 'static',
    });
    const sso = catalog.profiles.find((p) => p.name === 'sso-new')!;
    expect(sso.ssoSession).toBe('corp');
    expect(sso.ssoStartUrl).toBe('https://corp.awsapps.com/start');
    expect(catalog.profiles.find((p) => p.name === 'sso-legacy')!.ssoStartUrl).toBe('https://legacy.awsapps.com/start');
    expect(catalog.profiles.find((p) => p.name === 'deployer')!.sourceProfile).toBe('default');
    // sso-session and services sections are not profiles
    expect(catalog.profiles.some((p) => p.name.includes('corp'))).toBe(false);
  });

  it('marks read-only (settings, wharf_read_only, *readonly* names) and production (settings)', async () => {
    home = awsHome(CONFIG, CREDENTIALS);
    const catalog = await loadProfiles({ env: home.env, settings, demo: null });
    const info = Object.fromEntries(catalog.profiles.map((p) => [p.name, toProfileInfo(p)]));
    expect(info.prod.readOnly).toBe(true);
    expect(info.audit.readOnly).toBe(true);
    expect(info['prod-readonly'].readOnly).toBe(true);
    expect(info.default.readOnly).toBe(false);
    expect(info.prod.production).toBe(true);
    expect(info.deployer.production).toBe(true);
    expect(info.default.production).toBe(false);
  });

  it('lists the common regions plus any region named in the config', async () => {
    home = awsHome(CONFIG, CREDENTIALS);
    const catalog = await loadProfiles({ env: home.env, settings, demo: null });
    expect(catalog.regions.slice(0, COMMON_REGIONS.length)).toEqual(COMMON_REGIONS);
    expect(catalog.regions).toContain('ap-southeast-9');
    expect(new Set(catalog.regions).size).toBe(catalog.regions.length);
  });

  it('adds the environment and the Demo account, and picks the default in order', async () => {
    home = awsHome(CONFIG, CREDENTIALS, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE04', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-2' });
    const demo = { endpoint: 'http://127.0.0.1:4566', scenario: 'demo', region: 'eu-north-1', credentials: DEMO_KEYS };
    let catalog = await loadProfiles({ env: home.env, settings, demo });
    const env = catalog.profiles.find((p) => p.name === ENV_PROFILE)!;
    expect(env.kind).toBe('env');
    expect(env.region).toBe('us-east-2');
    const demoInfo = toProfileInfo(catalog.profiles.find((p) => p.name === DEMO_PROFILE)!);
    expect(demoInfo).toMatchObject({ kind: 'demo', region: 'eu-north-1', endpointOverride: true });
    // Neither core's view of the profile nor what the renderer sees holds the sim's key pair.
    expect(JSON.stringify(catalog.profiles)).not.toContain(DEMO_KEYS.secretAccessKey);
    expect(JSON.stringify(catalog.profiles)).not.toContain(DEMO_KEYS.accessKeyId);
    expect(catalog.defaultProfile).toBe('default');

    catalog = await loadProfiles({ env: { ...home.env, AWS_PROFILE: 'proc' }, settings, demo });
    expect(catalog.defaultProfile).toBe('proc');
  });

  it('defaults to the Demo account when there are no profile files', async () => {
    home = awsHome('', '');
    const demo = { endpoint: 'http://127.0.0.1:4566', scenario: 'demo', region: 'us-east-1', credentials: DEMO_KEYS };
    const catalog = await loadProfiles({ env: { HOME: home.home }, settings, demo });
    expect(catalog.profiles.map((p) => p.name)).toEqual([DEMO_PROFILE]);
    expect(catalog.defaultProfile).toBe(DEMO_PROFILE);
  });

  it('says which profiles have an endpoint override', async () => {
    home = awsHome(`[profile local]\nendpoint_url = http://localhost:4566\naws_access_key_id = a\naws_secret_access_key = b\n[default]\nregion = us-east-1\n`);
    const catalog = await loadProfiles({ env: home.env, settings, demo: null });
    const local = catalog.profiles.find((p) => p.name === 'local')!;
    expect(toProfileInfo(local).endpointOverride).toBe(true);
    expect(local.endpoints.ECS).toBe('http://localhost:4566');
    expect(toProfileInfo(catalog.profiles.find((p) => p.name === 'default')!).endpointOverride).toBe(false);
  });
});
