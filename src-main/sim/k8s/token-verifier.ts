/**
 * Verifies a bearer token the way EKS's IAM authenticator does (aws-iam-authenticator's
 * token verifier): `k8s-aws-v1.` + base64url of a presigned STS GetCallerIdentity URL that
 * signs the `x-k8s-aws-id` header (the cluster's name). The URL is checked (host, path, only
 * the allowed query parameters, the signed header, X-Amz-Expires at most 900 s, X-Amz-Date no
 * older than 15 minutes), then sent to STS with the header set to this cluster's name: STS
 * answers who signed it, or refuses a bad or altered signature. The sim's STS is its own front
 * door, so that is the only host accepted (AWS's authenticator accepts only STS hosts).
 */
import { request } from 'node:http';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_BYTES = 4096;
/** Presigned STS URLs are good for 15 minutes after X-Amz-Date, whatever X-Amz-Expires says. */
const PRESIGNED_URL_LIFETIME_MS = 15 * 60_000;
const ALLOWED_PARAMS = new Set(['action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders']);

export interface CallerIdentity {
  arn: string;
  /** An assumed-role session's ARN as its role's IAM ARN (what access entries name). */
  canonicalArn: string;
  accountId: string;
  userId: string;
  sessionName: string | null;
  accessKeyId: string;
}

export type Verification = { ok: true; identity: CallerIdentity; expiresAt: number } | { ok: false; reason: string };

export interface VerifierOptions {
  clusterName: string;
  /** The origin of the sim's STS, e.g. `http://127.0.0.1:4566`. */
  stsOrigin: () => string | undefined;
  /** Wall-clock ms: presigned URLs are dated by the signer's real clock. */
  wallNow?: () => number;
}

export async function verifyToken(token: string, options: VerifierOptions): Promise<Verification> {
  const fail = (reason: string): Verification => ({ ok: false, reason });
  if (token.length > MAX_TOKEN_BYTES) return fail('token is too large');
  if (!token.startsWith(TOKEN_PREFIX)) return fail(`token is missing expected "${TOKEN_PREFIX}" prefix`);
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return fail('input token was not properly formatted');
  }
  const origin = options.stsOrigin();
  if (!origin || url.origin !== origin) return fail(`unexpected hostname "${url.host}" in pre-signed URL`);
  if (url.pathname !== '/') return fail('unexpected path in pre-signed URL');

  const params = new Map<string, string>();
  for (const key of new Set(url.searchParams.keys())) {
    if (!ALLOWED_PARAMS.has(key.toLowerCase())) return fail(`non-whitelisted query parameter "${key}"`);
    const values = url.searchParams.getAll(key);
    if (values.length !== 1) return fail('query parameter with multiple values not supported');
    params.set(key.toLowerCase(), values[0]);
  }
  if (params.get('action') !== 'GetCallerIdentity') return fail('unexpected action parameter in pre-signed URL');
  const signed = (params.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.toLowerCase());
  if (!signed.includes('x-k8s-aws-id')) return fail('client did not sign the x-k8s-aws-id header in the pre-signed URL');
  const expires = Number(params.get('x-amz-expires'));
  if (!Number.isInteger(expires) || expires < 0 || expires > 900) return fail('invalid X-Amz-Expires parameter in pre-signed URL');
  const signedAt = parseAmzDate(params.get('x-amz-date'));
  if (signedAt === null) return fail('X-Amz-Date parameter must be present in pre-signed URL');
  const now = (options.wallNow ?? Date.now)();
  if (now > signedAt + PRESIGNED_URL_LIFETIME_MS) return fail('X-Amz-Date parameter is expired (15 minute expiration)');

  const answer = await getCallerIdentity(url, options.clusterName);
  if (!answer.ok) return fail(answer.reason);
  const accessKeyId = (params.get('x-amz-credential') ?? '').split('/')[0];
  const userParts = answer.userId.split(':');
  return {
    ok: true,
    expiresAt: signedAt + PRESIGNED_URL_LIFETIME_MS,
    identity: {
      arn: answer.arn,
      canonicalArn: canonicalArn(answer.arn),
      accountId: answer.account,
      userId: userParts[0],
      sessionName: userParts.length === 2 ? userParts[1] : null,
      accessKeyId,
    },
  };
}

function parseAmzDate(text: string | undefined): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** `arn:aws:sts::123:assumed-role/Role/session` -> `arn:aws:iam::123:role/Role`; other ARNs as they are. */
export function canonicalArn(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

type StsAnswer = { ok: true; arn: string; account: string; userId: string } | { ok: false; reason: string };

function getCallerIdentity(url: URL, clusterName: string): Promise<StsAnswer> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', headers: { 'x-k8s-aws-id': clusterName, accept: 'application/json' }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return resolve({ ok: false, reason: `sts getCallerIdentity failed: error from AWS (expected 200, got ${res.statusCode})` });
        const identity = parseIdentity(body);
        resolve(identity ? { ok: true, ...identity } : { ok: false, reason: 'sts getCallerIdentity failed: unreadable answer' });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ ok: false, reason: `sts getCallerIdentity failed: error during GET: ${err.message}` }));
    req.end();
  });
}

/** STS answers JSON when asked (AWS does); the sim's query protocol writes XML, so both are read. */
function parseIdentity(body: string): { arn: string; account: string; userId: string } | null {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const r = (JSON.parse(trimmed) as { GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Arn?: string; Account?: string; UserId?: string } } }).GetCallerIdentityResponse?.GetCallerIdentityResult;
      return r?.Arn && r.Account && r.UserId ? { arn: r.Arn, account: r.Account, userId: r.UserId } : null;
    } catch {
      return null;
    }
  }
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(trimmed)?.[1];
  const arn = tag('Arn');
  const account = tag('Account');
  const userId = tag('UserId');
  return arn && account && userId ? { arn, account, userId } : null;
}
