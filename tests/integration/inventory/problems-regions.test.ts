import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCoreOk } from '../core-calls';
import { startDemoCore, until, type DemoCore } from './demo-core';
import type { MethodName } from '../../../src-main/contract/api';
import type { InventoryDelta, Problem } from '../../../src-main/contract/domains/inventory';
import type { SessionInfo } from '../../../src-main/contract/domains/session';
import { ApiMonitor } from '../../../src-main/core/aws/api-monitor';
import { ClientFactory } from '../../../src-main/core/aws/client-factory';
import { sameEndpointForAll } from '../../../src-main/core/aws/endpoints';
import type { WharfCore } from '../../../src-main/core/core';
import { RegionWatchers } from '../../../src-main/core/inventory/region-watchers';
import { startSim, type Exchange, type RunningSim } from '../../../src-main/sim';

/**
 * Problems across every region the user watches: with eu-west-1 among the overview regions,
 * core sweeps it (sweep-only, no deltas) and its problem (the demo's edge-purge, stuck at 0 of
 * 2 because nothing can place an EC2 task in eu-edge) joins us-east-1's in one worst-first
 * list; taking the region out of Settings takes its problems out.
 */
const EU = 'eu-west-1';
const PURGE = 'arn:aws:ecs:eu-west-1:123456789012:service/eu-edge/edge-purge';
const RANK = { critical: 0, error: 1, warning: 2 } as const;

/** An exchange of eu-west-1: only eu-west-1's ARNs (in the input or the answer) name it. */
const mentionsEu = (e: Exchange) => JSON.stringify([e.input, e.output]).includes(`:${EU}:`);

describe('core with eu-west-1 among the overview regions (demo sim, real HTTP)', () => {
  let sim: RunningSim;
  let core: WharfCore;
  const exchanges: Exchange[] = [];
  const deltas: InventoryDelta[] = [];
  let problems: Problem[] = [];
  const ok = <M extends MethodName>(method: M, args: unknown) => callCoreOk(core, method, args);

  let demo: DemoCore;

  beforeAll(async () => {
    demo = await startDemoCore({ exchanges, deltas, onProblems: (p) => (problems = p) });
    ({ sim, core } = demo);
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('watches eu-west-1 once Settings lists it, but calls nothing before the inventory is active', async () => {
    await ok('settings.update', { overviewRegions: [EU] });
    expect(core.services.inventory.regionWatchers().watched()).toEqual([EU]);
    await new Promise((r) => setTimeout(r, 300));
    expect(exchanges.filter((e) => e.service === 'ecs')).toEqual([]);
  });

  it('lists eu-west-1’s problem, with its region, among us-east-1’s, worst first', async () => {
    await ok('inventory.focus', { clusterArn: `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/prod-ec2`, serviceArn: null, taskArn: null, view: 'services' });
    const purge = await until('edge-purge’s problem', () => problems.find((p) => p.targetArn === PURGE));
    expect(purge).toMatchObject({ region: EU, clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/eu-edge', kind: 'deployment-stuck', severity: 'error' });
    expect(purge.detail).toMatch(/0 of 2 tasks/);
    // Read in full by its watcher's sweep: a problem gone from eu-edge would now count as gone
    // (notifications close it), while a cluster no one has read does not.
    // (The problem shows from the services read; the sweep's other kinds may still be on their
    // way on a loaded machine, so wait for the sweep itself.)
    await until('eu-edge read in full', () => core.services.inventory.hasReadInFull('arn:aws:ecs:eu-west-1:123456789012:cluster/eu-edge'));
    expect(core.services.inventory.hasReadInFull('arn:aws:ecs:eu-west-1:123456789012:cluster/never-read')).toBe(false);
    await until('us-east-1’s problems of both clusters', () => ['prod-ec2', 'prod-fargate'].every((c) => problems.some((p) => p.clusterArn.endsWith(`/${c}`))));

    const listed = (await ok('problems.list', {})).problems;
    expect(new Set(listed.map((p) => p.region))).toEqual(new Set([sim.region, EU]));
    expect(listed.map((p) => RANK[p.severity])).toEqual(listed.map((p) => RANK[p.severity]).sort());
    // The overview's problem count of eu-edge comes from the same list; and both regions are
    // read by pollers already, so the overview answers from them without a call to AWS.
    const callsBefore = exchanges.filter((e) => e.service === 'ecs' && e.operation.endsWith('Clusters')).length;
    const overview = await ok('inventory.overview', {});
    expect(exchanges.filter((e) => e.service === 'ecs' && e.operation.endsWith('Clusters')).length).toBe(callsBefore);
    expect(overview.clusters.map((c) => `${c.region} ${c.name}`)).toEqual([`${EU} eu-edge`, `${sim.region} prod-ec2`, `${sim.region} prod-fargate`]);
    expect(overview.clusters.find((c) => c.name === 'eu-edge')?.problemCount).toBe(listed.filter((p) => p.region === EU).length);
  });

  it('sends no eu-west-1 record to the renderer: inventory deltas and clusters are the session region’s', async () => {
    expect(exchanges.some((e) => e.operation === 'ListServices' && mentionsEu(e))).toBe(true);
    expect(deltas.length).toBeGreaterThan(0);
    expect(JSON.stringify(deltas)).not.toContain(EU);
    expect((await ok('inventory.clusters', {})).clusters.map((c) => c.region)).toEqual([sim.region, sim.region]);
  });

  it('drops eu-west-1’s problems as soon as Settings no longer lists it', async () => {
    expect(problems.some((p) => p.region === EU)).toBe(true);
    await ok('settings.update', { overviewRegions: [] });
    expect(core.services.inventory.regionWatchers().watched()).toEqual([]);
    expect(problems.filter((p) => p.region === EU)).toEqual([]);
    const listed = (await ok('problems.list', {})).problems;
    expect(listed.filter((p) => p.region === EU)).toEqual([]);
    expect(listed.some((p) => p.region === sim.region)).toBe(true);
  });

  it('a session opened in eu-west-1 starts afresh and does not watch its own region twice', async () => {
    await ok('settings.update', { overviewRegions: [EU, sim.region] });
    expect(core.services.inventory.regionWatchers().watched()).toEqual([EU]);
    await core.services.sessions.open('Demo account', EU);
    expect(core.services.inventory.regionWatchers().watched()).toEqual([sim.region]);
  });
});

describe('one watcher’s calls in steady state (eu-west-1, frozen sim clock)', () => {
  let sim: RunningSim;
  let factory: ClientFactory;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, onExchange: (e) => exchanges.push(e) });
    factory = new ClientFactory({
      profile: {
        name: 'Demo account', kind: 'demo', region: sim.region, endpoints: sameEndpointForAll(sim.endpoint), readOnly: false, production: false,
        sourceProfile: null, roleArn: null, ssoSession: null, ssoStartUrl: null,
      },
      credentials: async () => sim.credentials,
      monitor: new ApiMonitor(),
      share: 0.5,
      explainCredentialError: () => null,
    });
  });
  afterAll(async () => {
    factory?.destroy();
    await sim?.close();
  });

  it('reads summaries and sweeps each cluster about once a minute, nothing more; stopped, it calls nothing', async () => {
    const session = { info: { region: sim.region } as SessionInfo, clientsFor: (region: string) => factory.clientsFor(region) };
    const watchers = new RegionWatchers({ now: () => sim.clock.now(), sweepCallsPerSecond: 1000, onRefresh: () => {} });
    watchers.setRegions([EU]);
    watchers.setSession(session);
    const poller = watchers.poller(EU)!;
    // Ticked by hand (not activated: no timer) while the frozen clock moves in 1 s steps.
    const run = async (seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        sim.clock.advance(1_000);
        poller.tick();
        await poller.idle();
      }
    };
    await run(5);
    expect(watchers.problemInput().map((c) => c.clusterArn)).toEqual(['arn:aws:ecs:eu-west-1:123456789012:cluster/eu-edge']);
    expect(exchanges.every(mentionsEu)).toBe(true);

    await run(115);
    const from = exchanges.length;
    const minutes = 10;
    await run(minutes * 60);
    const steady = exchanges.slice(from);
    const perOperation: Record<string, number> = {};
    for (const e of steady) perOperation[e.operation] = (perOperation[e.operation] ?? 0) + 1;
    console.log(`eu-west-1 watcher, steady state: ${(steady.length / minutes).toFixed(1)} calls/min`, perOperation);
    // Per minute: ListClusters + DescribeClusters (summaries), then eu-edge's sweep: ListServices,
    // DescribeServices, ListTasks(STOPPED), ListContainerInstances (nothing stopped, no instance).
    expect(Object.keys(perOperation).sort()).toEqual(['DescribeClusters', 'DescribeServices', 'ListClusters', 'ListContainerInstances', 'ListServices', 'ListTasks']);
    for (const count of Object.values(perOperation)) {
      expect(count).toBeGreaterThanOrEqual(minutes - 1);
      expect(count).toBeLessThanOrEqual(minutes + 1);
    }

    watchers.setRegions([]);
    const stoppedAt = exchanges.length;
    await run(120);
    expect(exchanges.length).toBe(stoppedAt);
    expect(watchers.problemInput()).toEqual([]);
  });
});
