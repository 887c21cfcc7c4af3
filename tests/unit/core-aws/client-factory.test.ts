import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DescribeServicesCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { WharfError } from '../../../src-main/contract/errors';
import { ApiMonitor } from '../../../src-main/core/aws/api-monitor';
import { ClientFactory } from '../../../src-main/core/aws/client-factory';
import { callCredentialError } from '../../../src-main/core/aws/credential-errors';
import { sameEndpointForAll } from '../../../src-main/core/aws/endpoints';
import type { AwsProfile } from '../../../src-main/core/aws/profiles';
import { EventBus } from '../../../src-main/core/events';
import type { SessionManager } from '../../../src-main/core/session/session-manager';
import { StatusService } from '../../../src-main/core/status/status-service';

/**
 * The SDK clients with Wharf's middlewares, against a local endpoint that answers ECS JSON:
 * it stands in for AWS only to script throttles and expired tokens per request.
 */
let server: Server | undefined;
let factory: ClientFactory | undefined;
afterEach(() => {
  factory?.destroy();
  server?.close();
  server = factory = undefined;
});

async function fakeEcs(answer: (n: number, target: string) => { status: number; body: unknown }): Promise<{ endpoint: string; count: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      const { status, body } = answer(n, String(req.headers['x-amz-target'] ?? ''));
      res.statusCode = status;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, count: () => n };
}

function profileAt(endpoint: string): AwsProfile {
  return { name: 'keys', kind: 'static', region: 'us-east-1', endpoints: sameEndpointForAll(endpoint), readOnly: false, production: false, sourceProfile: null, roleArn: null, ssoSession: null, ssoStartUrl: null };
}

function factoryFor(profile: AwsProfile, monitor = new ApiMonitor()) {
  factory = new ClientFactory({
    profile,
    credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }),
    monitor,
    share: 0.5,
    explainCredentialError: (err) => callCredentialError(profile, err, [profile]),
  });
  return { factory, monitor };
}

const THROTTLED = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
const OK = { status: 200, body: { services: [], failures: [] } };

describe('ClientFactory', () => {
  it('creates one client per service per region, lazily, at the endpoint override', async () => {
    const { endpoint } = await fakeEcs(() => OK);
    const { factory } = factoryFor(profileAt(endpoint));
    const a = factory.clientsFor('us-east-1');
    expect(a.ecs).toBe(a.ecs);
    expect(factory.clientsFor('us-east-1')).toBe(a);
    expect(factory.clientsFor('eu-west-1').ecs).not.toBe(a.ecs);
    const url = await a.ecs.config.endpoint!();
    expect(`${url.protocol}//${url.hostname}:${url.port}`).toBe(endpoint);
    expect(await a.ecs.config.region()).toBe('us-east-1');
  });

  it('makes every attempt, retries included, take a token and count as a request; a throttle backs the bucket off', async () => {
    const fake = await fakeEcs((n) => (n === 1 ? THROTTLED : OK));
    const { factory, monitor } = factoryFor(profileAt(fake.endpoint));
    const { ecs } = factory.clientsFor('us-east-1');
    const bucket = factory.budgetFor('us-east-1').bucket('ecs:service-read');
    // The retry is a second request through the gate: it took a token of its own.
    await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }));
    expect(fake.count()).toBe(2);
    const snap = monitor.snapshot();
    expect(snap.categories).toEqual([{ category: 'ecs:service-read', requestsLastMinute: 2, throttlesLastMinute: 1, errorsLastMinute: 0 }]);
    expect(snap.throttledTotal).toBe(1);
    expect(bucket.backingOff).toBe(true);
  });

  it('counts per category and records errors with their AWS code', async () => {
    const fake = await fakeEcs((_n, target) => (target.endsWith('ListClusters') ? { status: 400, body: { __type: 'AccessDeniedException', message: 'not allowed' } } : OK));
    const { factory, monitor } = factoryFor(profileAt(fake.endpoint));
    const { ecs } = factory.clientsFor('us-east-1');
    await ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }));
    await expect(ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const snap = monitor.snapshot();
    expect(snap.errorsLastMinute).toBe(1);
    expect(snap.lastError).toBe('ListClusters: AccessDeniedException: not allowed');
    expect(snap.categories.map((c) => c.category)).toEqual(['ecs:cluster-read', 'ecs:service-read']);
  });

  it('turns ExpiredTokenException on any call into the CREDENTIALS error naming the fix', async () => {
    const fake = await fakeEcs(() => ({ status: 400, body: { __type: 'ExpiredTokenException', message: 'The security token included in the request is expired' } }));
    const { factory } = factoryFor(profileAt(fake.endpoint));
    const err = (await factory.clientsFor('us-east-1').ecs.send(new ListClustersCommand({})).catch((e: unknown) => e)) as WharfError;
    expect(err).toBeInstanceOf(WharfError);
    expect(err.code).toBe('CREDENTIALS');
    expect(err.message).toBe('The credentials of profile keys have expired.');
    expect(err.fix).toContain('aws configure --profile keys');
  });
});

describe('StatusService', () => {
  it('sends status.changed at most every 2 s while requests flow, and none when idle', async () => {
    vi.useFakeTimers();
    try {
      const monitor = new ApiMonitor();
      const events = new EventBus();
      const sent: number[] = [];
      events.subscribe((event) => event === 'status.changed' && sent.push(Date.now()));
      const status = new StatusService({ monitor, sessions: { current: () => null } as unknown as SessionManager, events });
      for (let i = 0; i < 100; i++) {
        monitor.recordRequest('ecs:service-read');
        await vi.advanceTimersByTimeAsync(50); // 20 requests per second for 5 s
      }
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(sent.length).toBeLessThanOrEqual(4);
      for (let i = 1; i < sent.length; i++) expect(sent[i] - sent[i - 1]).toBeGreaterThanOrEqual(2000);
      // After the last request: at most one trailing update, then silence.
      const before = sent.length;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(sent.length - before).toBeLessThanOrEqual(1);
      expect(status.get().requestsLastMinute).toBe(100);
      status.setOldestFetchedAt(12345);
      expect(status.get().oldestFetchedAt).toBe(12345);
      status.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
