/**
 * The bearer token for an EKS cluster's Kubernetes API, made as `aws eks get-token` makes it:
 * an STS GetCallerIdentity request for the session's region, presigned with the session's
 * credentials (SigV4 in the query string, 60 s X-Amz-Expires, which STS ignores: the URL is
 * good for 15 minutes after X-Amz-Date) with the cluster's name in the signed `x-k8s-aws-id`
 * header; then base64url without padding, after the `k8s-aws-v1.` prefix. The cluster's
 * authenticator replays the URL to STS to learn who signed it.
 *
 * Lives beside the client factory: the credentials reach only the signer here, as they reach
 * only the SDK's signer in a client.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** Presigned STS URLs, and so tokens, expire 15 minutes after signing; Wharf renews after 14. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;
export const TOKEN_RENEW_AFTER_MS = 14 * 60_000;

export interface EksTokenRequest {
  clusterName: string;
  region: string;
  /** The STS endpoint the token's URL names: the regional one, or the profile's override. */
  stsEndpoint: string;
  credentials: AwsCredentialIdentityProvider;
  /** When the request is signed (the session's AWS clock, skew applied). */
  signingDate?: Date;
}

export interface EksToken {
  token: string;
  /** Epoch ms (by the signing clock) after which the token should not be used. */
  expiresAt: number;
}

/** STS's regional endpoint, as the CLI's get-token uses it. */
export function regionalStsEndpoint(region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sts.${region}.${suffix}`;
}

export async function makeEksToken(request: EksTokenRequest): Promise<EksToken> {
  const url = new URL(request.stsEndpoint);
  const signer = new SignatureV4({ service: 'sts', region: request.region, credentials: request.credentials, sha256: NodeSha256, uriEscapePath: true });
  const signingDate = request.signingDate ?? new Date();
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: url.host, 'x-k8s-aws-id': request.clusterName },
    },
    { expiresIn: 60, signingDate },
  );
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(presigned.query ?? {})) {
    if (typeof value === 'string') query.append(key, value);
    else if (Array.isArray(value)) for (const v of value) query.append(key, v);
  }
  // URLSearchParams writes spaces as '+'; SigV4's canonical form and STS want %20.
  const presignedUrl = `${url.protocol}//${url.host}/?${query.toString().replace(/\+/g, '%20')}`;
  return { token: TOKEN_PREFIX + Buffer.from(presignedUrl).toString('base64url'), expiresAt: signingDate.getTime() + TOKEN_LIFETIME_MS };
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SigV4 signer takes. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = NodeSha256.create(secret);
  }

  private static create(secret?: SourceData): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }

  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = NodeSha256.create(this.secret);
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
