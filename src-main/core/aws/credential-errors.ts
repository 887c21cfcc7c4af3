import { WharfError } from '../../contract/errors';
import type { AwsProfile } from './profiles';

/**
 * Credential failures turned into sentences that name the fix. The SDK's own messages
 * ("Could not resolve credentials using profile", "Token is expired. To refresh this SSO
 * session run 'aws sso login' with the corresponding profile.") do not say which profile or
 * which command; these do. Messages never quote a key, secret or token: only profile names,
 * role ARNs and commands.
 */

const SSO_HINT = /\bsso\b|token is expired|sso session|sso_|sso-session/i;

/** A failure while the SDK resolved credentials for `profile` (before any AWS call was made). */
export function credentialResolutionError(profile: AwsProfile, err: unknown, profiles: readonly AwsProfile[]): WharfError {
  if (err instanceof WharfError) return err;
  const message = messageOf(err);
  const name = nameOf(err);

  if (profile.kind === 'env') {
    return new WharfError('CREDENTIALS', 'No credentials were found in the environment variables.', {
      fix: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), then restart Wharf.',
      cause: err,
    });
  }
  if (profile.kind === 'unknown' || /could not resolve credentials/i.test(message)) {
    return noCredentials(profile, err);
  }
  if (profile.kind === 'process') return processFailure(profile, message, err);

  const ssoRoot = ssoRootOf(profile, profiles);
  if (ssoRoot && SSO_HINT.test(message)) return ssoExpired(ssoRoot, profile, err);

  if (profile.kind === 'assume-role' && /AccessDenied/i.test(name + ' ' + message)) {
    const source = profile.sourceProfile ? `profile ${named(profile.sourceProfile)}` : 'its credential_source';
    return new WharfError('CREDENTIALS', `Profile ${named(profile.name)} may not assume role ${profile.roleArn ?? '(no role_arn)'}: AWS refused it (AccessDenied).`, {
      fix: `Check that ${source} is allowed sts:AssumeRole on ${profile.roleArn ?? 'the role'}, and that the role's trust policy names it.`,
      awsCode: name,
      cause: err,
    });
  }
  if (/multi-factor|mfa/i.test(message)) {
    return new WharfError('CREDENTIALS', `Profile ${named(profile.name)} needs an MFA code, and Wharf does not ask for one.`, {
      fix: `Use a profile without mfa_serial, or get a session with \`aws sts get-session-token\` and store it in a profile.`,
      cause: err,
    });
  }
  if (/expired/i.test(message)) return expiredCredentials(profile, profiles, err, name);
  return new WharfError('CREDENTIALS', `Wharf could not get credentials for profile ${named(profile.name)}: ${firstLine(message)}`, {
    fix: fixForKind(profile, profiles),
    cause: err,
  });
}

/**
 * An error from an AWS call that means the credentials are no longer good; null for any
 * other error, which the caller handles (or `toWharfError` does).
 */
export function callCredentialError(profile: AwsProfile, err: unknown, profiles: readonly AwsProfile[]): WharfError | null {
  if (err instanceof WharfError) return null;
  const name = nameOf(err);
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken') {
    return expiredCredentials(profile, profiles, err, name);
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId' || name === 'InvalidSignatureException' || name === 'SignatureDoesNotMatch') {
    return new WharfError('CREDENTIALS', `AWS does not accept the credentials of profile ${named(profile.name)} (${name}).`, {
      fix: fixForKind(profile, profiles),
      awsCode: name,
      cause: err,
    });
  }
  return null;
}

function expiredCredentials(profile: AwsProfile, profiles: readonly AwsProfile[], err: unknown, awsCode?: string): WharfError {
  return new WharfError('CREDENTIALS', `The credentials of profile ${named(profile.name)} have expired.`, {
    fix: fixForKind(profile, profiles),
    awsCode: awsCode && awsCode !== 'Error' && awsCode !== 'CredentialsProviderError' ? awsCode : undefined,
    cause: err,
  });
}

function ssoExpired(ssoProfile: AwsProfile, profile: AwsProfile, err: unknown): WharfError {
  const via = ssoProfile.name === profile.name ? '' : ` (the source of profile ${named(profile.name)})`;
  return new WharfError('CREDENTIALS', `The SSO session for profile ${named(ssoProfile.name)}${via} has expired. Run \`aws sso login --profile ${shellArg(ssoProfile.name)}\`, then retry.`, {
    fix: `aws sso login --profile ${shellArg(ssoProfile.name)}`,
    cause: err,
  });
}

function noCredentials(profile: AwsProfile, err: unknown): WharfError {
  return new WharfError('CREDENTIALS', `Profile ${named(profile.name)} has no credentials: it sets none of aws_access_key_id, sso_session, role_arn or credential_process.`, {
    fix: `Run \`aws configure --profile ${shellArg(profile.name)}\` for access keys, or \`aws configure sso --profile ${shellArg(profile.name)}\` for IAM Identity Center.`,
    cause: err,
  });
}

/** credential_process failed: its stderr's first line says why better than anything we could. */
function processFailure(profile: AwsProfile, message: string, err: unknown): WharfError {
  // Node's exec error reads "Command failed: <command>\n<stderr>"; keep stderr, drop the command.
  const lines = message.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const stderr = lines[0]?.startsWith('Command failed:') ? lines[1] : lines[0];
  const reason = stderr ?? 'it exited with an error and printed nothing';
  return new WharfError('CREDENTIALS', `The credential_process of profile ${named(profile.name)} failed: ${reason}`, {
    fix: `Run the credential_process command of profile ${named(profile.name)} in a terminal to see why it fails.`,
    cause: err,
  });
}

/** What to do about expired or rejected credentials, by how the profile gets them. */
export function fixForKind(profile: AwsProfile, profiles: readonly AwsProfile[]): string {
  const ssoRoot = ssoRootOf(profile, profiles);
  if (ssoRoot) return `aws sso login --profile ${shellArg(ssoRoot.name)}`;
  switch (profile.kind) {
    case 'static':
      return `Create new access keys (or a new session token) and store them with \`aws configure --profile ${shellArg(profile.name)}\`.`;
    case 'assume-role':
      return profile.sourceProfile
        ? `Refresh the credentials of source profile ${named(profile.sourceProfile)}, then retry.`
        : `Refresh the credentials of the profile's credential_source, then retry.`;
    case 'process':
      return `Make the credential_process of profile ${named(profile.name)} return fresh credentials, then retry.`;
    case 'web-identity':
      return `Refresh the web identity token file of profile ${named(profile.name)}, then retry.`;
    case 'env':
      return 'Export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, then restart Wharf.';
    case 'demo':
      return 'The Demo account is simulated, with no SSO or keys to renew: turn off its expired-credentials fault (the sim’s --fault-expire-credentials), or restart Wharf.';
    default:
      return `Run \`aws configure --profile ${shellArg(profile.name)}\`, then retry.`;
  }
}

/** The SSO profile a profile ultimately gets its credentials from, following source_profile. */
function ssoRootOf(profile: AwsProfile, profiles: readonly AwsProfile[]): AwsProfile | null {
  let current: AwsProfile | undefined = profile;
  const seen = new Set<string>();
  while (current && !seen.has(current.name)) {
    if (current.kind === 'sso') return current;
    seen.add(current.name);
    current = current.sourceProfile ? profiles.find((p) => p.name === current!.sourceProfile) : undefined;
  }
  return null;
}

/** A name as a shell argument: as it is when safe, else in single quotes ("Demo account" -> 'Demo account'). */
export function shellArg(name: string): string {
  return /^[A-Za-z0-9_.,:@%+=/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

/** A profile name in a sentence: quoted when it has spaces or odd characters, so it reads as one name. */
export function named(name: string): string {
  return /^[A-Za-z0-9_.:@/-]+$/.test(name) ? name : `“${name}”`;
}

function nameOf(err: unknown): string {
  const e = err as { name?: unknown; Code?: unknown; code?: unknown };
  return typeof e?.name === 'string' ? e.name : typeof e?.Code === 'string' ? e.Code : 'Error';
}

function messageOf(err: unknown): string {
  const m = (err as { message?: unknown })?.message;
  return typeof m === 'string' ? m : String(err);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].slice(0, 300);
}
