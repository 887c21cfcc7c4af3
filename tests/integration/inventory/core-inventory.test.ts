import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCoreOk } from '../core-calls';
import { startDemoCore, until, type DemoCore } from './demo-core';
import { ECSClient, ListClustersCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import type { MethodName } from '../../../src-main/contract/api';
import type { InventoryDelta, Overview, Problem } from '../../../src-main/contract/domains/inventory';
import type { WharfCore } from '../../../src-main/core/core';
import type { Exchange, RunningSim } from '../../../src-main/sim';

/**
 * The inventory through core's dispatcher, as the renderer uses it: the Demo account opened,
 * `inventory.focus` starts polling, deltas and problems arrive as events, the status bar gets
 * the age of the data, task definitions are cached.
 */
let sim: RunningSim;
let core: WharfCore;
let ecs: ECSClient;
const exchanges: Exchange[] = [];
const deltas: InventoryDelta[] = [];
let problems: Problem[] = [];
const ok = <M extends MethodName>(method: M, args: unknown) => callCoreOk(core, method, args);

let demo: DemoCore;

beforeAll(async () => {
  demo = await startDemoCore({ exchanges, deltas, onProblems: (p) => (problems = p) });
  ({ sim, core } = demo);
  ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
});
afterAll(async () => {
  ecs?.destroy();
  await demo?.close();
});

describe('inventory through core', () => {
  it('makes no inventory calls before the renderer sets a focus', () => {
    expect(exchanges.filter((e) => e.service === 'ecs')).toEqual([]);
  });

  it('loads the focused cluster and sends it as deltas; the snapshot has it all', async () => {
    const clusterArn = `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/prod-ec2`;
    await ok('inventory.focus', { clusterArn, serviceArn: null, taskArn: null, view: 'services' });
    // The clusters list is the region's summaries. The focused cluster's own DescribeClusters
    // sends a clusters delta with prod-ec2 alone first, and the summaries wait for the first
    // services, so they can land after the focused load completes: wait until deltas have
    // named every cluster the region has (read directly), not for the first clusters delta.
    const region = new Set((await ecs.send(new ListClustersCommand({}))).clusterArns);
    await until('the clusters list', () => {
      const sent = new Set(deltas.filter((d) => d.clusterArn === null).flatMap((d) => d.clusters ?? []).map((c) => c.arn));
      return region.size > 0 && [...region].every((arn) => sent.has(arn));
    });
    await until('the services of prod-ec2', () => deltas.some((d) => d.clusterArn === clusterArn && d.services?.length));
    const snapshot = await until('the complete first load', () => core.services.inventory.currentPoller()?.focusedLoadComplete() && core.services.inventory.snapshot(clusterArn));
    const fromCall = await ok('inventory.snapshot', { clusterArn });
    expect(fromCall.services.map((s) => s.name).sort()).toEqual(snapshot.services.map((s) => s.name).sort());
    expect((await ok('inventory.clusters', {})).clusters.map((c) => c.name).sort()).toEqual(['prod-ec2', 'prod-fargate']);
    expect((await ok('status.get', {})).oldestFetchedAt).not.toBeNull();
  });

  it('outside a cluster (the overview) the status bar ages the region\'s cluster summaries', async () => {
    await ok('inventory.focus', { clusterArn: null, serviceArn: null, taskArn: null, view: 'overview' });
    const summaries = core.services.inventory.clusters().map((c) => c.fetchedAt);
    expect(summaries.length).toBeGreaterThan(0);
    const at = (await ok('status.get', {})).oldestFetchedAt;
    expect(at).toBe(Math.min(...summaries));
  });

  it('finds the demo\'s problems in both clusters (the other one swept in the background), worst first', async () => {
    await until('problems of prod-fargate too', () => problems.some((p) => p.clusterArn.endsWith('/prod-fargate')) && problems.some((p) => p.clusterArn.endsWith('/prod-ec2')));
    const listed = (await ok('problems.list', {})).problems;
    expect(listed.map((p) => p.id)).toEqual(problems.map((p) => p.id));
    const rank = { critical: 0, error: 1, warning: 2 };
    expect(listed.map((p) => rank[p.severity])).toEqual([...listed.map((p) => rank[p.severity])].sort());
    for (const p of listed) expect(p.detail.length).toBeGreaterThan(10);
    const clusters = (await ok('inventory.clusters', {})).clusters;
    for (const c of clusters) expect(c.problemCount).toBe(listed.filter((p) => p.clusterArn === c.arn).length);
  });

  it('lists task definition revisions newest first, and fetches a revision once', async () => {
    const family = 'shop-web';
    const direct = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC' }));
    const { arns } = await ok('inventory.taskDefinitionRevisions', { family });
    expect(arns).toEqual((direct.taskDefinitionArns ?? []).filter((a) => a.includes(`/${family}:`)));
    const revisions = arns.map((a) => Number(a.slice(a.lastIndexOf(':') + 1)));
    expect(revisions).toEqual([...revisions].sort((a, b) => b - a));

    const before = exchanges.filter((e) => e.operation === 'DescribeTaskDefinition').length;
    const doc = await ok('inventory.taskDefinition', { arn: arns[1] });
    const again = await ok('inventory.taskDefinition', { arn: arns[1] });
    expect(doc.taskDefinitionArn).toBe(arns[1]);
    expect(again).toEqual(doc);
    expect(typeof doc.registeredAt).toBe('number');
    expect(exchanges.filter((e) => e.operation === 'DescribeTaskDefinition').length).toBe(before + 1);
  });

  it('gives the overview, and sends it as an event once the overview is the focus', async () => {
    const overview = await ok('inventory.overview', {});
    expect(overview.errors).toEqual([]);
    expect(overview.clusters.map((c) => c.name).sort()).toEqual(['prod-ec2', 'prod-fargate']);

    const sent: Overview[] = [];
    const unsubscribe = core.events.subscribe((event, payload) => {
      if (event === 'inventory.overview') sent.push(payload as Overview);
    });
    try {
      await ok('inventory.focus', { clusterArn: null, serviceArn: null, taskArn: null, view: 'overview' });
      const first = await until('the overview event', () => sent[0]);
      expect(first.clusters.map((c) => c.name).sort()).toEqual(['prod-ec2', 'prod-fargate']);
    } finally {
      unsubscribe();
    }
  });
});
