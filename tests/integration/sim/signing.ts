/**
 * Hand-made requests to the sim, signed by the AWS SDK's own SigV4 signer (@smithy/signature-v4),
 * for tests that need a request the SDK's clients would never send (a wrong key, a skewed date,
 * a foreign Host, a presigned URL) while keeping everything else about it right.
 */
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The SDK signer's hash, over node:crypto (HMAC when given a key). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

export interface RawRequest {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export function signer(credentials: KeyPair, service: string, region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({ credentials, region, service, sha256: Sha256 });
}

function toHttpRequest(endpoint: string, raw: RawRequest) {
  const url = new URL(endpoint);
  return {
    method: raw.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: raw.path ?? '/',
    query: raw.query ?? {},
    headers: { host: url.host, ...(raw.body !== undefined ? { 'content-length': String(Buffer.byteLength(raw.body)) } : {}), ...raw.headers },
    body: raw.body,
  };
}

/** Signs `raw` for `endpoint` as the SDK would (at `signingDate`, default now). */
export async function signRequest(endpoint: string, raw: RawRequest, credentials: KeyPair, service: string, opts: { region?: string; signingDate?: Date } = {}) {
  return signer(credentials, service, opts.region).sign(toHttpRequest(endpoint, raw), { signingDate: opts.signingDate });
}

/** A presigned URL for `raw` (its x-amz-* headers hoisted into the query), as the SDK's presign makes it. */
export async function presignUrl(endpoint: string, raw: RawRequest, credentials: KeyPair, service: string, opts: { region?: string; signingDate?: Date; expiresIn?: number } = {}): Promise<string> {
  const signed = await signer(credentials, service, opts.region).presign(toHttpRequest(endpoint, { method: 'GET', ...raw }), {
    signingDate: opts.signingDate,
    expiresIn: opts.expiresIn ?? 60,
  });
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${endpoint}${signed.path}?${query}`;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Sends a request with exactly these headers (fetch would not let a test set Host or Origin),
 * to `endpoint`'s address whatever the Host header says.
 */
export function send(endpoint: string, req: { method?: string; path?: string; query?: Record<string, string> | string; headers: Record<string, string | undefined>; body?: string }): Promise<RawResponse> {
  const url = new URL(endpoint);
  const query = typeof req.query === 'string' ? req.query : req.query ? new URLSearchParams(req.query).toString().replace(/\+/g, '%20') : '';
  return new Promise((resolve, reject) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => e[1] !== undefined));
    const r = httpRequest(
      { host: url.hostname, port: Number(url.port), method: req.method ?? 'POST', path: `${req.path ?? '/'}${query ? `?${query}` : ''}`, headers, setHost: !('host' in headers) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Signs and sends in one go. */
export async function sendSigned(endpoint: string, raw: RawRequest, credentials: KeyPair, service: string, opts: { region?: string; signingDate?: Date } = {}): Promise<RawResponse> {
  const signed = await signRequest(endpoint, raw, credentials, service, opts);
  return send(endpoint, { method: signed.method, path: signed.path, query: raw.query, headers: signed.headers as Record<string, string>, body: raw.body });
}

export const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';

/** An ECS JSON 1.1 call, as raw parts to sign. */
export function ecsCall(operation: string, input: object = {}): RawRequest {
  return { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ECS_TARGET}.${operation}` }, body: JSON.stringify(input) };
}
