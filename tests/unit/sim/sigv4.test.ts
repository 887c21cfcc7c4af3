/**
 * The sim's SigV4 verifier on its own: AWS's published example, the AWS SDK's signer for JSON,
 * query, REST-style paths and presigned URLs, and each way a signature is refused.
 */
import { describe, expect, it } from 'vitest';
import { AuthFailure, SigV4Verifier, type SignedRequest } from '../../../src-main/sim/http/auth';
import { presignUrl, signRequest, type KeyPair } from '../../integration/sim/signing';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const PAIR: KeyPair = { accessKeyId: 'AKIDSIGTEST', secretAccessKey: 'sig-test-secret-0123456789' };
const ENDPOINT = 'http://127.0.0.1:4599';

function verifier(clocks: Array<() => number> = [() => NOW], credentials = [PAIR]) {
  return new SigV4Verifier({ credentials, clocks });
}

/** The signed request as the sim's front door would see it. */
function asReceived(signed: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): SignedRequest {
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return {
    method: signed.method,
    url: query ? `${signed.path}?${query}` : signed.path,
    rawHeaders: Object.entries(signed.headers).flat(),
    body: Buffer.from(typeof signed.body === 'string' ? signed.body : ''),
  };
}

function refusal(fn: () => unknown): AuthFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthFailure) return error;
    throw error;
  }
  throw new Error('expected the signature to be refused');
}

describe('the SigV4 verifier', () => {
  it("accepts AWS's published example request (IAM ListUsers) and refuses it with one byte of the signature changed", () => {
    const aws = new SigV4Verifier({
      credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
      clocks: [() => Date.parse('2015-08-30T12:36:00Z')],
    });
    const signature = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
    const request = (sig: string): SignedRequest => ({
      method: 'GET',
      url: '/?Action=ListUsers&Version=2010-05-08',
      rawHeaders: [
        'Host', 'iam.amazonaws.com',
        'Content-Type', 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Amz-Date', '20150830T123600Z',
        'Authorization', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${sig}`,
      ],
      body: Buffer.alloc(0),
    });
    expect(aws.verify(request(signature), 'iam')).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', signingName: 'iam', presigned: false });
    const refused = refusal(() => aws.verify(request(`${signature.slice(0, -1)}8`), 'iam'));
    expect(refused).toMatchObject({ kind: 'SignatureDoesNotMatch', code: 'InvalidSignatureException', queryCode: 'SignatureDoesNotMatch' });
    // AWS says what it computed; the published canonical request hashes to f536975d...
    expect(refused.message).toContain('The String-to-Sign should have been\n\'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59\'');
  });

  it('verifies what the AWS SDK signs: a JSON body, a query form, and a REST path with encoded segments and a query string', async () => {
    const v = verifier();
    const signingDate = new Date(NOW);
    const json = await signRequest(ENDPOINT, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }, body: '{"maxResults":5}' }, PAIR, 'ecs', { signingDate });
    expect(v.verify(asReceived(json), 'ecs').accessKeyId).toBe(PAIR.accessKeyId);
    const form = await signRequest(ENDPOINT, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, PAIR, 'sts', { signingDate, region: 'eu-west-1' });
    expect(v.verify(asReceived(form), 'sts')).toMatchObject({ region: 'eu-west-1', signingName: 'sts' });
    // An EKS-style REST call: a label with a space and a slash in it, query values that need encoding.
    const rest = await signRequest(
      ENDPOINT,
      { method: 'GET', path: '/clusters/my%20cluster/node-groups/a%2Fb', query: { maxResults: '10', nextToken: 'x+y/z=', 'include[]': 'all' }, body: undefined },
      PAIR,
      'eks',
      { signingDate },
    );
    expect(v.verify(asReceived(rest), 'eks').signingName).toBe('eks');
    // The same request to another path, or with another query value, is refused.
    expect(refusal(() => v.verify({ ...asReceived(rest), url: asReceived(rest).url.replace('node-groups', 'addons') }, 'eks')).kind).toBe('SignatureDoesNotMatch');
    expect(refusal(() => v.verify({ ...asReceived(rest), url: asReceived(rest).url.replace('maxResults=10', 'maxResults=11') }, 'eks')).kind).toBe('SignatureDoesNotMatch');
    // ... and so is a changed body.
    expect(refusal(() => v.verify({ ...asReceived(json), body: Buffer.from('{"maxResults":6}') }, 'ecs')).kind).toBe('SignatureDoesNotMatch');
  });

  it('refuses a credential scoped to another service, with words naming the right one', async () => {
    const signed = await signRequest(ENDPOINT, { headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }, body: '{}' }, PAIR, 'sts', { signingDate: new Date(NOW) });
    const refused = refusal(() => verifier().verify(asReceived(signed), 'ecs'));
    expect(refused).toMatchObject({ kind: 'SignatureDoesNotMatch', message: "Credential should be scoped to correct service: 'ecs'." });
  });

  it('refuses an unknown access key, and a secret key that is not the one the sim holds', async () => {
    const stranger = await signRequest(ENDPOINT, { body: '{}' }, { accessKeyId: 'AKIDNOBODY', secretAccessKey: PAIR.secretAccessKey }, 'ecs', { signingDate: new Date(NOW) });
    expect(refusal(() => verifier().verify(asReceived(stranger), 'ecs'))).toMatchObject({
      code: 'UnrecognizedClientException',
      queryCode: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
    const wrongSecret = await signRequest(ENDPOINT, { body: '{}' }, { ...PAIR, secretAccessKey: 'not-the-secret' }, 'ecs', { signingDate: new Date(NOW) });
    expect(refusal(() => verifier().verify(asReceived(wrongSecret), 'ecs')).kind).toBe('SignatureDoesNotMatch');
  });

  it('takes a date within 15 minutes of either clock (the sim clock or the real one) and refuses one outside both as AWS words it', async () => {
    const simClock = Date.parse('2020-01-01T00:00:00Z');
    const v = verifier([() => simClock, () => NOW]);
    const at = async (ms: number) => asReceived(await signRequest(ENDPOINT, { body: '{}' }, PAIR, 'ecs', { signingDate: new Date(ms) }));
    expect(v.verify(await at(simClock + 14 * 60_000), 'ecs').signedAt).toBe(simClock + 14 * 60_000);
    expect(v.verify(await at(NOW - 14 * 60_000), 'ecs').signedAt).toBe(NOW - 14 * 60_000);
    const [lateRequest, earlyRequest, beforeSimRequest] = await Promise.all([at(NOW - 16 * 60_000), at(NOW + 16 * 60_000), at(simClock - 20 * 60_000)]);
    const late = refusal(() => v.verify(lateRequest, 'ecs'));
    expect(late).toMatchObject({ kind: 'SignatureDoesNotMatch', code: 'InvalidSignatureException' });
    expect(late.message).toBe('Signature expired: 20261121T114400Z is now earlier than 20261121T114500Z (20261121T120000Z - 15 min.)');
    const early = refusal(() => v.verify(earlyRequest, 'ecs'));
    expect(early.message).toBe('Signature not yet current: 20261121T121600Z is still later than 20261121T121500Z (20261121T120000Z + 15 min.)');
    // Nearest the sim clock: worded against it.
    expect(refusal(() => v.verify(beforeSimRequest, 'ecs')).message).toBe('Signature expired: 20191231T234000Z is now earlier than 20191231T234500Z (20200101T000000Z - 15 min.)');
  });

  it('requires the session token of temporary credentials, and refuses one on long-term keys', async () => {
    const temporary = { accessKeyId: 'ASIASIGTEST', secretAccessKey: 'temp-secret', sessionToken: 'session-token-1' };
    const v = verifier([() => NOW], [PAIR, temporary]);
    const signingDate = new Date(NOW);
    expect(v.verify(asReceived(await signRequest(ENDPOINT, { body: '{}' }, temporary, 'ecs', { signingDate })), 'ecs').accessKeyId).toBe('ASIASIGTEST');
    const withoutToken = await signRequest(ENDPOINT, { body: '{}' }, { ...temporary, sessionToken: undefined }, 'ecs', { signingDate });
    expect(refusal(() => v.verify(asReceived(withoutToken), 'ecs')).code).toBe('UnrecognizedClientException');
    const wrongToken = await signRequest(ENDPOINT, { body: '{}' }, { ...temporary, sessionToken: 'session-token-2' }, 'ecs', { signingDate });
    expect(refusal(() => v.verify(asReceived(wrongToken), 'ecs')).code).toBe('UnrecognizedClientException');
    const tokenOnLongTermKey = await signRequest(ENDPOINT, { body: '{}' }, { ...PAIR, sessionToken: 'made-up' }, 'ecs', { signingDate });
    expect(refusal(() => v.verify(asReceived(tokenOnLongTermKey), 'ecs')).code).toBe('UnrecognizedClientException');
  });

  it('calls an incomplete signature IncompleteSignature, and no signature at all MissingAuthenticationToken', () => {
    const v = verifier();
    const base = { method: 'POST', url: '/', body: Buffer.from('{}') };
    const headers = (auth: string, date = '20261121T120000Z') => ['Host', '127.0.0.1:4599', 'X-Amz-Date', date, 'Authorization', auth];
    expect(refusal(() => v.verify({ ...base, rawHeaders: ['Host', '127.0.0.1:4599'] }))).toMatchObject({
      kind: 'MissingAuthenticationToken',
      code: 'MissingAuthenticationTokenException',
      queryCode: 'MissingAuthenticationToken',
      httpStatus: 403,
    });
    const noSignature = refusal(() => v.verify({ ...base, rawHeaders: headers('AWS4-HMAC-SHA256 Credential=AKIDSIGTEST/20261121/us-east-1/ecs/aws4_request, SignedHeaders=host') }));
    expect(noSignature).toMatchObject({ code: 'IncompleteSignatureException', queryCode: 'IncompleteSignature' });
    expect(noSignature.message).toMatch(/^Authorization header requires 'Signature' parameter\. Authorization=AWS4-HMAC-SHA256 /);
    expect(refusal(() => v.verify({ ...base, rawHeaders: ['Host', 'h', 'Authorization', 'Basic dXNlcjpwdw=='] })).message).toContain(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
    expect(refusal(() => v.verify({ ...base, rawHeaders: headers('AWS4-HMAC-SHA256 Credential=AKIDSIGTEST/20261121/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00', '2026-11-21T12:00:00Z') })).message).toBe(
      "Date must be in ISO-8601 'basic format'. Got '2026-11-21T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
    expect(refusal(() => v.verify({ ...base, rawHeaders: headers('AWS4-HMAC-SHA256 Credential=AKIDSIGTEST/20261121/us-east-1/ecs, SignedHeaders=host, Signature=00') })).kind).toBe('IncompleteSignature');
    expect(refusal(() => v.verify({ ...base, rawHeaders: headers('AWS4-ECDSA-P256-SHA256 Credential=AKIDSIGTEST/20261121/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00') })).message).toBe(
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'",
    );
    expect(refusal(() => v.verify({ ...base, rawHeaders: headers('AWS4-HMAC-SHA256 Credential=AKIDSIGTEST/20261121/us-east-1/ecs/aws4_request, SignedHeaders=x-amz-date, Signature=00') })).kind).toBe('IncompleteSignature');
    // The request: a made-up key and signature.
    expect(refusal(() => v.verify({ ...base, rawHeaders: headers('AWS4-HMAC-SHA256 Credential=NOBODY/20261121/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00') })).code).toBe('UnrecognizedClientException');
  });

  it('verifies a presigned STS GetCallerIdentity URL with a signed x-k8s-aws-id header (an EKS token), and refuses it tampered with', async () => {
    const v = verifier();
    const url = await presignUrl(ENDPOINT, { query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { 'x-k8s-aws-id': 'prod-eks' } }, PAIR, 'sts', { signingDate: new Date(NOW) });
    expect(url).toMatch(/X-Amz-SignedHeaders=host%3Bx-k8s-aws-id/);
    expect(v.verifyPresignedUrl(url, { 'x-k8s-aws-id': 'prod-eks' })).toMatchObject({ accessKeyId: PAIR.accessKeyId, signingName: 'sts', presigned: true });
    expect(refusal(() => v.verifyPresignedUrl(url, { 'x-k8s-aws-id': 'other-cluster' })).kind).toBe('SignatureDoesNotMatch');
    expect(refusal(() => v.verifyPresignedUrl(url.replace('GetCallerIdentity', 'GetSessionToken'), { 'x-k8s-aws-id': 'prod-eks' })).kind).toBe('SignatureDoesNotMatch');
    expect(refusal(() => v.verifyPresignedUrl(url, { 'x-k8s-aws-id': 'prod-eks' }, 'eks')).message).toBe("Credential should be scoped to correct service: 'eks'.");
    // STS keeps a presigned URL for 15 minutes from its X-Amz-Date, whatever X-Amz-Expires says.
    const old = await presignUrl(ENDPOINT, { query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } }, PAIR, 'sts', { signingDate: new Date(NOW - 16 * 60_000) });
    expect(refusal(() => v.verifyPresignedUrl(old)).message).toMatch(/^Signature expired: /);
    const missing = url.replace(/&?X-Amz-Credential=[^&]+/, '');
    expect(refusal(() => v.verifyPresignedUrl(missing, { 'x-k8s-aws-id': 'prod-eks' }))).toMatchObject({ kind: 'IncompleteSignature' });
  });
});

