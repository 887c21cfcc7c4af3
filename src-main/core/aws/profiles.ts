import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileInfo, ProfileKind } from '../../contract/domains/session';
import type { Settings } from '../../contract/domains/app';
import type { DemoAccount } from '../options';
import { hasOverride, resolveEndpointOverrides, sameEndpointForAll, type EndpointOverrides, type IniSection } from './endpoints';

/**
 * The AWS profiles a user has: read from the shared config and credentials files, each one
 * classified by how it gets credentials, plus the environment and the Demo account. This is
 * core's view of a profile; `toProfileInfo` is what the renderer may see. Neither holds a key.
 */

export const DEMO_PROFILE = 'Demo account';
export const ENV_PROFILE = 'Environment variables';

export interface AwsProfile {
  name: string;
  kind: ProfileKind;
  /** The profile's `region`, or the Demo account's, or AWS_REGION for the environment entry. */
  region: string | null;
  endpoints: EndpointOverrides;
  readOnly: boolean;
  production: boolean;
  /** assume-role: the profile whose credentials assume the role (null with credential_source). */
  sourceProfile: string | null;
  roleArn: string | null;
  /** sso: the `[sso-session X]` name, or null for the legacy `sso_start_url` form. */
  ssoSession: string | null;
  ssoStartUrl: string | null;
  /** The account the profile names (sso_account_id, or role_arn's account), else null/absent. */
  accountId?: string | null;
}

/** Where the shared files are; both may be absent. */
export interface SharedFiles {
  configPath: string;
  credentialsPath: string;
}

export interface ProfileCatalog {
  profiles: AwsProfile[];
  defaultProfile: string | null;
  regions: string[];
  files: SharedFiles;
}

export interface ProfileSources {
  env: Record<string, string | undefined>;
  settings: Pick<Settings, 'readOnlyProfiles' | 'productionProfiles'>;
  demo: DemoAccount | null;
}

/** Commercial regions offered in the picker; any region named in the config is added. */
export const COMMON_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1',
  'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ap-east-1',
  'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
];

export function sharedFilesFrom(env: Record<string, string | undefined>): SharedFiles {
  const home = env.HOME || env.USERPROFILE || homedir();
  const resolve = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : isAbsolute(p) ? p : join(process.cwd(), p));
  return {
    configPath: resolve(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentialsPath: resolve(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

export async function loadProfiles(sources: ProfileSources): Promise<ProfileCatalog> {
  const files = sharedFilesFrom(sources.env);
  // ignoreCache: the user may have just run `aws configure` or `aws sso login`.
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: files.credentialsPath,
    configFilepath: files.configPath,
    ignoreCache: true,
  });
  const config = configFile as Record<string, IniSection>;
  const credentials = credentialsFile as Record<string, IniSection>;

  const names = new Set<string>();
  for (const key of Object.keys(config)) if (!isSpecialSection(key)) names.add(key);
  for (const key of Object.keys(credentials)) names.add(key);

  const profiles: AwsProfile[] = [];
  for (const name of [...names].sort()) {
    // The SDK merges the two files the same way: credentials override config.
    const section = { ...config[name], ...credentials[name] };
    const servicesSection = section.services ? config[`services.${section.services}`] : undefined;
    profiles.push(fileProfile(name, section, config, servicesSection, sources));
  }
  if (sources.env.AWS_ACCESS_KEY_ID) profiles.push(envProfile(sources));
  if (sources.demo) profiles.push(demoProfile(sources.demo, sources.settings));

  return { profiles, defaultProfile: pickDefault(profiles, sources.env), regions: regionList(profiles), files };
}

/** What the renderer may see of a profile; `knownAccount` is the account STS named when it was opened. */
export function toProfileInfo(p: AwsProfile, knownAccount?: string | null): ProfileInfo {
  return { name: p.name, kind: p.kind, region: p.region, endpointOverride: hasOverride(p.endpoints), readOnly: p.readOnly, production: p.production, accountId: knownAccount ?? p.accountId ?? null };
}

/** How a profile section gets its credentials, in the order the SDK's fromIni tries them. */
export function classifyProfile(section: IniSection): ProfileKind {
  if (section.role_arn && (section.source_profile || section.credential_source) && !section.web_identity_token_file) return 'assume-role';
  if (section.aws_access_key_id && section.aws_secret_access_key) return 'static';
  if (section.web_identity_token_file && section.role_arn) return 'web-identity';
  if (section.credential_process) return 'process';
  if (section.sso_session || section.sso_start_url || section.sso_account_id) return 'sso';
  return 'unknown';
}

function fileProfile(name: string, section: IniSection, config: Record<string, IniSection>, servicesSection: IniSection | undefined, sources: ProfileSources): AwsProfile {
  const ssoSession = section.sso_session ?? null;
  return {
    name,
    kind: classifyProfile(section),
    region: section.region ?? null,
    endpoints: resolveEndpointOverrides({ env: sources.env, profile: section, servicesSection }),
    readOnly: isReadOnly(name, sources.settings) || section.wharf_read_only?.trim().toLowerCase() === 'true',
    production: sources.settings.productionProfiles.includes(name) || section.wharf_production?.trim().toLowerCase() === 'true',
    sourceProfile: section.source_profile ?? null,
    roleArn: section.role_arn ?? null,
    ssoSession,
    ssoStartUrl: (ssoSession ? config[`sso-session.${ssoSession}`]?.sso_start_url : section.sso_start_url) ?? null,
    accountId: accountOf(section),
  };
}

function envProfile(sources: ProfileSources): AwsProfile {
  return {
    name: ENV_PROFILE,
    kind: 'env',
    region: sources.env.AWS_REGION || sources.env.AWS_DEFAULT_REGION || null,
    endpoints: resolveEndpointOverrides({ env: sources.env }),
    readOnly: isReadOnly(ENV_PROFILE, sources.settings),
    production: sources.settings.productionProfiles.includes(ENV_PROFILE),
    sourceProfile: null,
    roleArn: null,
    ssoSession: null,
    ssoStartUrl: null,
    accountId: null,
  };
}

function demoProfile(demo: DemoAccount, settings: ProfileSources['settings']): AwsProfile {
  return {
    name: DEMO_PROFILE,
    kind: 'demo',
    region: demo.region,
    // The sim answers every service on one port; environment overrides do not apply to it.
    endpoints: sameEndpointForAll(demo.endpoint),
    readOnly: isReadOnly(DEMO_PROFILE, settings),
    production: settings.productionProfiles.includes(DEMO_PROFILE),
    sourceProfile: null,
    roleArn: null,
    ssoSession: null,
    ssoStartUrl: null,
    accountId: null,
  };
}

/** The account a profile names: sso_account_id, or the account field of role_arn. */
function accountOf(section: IniSection): string | null {
  const sso = section.sso_account_id?.trim();
  if (sso && /^\d{12}$/.test(sso)) return sso;
  const fromRole = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(section.role_arn?.trim() ?? '');
  return fromRole ? fromRole[1] : null;
}

/** Marked in settings, or named like a read-only profile (`prod-readonly`, `ReadOnly`). */
function isReadOnly(name: string, settings: ProfileSources['settings']): boolean {
  return settings.readOnlyProfiles.includes(name) || /read-?only/i.test(name);
}

/** AWS_PROFILE if it exists, else `default`, else the Demo account, else the environment. */
function pickDefault(profiles: AwsProfile[], env: Record<string, string | undefined>): string | null {
  const has = (name: string | undefined) => !!name && profiles.some((p) => p.name === name);
  if (has(env.AWS_PROFILE)) return env.AWS_PROFILE!;
  if (has('default')) return 'default';
  if (has(DEMO_PROFILE)) return DEMO_PROFILE;
  if (has(ENV_PROFILE)) return ENV_PROFILE;
  return profiles[0]?.name ?? null;
}

function regionList(profiles: AwsProfile[]): string[] {
  const named = profiles.map((p) => p.region).filter((r): r is string => !!r && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  const extra = [...new Set(named)].filter((r) => !COMMON_REGIONS.includes(r)).sort();
  return [...COMMON_REGIONS, ...extra];
}

/** `sso-session.X` and `services.X` sections are not profiles. */
function isSpecialSection(key: string): boolean {
  return key.startsWith('sso-session.') || key.startsWith('services.');
}
