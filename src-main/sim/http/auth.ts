/**
 * Who is calling, proven as AWS proves it: Signature Version 4, checked against the key pairs
 * the sim was given (or made) at start. Both forms AWS accepts are verified: the
 * `Authorization` header, and a presigned URL (`X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Signature` in the query string), for every
 * protocol the sim serves (JSON bodies, query forms, REST paths and query strings).
 * The rules are docs/security.md's "The Demo sim and ECS Exec"; the errors are AWS's:
 * `MissingAuthenticationToken`, `IncompleteSignature`, `SignatureDoesNotMatch` (JSON services:
 * `InvalidSignatureException`) and `InvalidClientTokenId` (JSON: `UnrecognizedClientException`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SimError } from './types';

/** A key pair the sim accepts; with `sessionToken`, requests must carry that token too. */
export interface SimCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  signingName: string;
}

/** A request as it came off the wire: nothing decoded, nothing re-ordered. */
export interface SignedRequest {
  method: string;
  /** Path and query string, still percent-encoded, as in the request line. */
  url: string;
  /** Header names and values in the order received: [name, value, name, value, ...] (Node's rawHeaders). */
  rawHeaders: readonly string[];
  body: Buffer;
}

/** The proven caller of a request. */
export interface Caller {
  accessKeyId: string;
  region: string;
  /** The signing name of the credential scope: `ecs`, `sts`, `monitoring`... */
  signingName: string;
  /** When the request was signed (X-Amz-Date), epoch ms. */
  signedAt: number;
  /** True when the signature came in the query string (a presigned URL). */
  presigned: boolean;
}

export type AuthFailureKind = 'MissingAuthenticationToken' | 'IncompleteSignature' | 'SignatureDoesNotMatch' | 'InvalidClientTokenId';

/** The same failure as AWS's JSON services and its query services name it, with their HTTP statuses. */
const WIRE: Record<AuthFailureKind, { json: string; jsonStatus: number; query: string; queryStatus: number }> = {
  MissingAuthenticationToken: { json: 'MissingAuthenticationTokenException', jsonStatus: 403, query: 'MissingAuthenticationToken', queryStatus: 403 },
  IncompleteSignature: { json: 'IncompleteSignatureException', jsonStatus: 400, query: 'IncompleteSignature', queryStatus: 400 },
  SignatureDoesNotMatch: { json: 'InvalidSignatureException', jsonStatus: 400, query: 'SignatureDoesNotMatch', queryStatus: 403 },
  InvalidClientTokenId: { json: 'UnrecognizedClientException', jsonStatus: 400, query: 'InvalidClientTokenId', queryStatus: 403 },
};

/**
 * A refused signature. `code`/`httpStatus` are the JSON protocols' (the SimError the front door
 * encodes); `queryCode`/`queryStatus` what the query protocol (STS, CloudWatch's query side) sends.
 */
export class AuthFailure extends SimError {
  readonly queryCode: string;
  readonly queryStatus: number;
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
    /** Where the query services word it otherwise. */
    readonly queryMessage = message,
  ) {
    super(WIRE[kind].json, message, WIRE[kind].jsonStatus, 'Sender');
    this.queryCode = WIRE[kind].query;
    this.queryStatus = WIRE[kind].queryStatus;
  }
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/** How far a request's X-Amz-Date may be from the server's clock, either way. */
export const ALLOWED_SKEW_MS = 15 * 60_000;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const SIGNATURE_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;

export interface VerifierOptions {
  credentials: readonly SimCredentials[];
  /**
   * The clocks a request's date may be within ALLOWED_SKEW_MS of, epoch ms. The sim passes its
   * own clock (its Date header, which the SDK corrects its signing clock from) and the real one
   * (the AWS CLI signs with the machine's clock and never corrects).
   */
  clocks: ReadonlyArray<() => number>;
}

export class SigV4Verifier {
  private readonly keys = new Map<string, SimCredentials>();
  private readonly signingKeys = new Map<string, Buffer>();

  constructor(private readonly opts: VerifierOptions) {
    if (opts.credentials.length === 0) throw new Error('The sim needs at least one key pair to verify signatures against.');
    for (const pair of opts.credentials) this.keys.set(pair.accessKeyId, pair);
  }

  /** The secret keys this verifier accepts (the admin routes take one as their bearer token). */
  isSecret(candidate: string): boolean {
    const given = Buffer.from(candidate);
    let found = false;
    for (const pair of this.keys.values()) {
      const secret = Buffer.from(pair.secretAccessKey);
      if (secret.length === given.length && timingSafeEqual(secret, given)) found = true;
    }
    return found;
  }

  /**
   * Proves who signed `req`, or throws an AuthFailure saying why not. `signingName`, when
   * given, is the service the request is for: a credential scoped to another is refused.
   */
  verify(req: SignedRequest, signingName?: string): Caller {
    const [path, rawQuery] = splitUrl(req.url);
    const query = parseQuery(rawQuery);
    const headers = headerMap(req.rawHeaders);
    const authorization = headers.get('authorization')?.[0];
    const presigned = authorization === undefined && SIGNATURE_PARAMS.some((name) => query.some(([key]) => key === name));
    if (authorization === undefined && !presigned) throw new AuthFailure('MissingAuthenticationToken', 'Missing Authentication Token', 'Request is missing Authentication Token');

    const parts = presigned ? fromQuery(query) : fromHeader(authorization!, headers);
    const signedAt = this.checkDate(parts.amzDate);
    const scope = checkScope(parts.credential, parts.amzDate, signingName);
    if (!parts.signedHeaders.includes('host')) {
      throw new AuthFailure('IncompleteSignature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    const pair = this.keys.get(scope.accessKeyId);
    if (!pair) throw new AuthFailure('InvalidClientTokenId', INVALID_TOKEN);
    const token = presigned ? query.find(([key]) => key === 'X-Amz-Security-Token')?.[1] : headers.get('x-amz-security-token')?.[0];
    if (!sameToken(pair.sessionToken, token)) throw new AuthFailure('InvalidClientTokenId', INVALID_TOKEN);

    const canonical = [
      req.method.toUpperCase(),
      canonicalPath(path),
      canonicalQuery(query),
      ...parts.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(headers.get(name))}`),
      '',
      parts.signedHeaders.join(';'),
      payloadHash(headers, req.body),
    ].join('\n');
    const stringToSign = [ALGORITHM, parts.amzDate, scopeText(scope), sha256Hex(canonical)].join('\n');
    const expected = createHmac('sha256', this.signingKey(pair.secretAccessKey, scope)).update(stringToSign).digest('hex');
    if (!sameText(expected, parts.signature)) {
      throw new AuthFailure(
        'SignatureDoesNotMatch',
        `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
      );
    }
    return { accessKeyId: scope.accessKeyId, region: scope.region, signingName: scope.signingName, signedAt, presigned };
  }

  /**
   * Verifies a presigned URL as the service it names would on receiving it: a GET of `url` with
   * `headers` (the Host header is the URL's). For the sim's other services, e.g. an EKS cluster
   * checking a `k8s-aws-v1.` token (a presigned STS GetCallerIdentity URL with the
   * `x-k8s-aws-id` header signed).
   */
  verifyPresignedUrl(url: string, headers: Record<string, string> = {}, signingName = 'sts'): Caller {
    const parsed = new URL(url);
    const rawHeaders = ['host', parsed.host, ...Object.entries(headers).flat()];
    return this.verify({ method: 'GET', url: `${parsed.pathname}${parsed.search}`, rawHeaders, body: Buffer.alloc(0) }, signingName);
  }

  private checkDate(amzDate: string): number {
    const signedAt = parseAmzDate(amzDate);
    const clocks = this.opts.clocks.map((clock) => clock());
    if (clocks.some((now) => Math.abs(now - signedAt) <= ALLOWED_SKEW_MS)) return signedAt;
    // Refused by every clock: word it as AWS does, against the clock nearest the request's.
    const now = clocks.reduce((a, b) => (Math.abs(b - signedAt) < Math.abs(a - signedAt) ? b : a));
    if (signedAt < now) {
      throw new AuthFailure('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now earlier than ${basic(now - ALLOWED_SKEW_MS)} (${basic(now)} - 15 min.)`);
    }
    throw new AuthFailure('SignatureDoesNotMatch', `Signature not yet current: ${amzDate} is still later than ${basic(now + ALLOWED_SKEW_MS)} (${basic(now)} + 15 min.)`);
  }

  private signingKey(secret: string, scope: CredentialScope): Buffer {
    const id = `${scope.date}/${scope.region}/${scope.signingName}\u0000${secret}`;
    let key = this.signingKeys.get(id);
    if (!key) {
      key = Buffer.from(`AWS4${secret}`);
      for (const part of [scope.date, scope.region, scope.signingName, TERMINATOR]) key = createHmac('sha256', key).update(part).digest();
      if (this.signingKeys.size > 256) this.signingKeys.clear();
      this.signingKeys.set(id, key);
    }
    return key;
  }
}

interface SignatureParts {
  credential: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

function fromHeader(authorization: string, headers: Map<string, string[]>): SignatureParts {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM && algorithm.startsWith('AWS4-')) {
    throw new AuthFailure('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const fields = new Map<string, string>();
  if (algorithm === ALGORITHM) {
    for (const piece of authorization.slice(space + 1).split(/[\s,]+/)) {
      const eq = piece.indexOf('=');
      if (eq > 0) fields.set(piece.slice(0, eq), piece.slice(eq + 1));
    }
  }
  const amzDate = headers.get('x-amz-date')?.[0] ?? dateHeaderAsBasic(headers.get('date')?.[0]);
  const missing = [
    fields.get('Credential') ? null : "Authorization header requires 'Credential' parameter.",
    fields.get('Signature') ? null : "Authorization header requires 'Signature' parameter.",
    fields.get('SignedHeaders') ? null : "Authorization header requires 'SignedHeaders' parameter.",
    amzDate ? null : "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  ].filter((line): line is string => line !== null);
  if (missing.length) throw new AuthFailure('IncompleteSignature', `${missing.join(' ')} Authorization=${authorization}`);
  return { credential: fields.get('Credential')!, signedHeaders: fields.get('SignedHeaders')!.split(';'), signature: fields.get('Signature')!, amzDate: amzDate! };
}

function fromQuery(query: Array<[string, string]>): SignatureParts {
  const param = (name: string) => query.find(([key]) => key === name)?.[1];
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!param(name)) throw new AuthFailure('IncompleteSignature', `AWS query-string parameters must include '${name}'. Re-examine the query-string parameters.`);
  }
  const algorithm = param('X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) throw new AuthFailure('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'`);
  return { credential: param('X-Amz-Credential')!, signedHeaders: param('X-Amz-SignedHeaders')!.split(';'), signature: param('X-Amz-Signature')!, amzDate: param('X-Amz-Date')! };
}

function checkScope(credential: string, amzDate: string, signingName: string | undefined): CredentialScope {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw new AuthFailure('IncompleteSignature', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, date, region, service, terminator] = parts;
  const wrong: string[] = [];
  if (signingName && service !== signingName) wrong.push(`Credential should be scoped to correct service: '${signingName}'.`);
  if (terminator !== TERMINATOR) wrong.push(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`);
  if (date !== amzDate.slice(0, 8)) {
    wrong.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (wrong.length) throw new AuthFailure('SignatureDoesNotMatch', wrong.join(' '));
  return { accessKeyId, date, region, signingName: service };
}

/** The credential scope a request claims, unverified (enough to pick the service it is for). */
export function credentialScopeOf(req: Pick<SignedRequest, 'url' | 'rawHeaders'>): CredentialScope | undefined {
  const authorization = headerMap(req.rawHeaders).get('authorization')?.[0];
  if (authorization !== undefined) return parseCredentialScope(authorization);
  const credential = parseQuery(splitUrl(req.url)[1]).find(([key]) => key === 'X-Amz-Credential')?.[1];
  return credential ? parseCredentialScope(`Credential=${credential}`) : undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The credential scope of a SigV4 Authorization header, or undefined when it has none. */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  if (!authorization) return undefined;
  const match = CREDENTIAL.exec(authorization);
  if (!match) return undefined;
  const [, accessKeyId, date, region, signingName] = match;
  return { accessKeyId, date, region, signingName };
}

// ---- the canonical request ----

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
}

/** Name/value pairs of a raw query string, decoded once. */
export function parseQuery(raw: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    pairs.push(eq < 0 ? [decode(piece), ''] : [decode(piece.slice(0, eq)), decode(piece.slice(eq + 1))]);
  }
  return pairs;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ becomes %XX (upper case). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path with empty and `.` segments dropped and `..` applied, each segment encoded once more
 * (non-S3 services sign the path URI-encoded twice: once on the wire, once here).
 */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  if (segments.length === 0) return '/';
  return `/${segments.map(uriEncode).join('/')}${path.endsWith('/') ? '/' : ''}`;
}

/** Every parameter but X-Amz-Signature, encoded, sorted by name then by value. */
function canonicalQuery(query: Array<[string, string]>): string {
  return query
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function headerMap(raw: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const values = map.get(name);
    if (values) values.push(raw[i + 1]);
    else map.set(name, [raw[i + 1]]);
  }
  return map;
}

/** Values trimmed, inner runs of spaces made one, repeated headers joined with commas. */
function canonicalHeaderValue(values: string[] | undefined): string {
  return (values ?? []).map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

function payloadHash(headers: Map<string, string[]>, body: Buffer): string {
  const declared = headers.get('x-amz-content-sha256')?.[0];
  const actual = createHash('sha256').update(body).digest('hex');
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD') return declared ?? actual;
  // A declared hash is signed as declared; a body that does not match it was altered on the way.
  if (declared !== actual) throw new AuthFailure('SignatureDoesNotMatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
  return declared;
}

function scopeText(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.signingName}/${TERMINATOR}`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sameToken(expected: string | undefined, given: string | undefined): boolean {
  if (expected === undefined || given === undefined) return expected === given;
  return sameText(expected, given);
}

// ---- dates ----

const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function parseAmzDate(amzDate: string): number {
  const m = BASIC.exec(amzDate);
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
  if (!Number.isFinite(ms)) {
    throw new AuthFailure('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  return ms;
}

/** `20261121T120000Z`: ISO 8601 basic format, whole seconds, UTC. */
export function basic(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function dateHeaderAsBasic(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? basic(ms) : value;
}
