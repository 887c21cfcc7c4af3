import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDelta, TaskRecord } from '../../../src-main/contract/domains/inventory';
import { decodeMomentTasks, MOMENT_CONTAINER_FIELDS, MOMENT_TASK_FIELDS } from '../../../src-main/contract/moment-tasks';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type RunningSim } from '../../../src-main/sim';
import { callCore, callCoreOk } from '../core-calls';
import { until } from '../inventory/demo-core';

/**
 * History through core against the demo sim over HTTP. The sim's clock is frozen and moved by
 * the test, and history's clock is the sim's: everything Wharf sees while the world stands
 * still is recorded at that moment. The test reads the sim through the SDK at each moment
 * (what the sim held), then asks history for the same moments.
 */
const MIN = 60_000;
let sim: RunningSim;
let core: WharfCore;
let ecs: ECSClient;
let dataDir: string;
let clusterArn: string;
let historyNow: () => number;
const deltas: Array<{ at: number; delta: InventoryDelta }> = [];

interface SimState {
  services: string[];
  tasks: string[];
  instances: string[];
}

async function startCore(): Promise<WharfCore> {
  const c = await createCore({ version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir }, history: { now: () => historyNow(), flushMs: 100 } });
  c.events.subscribe((event, payload) => {
    if (event === 'inventory.delta') deltas.push({ at: Date.now(), delta: payload as InventoryDelta });
  });
  await c.services.sessions.open('Demo account');
  await c.services.history.whenReady();
  return c;
}

/** What the sim holds for prod-ec2 now, read through the SDK: the facts history must give back. */
async function readSim(): Promise<SimState> {
  const cluster = 'prod-ec2';
  const serviceArns = (await ecs.send(new ListServicesCommand({ cluster, maxResults: 100 }))).serviceArns ?? [];
  const services = (await ecs.send(new DescribeServicesCommand({ cluster, services: serviceArns }))).services ?? [];
  const taskArns = [
    ...((await ecs.send(new ListTasksCommand({ cluster, maxResults: 100 }))).taskArns ?? []),
    ...((await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'STOPPED', maxResults: 100 }))).taskArns ?? []),
  ];
  const tasks = taskArns.length ? (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks ?? [] : [];
  const instanceArns = (await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns ?? [];
  const instances = (await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: instanceArns }))).containerInstances ?? [];
  return {
    services: services.map((s) => `${s.serviceName} ${s.desiredCount}/${s.runningCount} ${s.taskDefinition?.split('/').pop()} ${s.deployments?.length}`).sort(),
    tasks: tasks.map((t) => `${t.taskArn?.split('/').pop()} ${t.lastStatus}`).sort(),
    instances: instances.map((i) => `${i.ec2InstanceId ?? i.containerInstanceArn} ${i.status} ${i.runningTasksCount}`).sort(),
  };
}

async function readHistory(at: number): Promise<SimState> {
  const { snapshot } = await callCoreOk(core, 'history.snapshot', { clusterArn, at });
  return {
    services: snapshot.services.map((s) => `${s.name} ${s.desiredCount}/${s.runningCount} ${s.taskDefinition.split('/').pop()} ${s.deployments.length}`).sort(),
    tasks: snapshot.tasks.map((t) => `${t.id} ${t.lastStatus}`).sort(),
    instances: snapshot.instances.map((i) => `${i.ec2InstanceId ?? i.arn} ${i.status} ${i.runningTasksCount}`).sort(),
  };
}

/** Waits until the poller has refreshed services, tasks and instances of the cluster in full since `since` (AWS's clock: the sim's). */
async function refreshedSince(since: number): Promise<void> {
  await until('a complete refresh after the clock moved', () => {
    const seen = { services: false, tasks: false, instances: false };
    for (const { delta } of deltas) {
      if (delta.clusterArn !== clusterArn || !delta.refreshedAt) continue;
      for (const kind of ['services', 'tasks', 'instances'] as const) if ((delta.refreshedAt[kind] ?? 0) >= since) seen[kind] = true;
    }
    return seen.services && seen.tasks && seen.instances;
  }, 30_000);
  await core.services.history.flush();
}

const moments: Array<{ at: number; sim: SimState }> = [];

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0 });
  historyNow = () => sim.clock.now();
  dataDir = mkdtempSync(join(tmpdir(), 'wharf-history-core-'));
  ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  clusterArn = `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/prod-ec2`;
  core = await startCore();
}, 60_000);

afterAll(async () => {
  ecs?.destroy();
  await core?.close();
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('history through core', () => {
  it('records the cluster as the sim held it, moment by moment', async () => {
    await callCoreOk(core, 'inventory.focus', { clusterArn, serviceArn: null, taskArn: null, view: 'services' });
    // Core stamps refreshes with AWS's clock (the sim's, from its Date header: whole seconds).
    let since = sim.clock.now() - 1000;
    await refreshedSince(since);
    moments.push({ at: sim.clock.now(), sim: await readSim() });
    // Three more moments, ten minutes apart: deployments roll, ledger's tasks crash and restart.
    for (let i = 0; i < 3; i++) {
      sim.clock.advance(10 * MIN);
      since = sim.clock.now() - 1000;
      core.services.inventory.refresh();
      await refreshedSince(since);
      moments.push({ at: sim.clock.now(), sim: await readSim() });
    }
    // The world did change between the moments, or this would prove little.
    expect(new Set(moments.map((m) => m.sim.tasks.join()))).toHaveProperty('size', moments.length);
    for (const m of moments) {
      const recorded = await readHistory(m.at);
      expect(recorded.services, `services at ${new Date(m.at).toISOString()}`).toEqual(m.sim.services);
      expect(recorded.instances, `instances at ${new Date(m.at).toISOString()}`).toEqual(m.sim.instances);
      // Wharf keeps STOPPED tasks it saw until ECS forgets them (an hour): it may hold more
      // stopped tasks than one ListTasks page shows; every task the sim listed is there as listed.
      for (const t of m.sim.tasks) expect(recorded.tasks, `tasks at ${new Date(m.at).toISOString()}`).toContain(t);
      expect(recorded.tasks.filter((t) => !t.endsWith('STOPPED')).sort()).toEqual(m.sim.tasks.filter((t) => !t.endsWith('STOPPED')));
    }
  }, 180_000);

  it('gives the health verdict Wharf had at a moment: its Problems list then', async () => {
    const { problems } = await callCoreOk(core, 'history.snapshot', { clusterArn, at: moments.at(-1)!.at, kinds: ['services'] });
    const live = core.services.inventory.problemList().filter((p) => p.clusterArn === clusterArn);
    expect(live.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.id).sort()).toEqual(live.map((p) => p.id).sort());
  });

  it("sends a moment's tasks slim, the fields it keeps as the whole records hold them, and a task whole on its own", async () => {
    for (const m of moments) {
      const { snapshot } = await callCoreOk(core, 'history.snapshot', { clusterArn, at: m.at, kinds: ['tasks', 'instances'] });
      const moment = await callCoreOk(core, 'history.momentTasks', { clusterArn, at: m.at });
      const keep = (t: TaskRecord) => Object.fromEntries(MOMENT_TASK_FIELDS.map((f) => [f, f === 'containers' ? t.containers.map((c) => Object.fromEntries(MOMENT_CONTAINER_FIELDS.map((k) => [k, c[k]]))) : t[f]]));
      const byArn = (a: TaskRecord, b: TaskRecord) => a.arn.localeCompare(b.arn);
      expect(snapshot.tasks.length).toBeGreaterThan(0);
      expect(decodeMomentTasks(moment.tasks, clusterArn, m.at).sort(byArn).map(keep)).toEqual([...snapshot.tasks].sort(byArn).map(keep));
      expect(moment.instances).toEqual(snapshot.instances);
      const one = snapshot.tasks.find((t) => t.containers.length > 0)!;
      expect(await callCoreOk(core, 'history.task', { clusterArn, taskArn: one.arn, at: m.at })).toEqual({ task: one, seenAt: one.fetchedAt });
    }
    expect(await callCoreOk(core, 'history.task', { clusterArn, taskArn: `${clusterArn.replace(':cluster/', ':task/')}/nope`, at: moments[0].at })).toEqual({ task: null, seenAt: null });
  });

  it('says what changed between two moments, and finds events across services', async () => {
    const first = moments[0].at;
    const last = moments.at(-1)!.at;
    const changes = await callCoreOk(core, 'history.changes', { clusterArn, from: first, to: last });
    expect(changes.stopped.some((g) => g.services.includes('ledger') && /EssentialContainerExited/.test(g.reason))).toBe(true);
    expect(changes.historyFrom).toBeLessThanOrEqual(first);
    const events = await callCoreOk(core, 'history.events', { clusterArn: null, search: 'has started' });
    expect(events.total).toBeGreaterThan(0);
    expect(events.events.every((e) => /has started/i.test(e.message))).toBe(true);
    const stopped = await callCoreOk(core, 'history.stoppedTasks', { clusterArn, taskArns: changes.stopped[0].taskArns.slice(0, 1) });
    expect(stopped.tasks[0].exits.length).toBeGreaterThan(0);
  });

  it('gives the incident summary the changes in the hour before, by history\'s clock', async () => {
    const { markdown } = await callCoreOk(core, 'summary.service', { clusterArn, serviceName: 'ledger' });
    const section = markdown.slice(markdown.indexOf('**Changes in the hour before**'), markdown.indexOf('**Stopped tasks**'));
    expect(section).toMatch(/- \d+ tasks? stopped \([^)]*ledger[^)]*\): EssentialContainerExited/);
    expect(section).not.toMatch(/not recorded|none recorded/);
  });

  it('keeps history across a restart', async () => {
    await core.close();
    core = await startCore();
    const range = await callCoreOk(core, 'history.range', { clusterArn });
    expect(range.from).toBeLessThanOrEqual(moments[0].at);
    expect(await readHistory(moments[1].at)).toMatchObject({ services: moments[1].sim.services, instances: moments[1].sim.instances });
  }, 60_000);

  it('enforces the retention set in Settings', async () => {
    await callCoreOk(core, 'settings.update', { historyRetentionDays: 1 });
    const now = historyNow;
    historyNow = () => now() + 2 * 24 * 60 * MIN;
    await core.services.history.compact();
    historyNow = now;
    const gone = await callCore(core, 'history.snapshot', { clusterArn, at: moments[1].at });
    expect(gone.ok).toBe(false);
    expect((await callCoreOk(core, 'history.range', { clusterArn })).spans).toEqual([]);
  });
});
