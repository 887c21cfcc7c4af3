import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCore } from '../core-calls';
import { DescribeServicesCommand, ECSClient, ListClustersCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import type { MethodName } from '../../../src-main/contract/api';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type Exchange } from '../../../src-main/sim';

/**
 * Core against the sim over real HTTP: the Demo account opened through the dispatcher, the
 * token buckets holding a burst of 200 calls below the sim's (AWS's) throttle, and the sim's
 * expired-credentials fault turned into the CREDENTIALS error that names the fix.
 */
type Sim = Awaited<ReturnType<typeof startSim>>;
let sim: Sim;
let core: WharfCore;
let dataDir: string;
/** Every call the sim answered, in order (Wharf's own background reads among them). */
const exchanges: Exchange[] = [];
const SERVICE_READS = new Set(['DescribeServices', 'ListServices', 'ListServicesByNamespace']);
const serviceReadsSince = (mark: number) => exchanges.slice(mark).filter((e) => e.service === 'ecs' && SERVICE_READS.has(e.operation)).length;
/** The sim's throttle buckets' wall clock: stopped while the control burst runs (see below). */
let throttleStoppedAt: number | null = null;
const call = <M extends MethodName>(method: M, args: unknown) => callCore(core, method, args);

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', port: 0, seed: 1, onExchange: (e) => exchanges.push(e), throttleClock: () => throttleStoppedAt ?? Date.now() });
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-session-'));
  core = await createCore({
    version: 'test',
    transport: 'web',
    dataDir,
    demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials },
    // No AWS profile files and no AWS_* variables: only the Demo account exists.
    env: { HOME: dataDir },
  });
});

afterAll(async () => {
  await core?.close();
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the Demo account signs with the key pair its sim made', () => {
  it('is refused by the sim when core holds another pair (so core signs with the one it was handed)', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'wharf-session-'));
    const stranger = await createCore({
      version: 'test',
      transport: 'web',
      dataDir: otherDir,
      demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: 'another-secret' } },
      env: { HOME: otherDir },
    });
    try {
      const opened = await callCore(stranger, 'session.open', { profile: 'Demo account' });
      expect(opened.ok).toBe(false);
      if (opened.ok) return;
      expect(JSON.stringify(opened.error)).toContain('SignatureDoesNotMatch');
      expect(JSON.stringify(opened.error)).not.toContain('another-secret');
    } finally {
      await stranger.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describe('sessions against the sim', () => {
  it('lists the Demo account as the default and opens it: account and region from STS', async () => {
    const profiles = await call('session.profiles', {});
    expect(profiles.ok && profiles.result.defaultProfile).toBe('Demo account');

    const changed: unknown[] = [];
    const stop = core.events.subscribe((event, payload) => event === 'session.changed' && changed.push(payload));
    const opened = await call('session.open', { profile: 'Demo account' });
    stop();
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.result).toMatchObject({ profile: 'Demo account', kind: 'demo', demo: true, accountId: '123456789012', region: sim.region, readOnly: false });
    expect(opened.result.accountId).toBe(sim.accountId);
    expect(opened.result.callerArn).toMatch(/^arn:aws:(iam|sts)::123456789012:/);
    expect(changed).toEqual([opened.result]);

    const current = await call('session.current', {});
    expect(current.ok && current.result).toEqual(opened.result);
    // Nothing that crossed the dispatcher carries the key pair the Demo account signs with.
    const crossed = JSON.stringify([profiles, opened, current, changed, await call('app.info', {})]);
    expect(crossed).not.toContain(sim.credentials.accessKeyId);
    expect(crossed).not.toContain(sim.credentials.secretAccessKey);
  });

  it('queues 200 DescribeServices fired at once: 0 ThrottlingExceptions, 200 requests counted', async () => {
    // 0.9 of AWS's figures keeps this test to ~6 s; the default 0.5 would take ~15 s.
    const updated = await call('settings.update', { apiBudgetShare: 0.9 });
    expect(updated.ok).toBe(true);
    const session = core.services.sessions.require();
    const { ecs } = session.clients;
    expect(session.budget().bucket('ecs:service-read').capacity).toBe(90);

    const clusters = await ecs.send(new ListClustersCommand({}));
    const cluster = clusters.clusterArns![0];
    const services = await ecs.send(new ListServicesCommand({ cluster, maxResults: 10 }));
    const names = services.serviceArns!.slice(0, 10);
    // The session's poller reads in the background too, on the same buckets and counters: start
    // counting with none of its calls in flight, so the sim and the monitor count the same calls.
    await core.services.inventory.currentPoller()?.idle();
    // Both counts taken in the same turn, with nothing in flight.
    const readsOf = (status: Awaited<ReturnType<typeof call<'status.get'>>>) => (status.ok ? status.result.categories.find((c) => c.category === 'ecs:service-read')!.requestsLastMinute : NaN);
    const mark = exchanges.length;
    const readBefore = core.services.monitor.snapshot().categories.find((c) => c.category === 'ecs:service-read')?.requestsLastMinute ?? 0;

    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => ecs.send(new DescribeServicesCommand({ cluster, services: names }))));
    const seconds = (Date.now() - started) / 1000;
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected.map((r) => (r.reason as Error).name)).toEqual([]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ services?: unknown[] }>[];
    expect(fulfilled.every((r) => r.value.services!.length === names.length)).toBe(true);

    // The 200 reached the sim, each once (no retry: nothing was throttled).
    const ours = exchanges.slice(mark).filter((e) => e.operation === 'DescribeServices' && JSON.stringify((e.input as { services?: string[] }).services) === JSON.stringify(names));
    expect(ours.length).toBeGreaterThanOrEqual(200);
    expect(ours.every((e) => e.status === 200)).toBe(true);
    // Every service read the sim answered meanwhile is counted once: the 200 and whatever the
    // poller read beside them (it may have a read in flight at this moment; the counts meet
    // once it is answered).
    await expect.poll(async () => readsOf(await call('status.get', {})) - readBefore - serviceReadsSince(mark)).toBe(0);
    expect(serviceReadsSince(mark)).toBeGreaterThanOrEqual(200);
    const after = await call('status.get', {});
    expect(after.ok).toBe(true);
    if (!after.ok) return;
    const read = after.result.categories.find((c) => c.category === 'ecs:service-read')!;
    expect(read.throttlesLastMinute).toBe(0);
    expect(after.result.throttledTotal).toBe(0);
    console.log(`200 DescribeServices at share 0.9: ${seconds.toFixed(1)} s, 0 throttles (lower bound ${(110 / 18).toFixed(1)} s)`);
  });

  it('turns the sim expired-credentials fault into the CREDENTIALS error naming the fix', async () => {
    sim.setFaults({ expireCredentialsAfterSeconds: 0.001 });
    try {
      const { ecs } = core.services.sessions.require().clients;
      await ecs.send(new ListClustersCommand({})).catch(() => undefined); // the key's first call starts its clock
      await new Promise((r) => setTimeout(r, 20));
      const reopened = await call('session.open', { profile: 'Demo account' });
      expect(reopened.ok).toBe(false);
      if (reopened.ok) return;
      expect(reopened.error.code).toBe('CREDENTIALS');
      // A name with a space is quoted, so the sentence reads as one.
      expect(reopened.error.message).toBe('The credentials of profile “Demo account” have expired.');
      expect(reopened.error.fix).toContain('expired-credentials fault');

      const err = await ecs.send(new ListClustersCommand({})).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CREDENTIALS', awsCode: 'ExpiredTokenException' });
    } finally {
      sim.setFaults({ expireCredentialsAfterSeconds: 0 });
    }
  });

  it('(control) the same burst from a bare SDK client without Wharf\'s buckets is throttled by the sim', async () => {
    const bare = new ECSClient({ region: sim.region, endpoint: sim.endpoint, maxAttempts: 1, credentials: sim.credentials });
    // "At once" for the sim's buckets: on two loaded cores 200 requests can take the sim long
    // enough to answer that its bucket refills meanwhile (20 a second), so its clock stands
    // still for the burst: the bucket holds at most its burst of 100.
    throttleStoppedAt = Date.now();
    try {
      const results = await Promise.allSettled(Array.from({ length: 200 }, () => bare.send(new DescribeServicesCommand({ cluster: 'default', services: ['x'] }))));
      const names = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name));
      const throttled = names.filter((n) => n === 'ThrottlingException').length;
      expect(throttled, names.filter((n) => n !== 'ThrottlingException').join(' ')).toBeGreaterThanOrEqual(100);
    } finally {
      throttleStoppedAt = null;
      bare.destroy();
    }
  });
});
