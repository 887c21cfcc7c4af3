/**
 * Why the data on screen is old, in a sentence with the fix. Core reports failed AWS calls
 * to the status bar as "<Operation>: <ErrorName>: <message>"; this turns the common ones into
 * something an operator can act on, and passes the rest through.
 */

export interface StaleExplanation {
  message: string;
  fix: string | null;
}

export function explainFailure(lastError: string | null, profile: string | null): StaleExplanation {
  const who = profile ? `profile ${profile}` : 'this profile';
  const e = lastError ?? '';
  if (/ExpiredToken|expired/i.test(e)) {
    return {
      message: `The credentials of ${who} have expired, so Wharf cannot refresh.`,
      fix: `Renew them (for SSO: aws sso login${profile ? ` --profile ${profile}` : ''}; for keys: new access keys in the credentials file), then pick the profile again in the account line.`,
    };
  }
  if (/UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch/i.test(e)) {
    return { message: `AWS does not accept the credentials of ${who}.`, fix: 'Check the access keys or role of the profile, then pick it again in the account line.' };
  }
  if (/AccessDenied|not authorized/i.test(e)) {
    return { message: `The role of ${who} may not read this (${firstClause(e)}).`, fix: 'Grant ecs:List*/Describe* to the role, or open a profile that has them.' };
  }
  if (/Throttl|Rate exceeded/i.test(e)) {
    return { message: 'AWS is throttling requests from this account.', fix: 'Nothing to do: Wharf backs off and catches up by itself; lower the API budget in Settings if it persists.' };
  }
  if (/ServerException|InternalFailure|ServiceUnavailable|5\d\d/i.test(e)) {
    return { message: 'AWS answered with server errors.', fix: 'Nothing to do: Wharf retries by itself and keeps the last data on screen.' };
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket|network/i.test(e)) {
    return { message: 'Wharf cannot reach AWS.', fix: 'Check the network or VPN; Wharf retries by itself.' };
  }
  if (e) return { message: `The last refresh failed: ${firstClause(e)}.`, fix: 'Wharf retries by itself and keeps the last data on screen.' };
  return { message: 'Wharf could not refresh some of this lately.', fix: 'Wharf retries by itself and keeps the last data on screen.' };
}

function firstClause(text: string): string {
  return text.split('\n')[0]!.replace(/[.\s]+$/, '').slice(0, 200);
}

/** Data older than this is called out even if no record is marked stale. */
export const OLD_AFTER_MS = 60_000;
