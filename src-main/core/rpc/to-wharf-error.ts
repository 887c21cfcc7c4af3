import { WharfError } from '../../contract/errors';

/**
 * Turns anything thrown (our own errors, AWS SDK service exceptions, network errors) into a
 * WharfError with a sentence a person can act on. Domain code may throw richer WharfErrors
 * itself (e.g. naming the profile to `aws sso login`); this is the fallback.
 */
export function toWharfError(err: unknown): WharfError {
  if (err instanceof WharfError) return err;
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const name = e?.name ?? 'Error';
  const message = e?.message ?? String(err);
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return new WharfError('THROTTLED', 'AWS is throttling this account (Rate exceeded). Wharf slows down and retries.', { awsCode: name, cause: err });
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
    return new WharfError('ACCESS_DENIED', message, { awsCode: name, fix: 'Ask for the IAM permission named above, or use a profile that has it.', cause: err });
  }
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId' || name === 'CredentialsProviderError') {
    return new WharfError('CREDENTIALS', message, { awsCode: name, cause: err });
  }
  if (name.endsWith('NotFoundException')) {
    return new WharfError('NOT_FOUND', message, { awsCode: name, cause: err });
  }
  if (e?.$metadata?.httpStatusCode !== undefined) {
    return new WharfError('AWS', `${name}: ${message}`, { awsCode: name, cause: err });
  }
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'ETIMEDOUT' || name === 'TimeoutError') {
    return new WharfError('NETWORK', `Cannot reach AWS: ${message}`, { fix: 'Check the network or the endpoint override.', cause: err });
  }
  return new WharfError('INTERNAL', message, { cause: err });
}
