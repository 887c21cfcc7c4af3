/**
 * The sim's front door refuses what AWS refuses (issue 11, item 1): unsigned requests, wrong
 * signatures, unknown keys, skewed dates, foreign Host headers, and the admin routes without
 * the secret. And it takes what AWS takes: the SDK with the sim's key pair (also after the
 * SDK corrects its clock from the sim's Date header), and a presigned STS GetCallerIdentity URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { adminFetch, errorOf, START, startHarness, stopHarness, type Harness } from './harness';
import { ecsCall, presignUrl, send, sendSigned, signRequest } from './signing';
import { startSim } from '../../../src-main/sim';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'demo', speed: 0 });
});
afterAll(() => stopHarness(h));

const STRANGER = { accessKeyId: 'AKIDNOBODY00000000', secretAccessKey: 'not-a-key-the-sim-holds' };

describe('SigV4 at the front door', () => {
  it('serves the SDK signing with the sim key pair, and refuses the SDK with a wrong secret (ECS: InvalidSignatureException, STS: SignatureDoesNotMatch)', async () => {
    await expect(h.ecs.send(new ListClustersCommand({}))).resolves.toHaveProperty('clusterArns');
    const wrong = { ...h.sim.credentials, secretAccessKey: `${h.sim.credentials.secretAccessKey}x` };
    const ecs = new ECSClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: wrong, maxAttempts: 1 });
    const sts = new STSClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: wrong, maxAttempts: 1 });
    try {
      const ecsError = await errorOf(ecs.send(new ListClustersCommand({})));
      expect(ecsError.name).toBe('InvalidSignatureException');
      expect(ecsError.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
      expect(ecsError.$metadata?.httpStatusCode).toBe(400);
      const stsError = await errorOf(sts.send(new GetCallerIdentityCommand({})));
      expect(stsError.name).toBe('SignatureDoesNotMatch');
      expect(stsError.$metadata?.httpStatusCode).toBe(403);
    } finally {
      ecs.destroy();
      sts.destroy();
    }
  });

  it('refuses an unknown access key: UnrecognizedClientException from ECS, InvalidClientTokenId from STS', async () => {
    const ecs = new ECSClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: STRANGER, maxAttempts: 1 });
    const sts = new STSClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: STRANGER, maxAttempts: 1 });
    try {
      expect(await errorOf(ecs.send(new ListClustersCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
      expect(await errorOf(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    } finally {
      ecs.destroy();
      sts.destroy();
    }
  });

  it("refuses the issue's forged request (made-up key, Signature=00) that opened a shell, before ExecuteCommand runs", async () => {
    const res = await send(h.sim.endpoint, {
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ExecuteCommand',
        'x-amz-date': '20261121T120000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=NOBODY/20261121/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: JSON.stringify({ cluster: 'prod-fargate', task: 'x', command: '/bin/sh', interactive: true }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(res.text)).toMatchObject({ __type: 'UnrecognizedClientException' });
    // With a real key id but a made-up signature: the signature is what counts.
    const forged = await send(h.sim.endpoint, {
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
        'x-amz-date': basicNow(),
        authorization: `AWS4-HMAC-SHA256 Credential=${h.sim.credentials.accessKeyId}/${basicNow().slice(0, 8)}/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
      },
      body: '{}',
    });
    expect(JSON.parse(forged.text)).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('calls an Authorization header without a Signature IncompleteSignature, in both protocols', async () => {
    const auth = `AWS4-HMAC-SHA256 Credential=${h.sim.credentials.accessKeyId}/${basicNow().slice(0, 8)}/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date`;
    const json = await send(h.sim.endpoint, { headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1', 'x-amz-date': basicNow(), authorization: auth }, body: '{}' });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text)).toMatchObject({ __type: 'IncompleteSignatureException' });
    expect(json.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    const query = await send(h.sim.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-amz-date': basicNow(), authorization: auth.replace('/ecs/', '/sts/') }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(query.status).toBe(400);
    expect(query.text).toContain('<Code>IncompleteSignature</Code><Message>Authorization header requires &apos;Signature&apos; parameter.');
  });

  it('refuses a date 20 minutes off both clocks (the SDK with maxAttempts 1), and the SDK corrects its clock from the Date header and retries', async () => {
    const skewed = { endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, systemClockOffset: -20 * 60_000 };
    const once = new ECSClient({ ...skewed, maxAttempts: 1 });
    const retrying = new ECSClient({ ...skewed, maxAttempts: 3 });
    try {
      const error = await errorOf(once.send(new ListClustersCommand({})));
      expect(error.name).toBe('InvalidSignatureException');
      expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
      await expect(retrying.send(new ListClustersCommand({}))).resolves.toHaveProperty('clusterArns');
    } finally {
      once.destroy();
      retrying.destroy();
    }
  });

  it("takes a date near the sim clock even when the sim clock is far from the real one (a client that set its clock by the sim's)", async () => {
    // The harness's sim is frozen at START (2026-11-21); sign at START + 5 min.
    const res = await sendSigned(h.sim.endpoint, ecsCall('ListClusters'), h.sim.credentials, 'ecs', { signingDate: new Date(START + 5 * 60_000) });
    expect(res.status).toBe(200);
    const far = await sendSigned(h.sim.endpoint, ecsCall('ListClusters'), h.sim.credentials, 'ecs', { signingDate: new Date(START - 60 * 60_000) });
    expect(JSON.parse(far.text)).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('requires the session token of temporary credentials', async () => {
    const temporary = { accessKeyId: 'ASIASIMTEMPORARY01', secretAccessKey: 'temporary-secret', sessionToken: 'FQoGZXIvYXdzE-sim-token' };
    const sim = await startSim({ scenario: 'empty', speed: 0, credentials: [temporary] });
    const sts = (credentials: typeof temporary | Omit<typeof temporary, 'sessionToken'>) => new STSClient({ endpoint: sim.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const good = sts(temporary);
    const noToken = sts({ accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey });
    try {
      expect((await good.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:assumed-role\//);
      expect((await errorOf(noToken.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    } finally {
      good.destroy();
      noToken.destroy();
      await sim.close();
    }
  });
});

describe('a presigned STS GetCallerIdentity URL (what an EKS token carries)', () => {
  const presign = (headers: Record<string, string> = { 'x-k8s-aws-id': 'prod-eks' }) =>
    presignUrl(h.sim.endpoint, { query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers }, h.sim.credentials, 'sts', { expiresIn: 60 });

  it('is answered by a GET of the URL with the signed header, as STS answers it', async () => {
    const url = new URL(await presign());
    const res = await send(h.sim.endpoint, { method: 'GET', path: url.pathname, query: url.search.slice(1), headers: { 'x-k8s-aws-id': 'prod-eks' } });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>/);
    expect(res.text).toContain('<Account>123456789012</Account>');
    // The same proof through the sim's verifier, for its own services (an EKS cluster checking a token).
    expect(h.sim.auth.verifyPresignedUrl(url.toString(), { 'x-k8s-aws-id': 'prod-eks' })).toMatchObject({ accessKeyId: h.sim.credentials.accessKeyId, presigned: true });
  });

  it('is refused tampered with (another action, another cluster header, a changed signature): SignatureDoesNotMatch', async () => {
    const url = new URL(await presign());
    const tampered = [
      { query: url.search.slice(1).replace('GetCallerIdentity', 'GetAccessKeyInfo'), header: 'prod-eks' },
      { query: url.search.slice(1), header: 'staging-eks' },
      { query: url.search.slice(1).replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`), header: 'prod-eks' },
    ];
    for (const t of tampered) {
      const res = await send(h.sim.endpoint, { method: 'GET', path: '/', query: t.query, headers: { 'x-k8s-aws-id': t.header } });
      expect(res.status).toBe(403);
      expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
  });
});

describe('the Host allow-list', () => {
  it('refuses a foreign Host (a rebound DNS name) and another port, and answers localhost', async () => {
    const port = new URL(h.sim.endpoint).port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, '127.0.0.1']) {
      const raw = ecsCall('ListClusters');
      const signed = await signRequest(`http://${host.includes(':') ? host : `${host}:80`}`, raw, h.sim.credentials, 'ecs');
      const res = await send(h.sim.endpoint, { headers: { ...(signed.headers as Record<string, string>), host }, body: raw.body });
      expect(res.status, host).toBe(421);
      expect(res.text).not.toContain('clusterArns');
    }
    const local = await sendSigned(`http://localhost:${port}`, ecsCall('ListClusters'), h.sim.credentials, 'ecs');
    expect(local.status).toBe(200);
  });
});

describe('the /__sim admin routes', () => {
  it('are not there unless the sim was started with them: /__sim/state is an unsigned AWS request', async () => {
    const res = await fetch(`${h.sim.endpoint}/__sim/state`);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/^<ErrorResponse><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>$/);
    // Even with the secret: the routes do not exist, and a bearer token is no SigV4 signature.
    const withSecret = await adminFetch(h.sim, '/__sim/state');
    expect(withSecret.status).toBe(400);
    expect(await withSecret.text()).toContain('<Code>IncompleteSignature</Code>');
  });

  it('need the secret as a bearer token and a JSON content type, and say nothing about the sim otherwise', async () => {
    const sim = await startSim({ scenario: 'empty', speed: 0, admin: true });
    try {
      const agentPort = async () => new URL(((await (await adminFetch(sim, '/__sim/state')).json()) as { execAgent: string }).execAgent).port;
      const refusals = [
        await fetch(`${sim.endpoint}/__sim/state`),
        await fetch(`${sim.endpoint}/__sim/state`, { headers: { authorization: `Bearer ${sim.credentials.accessKeyId}`, 'content-type': 'application/json' } }),
        await fetch(`${sim.endpoint}/__sim/state`, { headers: { authorization: `Bearer ${sim.credentials.secretAccessKey}` } }),
        await fetch(`${sim.endpoint}/__sim/faults`, { method: 'POST', headers: { authorization: `Bearer ${sim.credentials.secretAccessKey}`, 'content-type': 'text/plain' }, body: '{"serverErrorRate":1}' }),
      ];
      expect(refusals.map((r) => r.status)).toEqual([401, 401, 415, 415]);
      const port = await agentPort();
      for (const r of refusals) {
        const text = await r.text();
        expect(text).not.toContain('execAgent');
        expect(text).not.toContain(port);
      }
      expect(sim.setFaults({}).serverErrorRate).toBeUndefined();
      const state = await adminFetch(sim, '/__sim/state');
      expect(state.status).toBe(200);
      expect(await state.json()).toMatchObject({ scenario: 'empty' });
    } finally {
      await sim.close();
    }
  });
});

function basicNow(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
