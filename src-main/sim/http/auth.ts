/**
 * Reads who is calling from the SigV4 Authorization header. The sim never verifies signatures
 * (it has no secrets to check them against); it only needs the credential scope:
 * `Credential=AKID/20261121/us-east-1/sts/aws4_request`.
 */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  signingName: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The credential scope, or undefined when the header is absent or not SigV4. */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  if (!authorization) return undefined;
  const match = CREDENTIAL.exec(authorization);
  if (!match) return undefined;
  const [, accessKeyId, date, region, signingName] = match;
  return { accessKeyId, date, region, signingName };
}

const PRESIGNED_CREDENTIAL = /^([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request$/;

/**
 * The credential scope of a presigned URL (`X-Amz-Credential=AKID/20261121/us-east-1/sts/aws4_request`
 * in the query string), as an EKS token's GetCallerIdentity URL carries it.
 */
export function presignedCredentialScope(query: URLSearchParams): CredentialScope | undefined {
  const credential = query.get('X-Amz-Credential');
  if (!credential || query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return undefined;
  const match = PRESIGNED_CREDENTIAL.exec(credential);
  if (!match) return undefined;
  const [, accessKeyId, date, region, signingName] = match;
  return { accessKeyId, date, region, signingName };
}
