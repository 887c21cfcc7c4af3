import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { credentialResolutionError } from './credential-errors';
import type { DemoAccount } from '../options';
import type { AwsProfile, SharedFiles } from './profiles';

/**
 * The credential provider for one profile: always one of the SDK's own providers, wrapped so a
 * failure becomes a WharfError naming the fix. The provider is handed only to SDK clients;
 * nothing else in Wharf ever sees the resolved keys.
 */
export function credentialProviderFor(
  profile: AwsProfile,
  files: SharedFiles,
  profiles: readonly AwsProfile[],
  opts: { stsEndpoint?: string; demo?: DemoAccount | null } = {},
): AwsCredentialIdentityProvider {
  const inner = sdkProviderFor(profile, files, opts);
  return async (identityProperties?: Record<string, unknown>) => {
    try {
      return await inner(identityProperties);
    } catch (err) {
      throw credentialResolutionError(profile, err, profiles);
    }
  };
}

function sdkProviderFor(profile: AwsProfile, files: SharedFiles, opts: { stsEndpoint?: string; demo?: DemoAccount | null }): (p?: Record<string, unknown>) => Promise<AwsCredentialIdentity> {
  switch (profile.kind) {
    case 'demo': {
      // The sim verifies signatures against the pair it made for this launch, handed over in memory.
      const demo = opts.demo?.credentials;
      return async () => {
        if (!demo) throw new Error('The Demo account has no credentials: its sim did not hand them over.');
        return { ...demo };
      };
    }
    case 'env':
      return fromEnv();
    default:
      return fromIni({
        profile: profile.name,
        filepath: files.credentialsPath,
        configFilepath: files.configPath,
        ignoreCache: true,
        // Wharf has no prompt for MFA codes; refuse plainly rather than hang.
        mfaCodeProvider: async (serial: string) => {
          throw new Error(`Profile ${profile.name} requires an MFA code (mfa_serial ${serial}); Wharf cannot prompt for it.`);
        },
        // Role assumption against an emulator must go to the emulator's STS, not AWS.
        ...(opts.stsEndpoint && (profile.kind === 'assume-role' || profile.kind === 'web-identity')
          ? { clientConfig: { endpoint: opts.stsEndpoint } }
          : {}),
      }) as (p?: Record<string, unknown>) => Promise<AwsCredentialIdentity>;
  }
}
