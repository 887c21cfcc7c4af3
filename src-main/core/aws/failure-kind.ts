/**
 * What kind of failure an AWS call met, from the SDK's error: the cause the status bar and the
 * stale banners name ("throttled", "credentials expired", "endpoint unreachable", "server
 * errors"), instead of guessing from a string. Throttles are counted apart (isThrottleError).
 */
export type FailureKind = 'credentials' | 'access-denied' | 'unreachable' | 'server' | 'unsupported' | 'other';

const CREDENTIAL_CODES = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
  'TokenRefreshRequired',
]);
const ACCESS_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'ClientException:AccessDenied']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

export function failureKindOf(err: unknown): FailureKind {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown; wharfKind?: FailureKind };
  if (e?.wharfKind) return e.wharfKind;
  const name = e?.name ?? '';
  if (CREDENTIAL_CODES.has(name)) return 'credentials';
  if (ACCESS_CODES.has(name) || /not authorized to perform/i.test(e?.message ?? '')) return 'access-denied';
  if (NETWORK_CODES.has(e?.code ?? '') || NETWORK_CODES.has((e?.cause as { code?: string } | undefined)?.code ?? '') || name === 'TimeoutError' || /socket hang up|ECONNREFUSED|connect ETIMEDOUT/i.test(e?.message ?? '')) {
    return 'unreachable';
  }
  const status = e?.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || /ServerException|InternalFailure|ServiceUnavailable|InternalError/.test(name)) return 'server';
  return 'other';
}
