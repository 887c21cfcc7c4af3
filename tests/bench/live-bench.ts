/**
 * Live events against polling at scale (issue 16's goals), on the `large` scenario at 2,000
 * services / 10,000 tasks / 500 instances and at 5,000 / 25,000 / 1,000 (the sim in a child
 * process, AWS's throttle figures on; Wharf's core in this process with its real clients and
 * token buckets at the default share). For each size it prints:
 *   (1) polling: the services refresh period, and a change's time to the model (p50, p95);
 *   (2) live events: a change's time to the model (scale a service, stop a task, drain an
 *       instance), p50 and p95, against the goal of 2 s;
 *   (3) steady ECS read calls per minute, polling against live (events' describes plus the
 *       summaries, and the reconciliation amortised over its 10 minutes): goal >= 10x fewer;
 *   (4) ThrottlingExceptions (goal 0);
 *   (5) reconciliation with 0 % and 10 % of events dropped: records wrong before it, after it,
 *       and what it counted as missed (goal: nothing at 0 %, everything repaired at 10 %), after
 *       one uncounted full read since live events (the baseline a find is judged against); each
 *       record counted is listed (kind, ARN, fields that differed, time since its last event).
 * Asserts nothing.
 *
 *   npm run bench -- live                      (or: npx tsx tests/bench/live-bench.ts)
 *   BENCH_LIVE_SIZES=2000 ...                  only the 2,000-service size
 *   BENCH_LIVE_CHANGES=40 BENCH_POLL_CHANGES=6 the number of changes measured
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, StopTaskCommand, UpdateContainerInstancesStateCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { InventoryDelta } from '../../src-main/contract/domains/inventory';
import { createCore, type WharfCore } from '../../src-main/core/core';
import type { JobKey } from '../../src-main/core/inventory/scheduler';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSimProcess, type SimProcess } from '../../src-main/sim/embedded';

interface Size {
  services: number;
  tasks: number;
  instances: number;
}

const SIZES: Size[] = [
  { services: 2000, tasks: 10000, instances: 500 },
  { services: 5000, tasks: 25000, instances: 1000 },
].filter((s) => !process.env.BENCH_LIVE_SIZES || process.env.BENCH_LIVE_SIZES.split(',').includes(String(s.services)));
const LIVE_CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 45);
const POLL_CHANGES = Number(process.env.BENCH_POLL_CHANGES ?? 6);
const STEADY_MS = Number(process.env.BENCH_STEADY_MS ?? 150_000);
const RECONCILE_CHANGES = Number(process.env.BENCH_RECONCILE_CHANGES ?? 40);

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function until<T>(what: string, read: () => T | undefined | false | null, ms: number, every = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(every);
  }
}

/** Counts every request Wharf's clients make, by throttle category, since `reset`. */
function countRequests(core: WharfCore) {
  const monitor = core.services.monitor;
  const counts = new Map<string, number>();
  const record = monitor.recordRequest.bind(monitor);
  monitor.recordRequest = (category: string) => {
    counts.set(category, (counts.get(category) ?? 0) + 1);
    record(category);
  };
  return {
    ecsReads: () => [...counts].filter(([c]) => c.startsWith('ecs:') && !c.endsWith('-modify') && c !== 'ecs:other').reduce((n, [, v]) => n + v, 0),
    byCategory: () => Object.fromEntries(counts),
    throttled: () => monitor.snapshot().throttledTotal,
  };
}

type Change = { kind: 'scale' | 'stop' | 'drain'; run(): Promise<void>; seen(d: InventoryDelta): boolean };

async function benchSize(size: Size): Promise<void> {
  console.log(`\n## large at ${size.services.toLocaleString('en-US')} services / ${size.tasks.toLocaleString('en-US')} tasks / ${size.instances.toLocaleString('en-US')} instances`);
  const sim: SimProcess = await startSimProcess({
    script: join(process.cwd(), 'src-main/sim/cli.ts'),
    scenario: 'large',
    seed: 11,
    admin: true,
    args: ['--services', String(size.services), '--tasks', String(size.tasks), '--instances', String(size.instances)],
    timeoutMs: 120_000,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-live-bench-'));
  const core = await createCore({ version: 'bench', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'large', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir } });
  const requests = countRequests(core);
  const deltas: Array<(d: InventoryDelta) => void> = [];
  core.events.subscribe((event, payload) => {
    if (event === 'inventory.delta') for (const listen of [...deltas]) listen(payload as InventoryDelta);
  });
  const jobs: Array<{ job: JobKey; at: number }> = [];
  const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 5 });
  const clusterArn = `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/large`;
  const admin = { authorization: `Bearer ${sim.credentials.secretAccessKey}`, 'content-type': 'application/json' };
  const inventory = core.services.inventory;
  const live = core.services.live;
  try {
    await core.services.sessions.open('Demo account');
    const call = async (method: string, args: unknown) => {
      const res = await core.call({ kind: 'call', id: Math.floor(Math.random() * 1e9), method, args }, { transport: 'test' });
      if (!res.ok) throw new Error(`${method}: ${res.error.code}: ${res.error.message}`);
      return res.result;
    };
    const t0 = Date.now();
    await call('inventory.focus', { clusterArn, serviceArn: null, taskArn: null, view: 'services' });
    const poller = inventory.currentPoller()!;
    const jobDone = (poller as unknown as { deps: { onJobDone?: (job: JobKey, o: unknown) => void } }).deps;
    const original = jobDone.onJobDone;
    jobDone.onJobDone = (job, outcome) => {
      jobs.push({ job, at: Date.now() });
      original?.(job, outcome);
    };
    await until('the first load', () => poller.focusedLoadComplete(), 600_000, 200);
    console.log(`machine: ${cpus().length} cores, load ${loadavg().map((n) => n.toFixed(1)).join(' ')}; first load complete in ${fmt(Date.now() - t0)}`);

    const state = () => inventory.snapshot(clusterArn);
    const services = state().services.map((s) => s.name).sort();
    const tasks = state().tasks.filter((t) => t.desiredStatus === 'RUNNING').map((t) => t.arn);
    const instances = state().instances.map((i) => i.arn);
    let serviceCursor = 0;
    let taskCursor = 0;
    let instanceCursor = 0;
    const desired = new Map(state().services.map((s) => [s.name, s.desiredCount]));

    const scale = (): Change => {
      const name = services[serviceCursor++ % services.length];
      const to = (desired.get(name) ?? 0) + 1;
      desired.set(name, to);
      return { kind: 'scale', run: async () => void (await ecs.send(new UpdateServiceCommand({ cluster: 'large', service: name, desiredCount: to }))), seen: (d) => d.services?.some((s) => s.name === name && s.desiredCount === to) ?? false };
    };
    const stop = (): Change => {
      const arn = tasks[taskCursor++ * 7 % tasks.length];
      return { kind: 'stop', run: async () => void (await ecs.send(new StopTaskCommand({ cluster: 'large', task: arn, reason: 'live bench' }))), seen: (d) => d.tasks?.some((t) => t.arn === arn && t.desiredStatus === 'STOPPED') ?? false };
    };
    const drain = (): Change => {
      const arn = instances[instanceCursor++ * 13 % instances.length];
      return { kind: 'drain', run: async () => void (await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'large', containerInstances: [arn], status: 'DRAINING' }))), seen: (d) => d.instances?.some((i) => i.arn === arn && i.status === 'DRAINING') ?? false };
    };

    /** Makes a change and resolves with its time to the model (from just before the call). */
    const measure = async (change: Change, timeoutMs: number): Promise<number> => {
      let resolve!: (ms: number) => void;
      const seen = new Promise<number>((r) => (resolve = r));
      const at = Date.now();
      const listen = (d: InventoryDelta) => {
        if (d.clusterArn === clusterArn && change.seen(d)) resolve(Date.now() - at);
      };
      deltas.push(listen);
      try {
        await change.run();
        return await Promise.race([seen, sleep(timeoutMs).then(() => Number.POSITIVE_INFINITY)]);
      } finally {
        deltas.splice(deltas.indexOf(listen), 1);
      }
    };

    /** Waits until no delta of the cluster came for `quietMs` (tasks done starting), at most `maxMs`. */
    let lastDeltaAt = Date.now();
    deltas.push((d) => {
      if (d.clusterArn === clusterArn && (d.services || d.tasks || d.instances)) lastDeltaAt = Date.now();
    });
    const settle = async (quietMs: number, maxMs: number) => {
      const end = Date.now() + maxMs;
      while (Date.now() - lastDeltaAt < quietMs && Date.now() < end) await sleep(500);
    };

    // ---- (1) polling ----
    const throttledBefore = requests.throttled();
    let reads = requests.ecsReads();
    const steadyFrom = Date.now();
    await sleep(STEADY_MS);
    const pollingPerMin = ((requests.ecsReads() - reads) / (Date.now() - steadyFrom)) * 60_000;
    const pollLatencies = await Promise.all(
      Array.from({ length: POLL_CHANGES }, async (_, i) => {
        await sleep(i * 4_000);
        return measure(scale(), 5 * 60_000);
      }),
    );
    const servicesRuns = jobs.filter((j) => j.job === 'services').map((j) => j.at);
    const period = servicesRuns.length > 2 ? (servicesRuns.at(-1)! - servicesRuns[1]) / (servicesRuns.length - 2) : NaN;
    console.log(`(1) polling: services refresh period ${fmt(period)}; a change's time to the model over ${POLL_CHANGES} scales: p50 ${fmt(pct(pollLatencies, 50))}, p95 ${fmt(pct(pollLatencies, 95))}`);

    // ---- (2) live events ----
    const setUpAt = Date.now();
    await call('live.setUp', { confirmation: 'Demo account', requestId: `bench-setup-${size.services}` });
    await until('live', () => live.status().state === 'live', 120_000);
    console.log(`live events set up and live in ${fmt(Date.now() - setUpAt)}`);
    await sleep(3_000);
    const kinds = [scale, stop, drain];
    const liveLatencies: Record<string, number[]> = { scale: [], stop: [], drain: [] };
    const all: number[] = [];
    // Where a slow change waits: messages still in the queue (receiving), or in core (applying, describing).
    const sqs = new SQSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
    const queueUrl = live.status().config!.queueUrl;
    let maxBacklog = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] })).catch(() => ({ Attributes: undefined }));
        maxBacklog = Math.max(maxBacklog, Number(Attributes?.ApproximateNumberOfMessages ?? 0));
        await sleep(500);
      }
    })();
    await Promise.all(
      Array.from({ length: LIVE_CHANGES }, async (_, i) => {
        await sleep(i * 400);
        const change = kinds[i % kinds.length]();
        const ms = await measure(change, 60_000);
        liveLatencies[change.kind].push(ms);
        all.push(ms);
      }),
    );
    sampling = false;
    await sampler;
    sqs.destroy();
    console.log(`    the queue held at most ${maxBacklog} messages waiting to be received while these changes were made`);
    const by = (k: string) => `${k} p50 ${fmt(pct(liveLatencies[k], 50))} p95 ${fmt(pct(liveLatencies[k], 95))}`;
    console.log(`(2) live events: a change's time to the model over ${LIVE_CHANGES} changes: p50 ${fmt(pct(all, 50))}, p95 ${fmt(pct(all, 95))}   (goal p95 <= 2 s; polling: ${fmt(pct(pollLatencies, 95))})   ${by('scale')}; ${by('stop')}; ${by('drain')}`);

    // ---- (3) steady calls ----
    await settle(15_000, 120_000); // the changes' new tasks have started, stopped ones are gone
    reads = requests.ecsReads();
    const liveFrom = Date.now();
    await sleep(STEADY_MS);
    const liveEventPerMin = ((requests.ecsReads() - reads) / (Date.now() - liveFrom)) * 60_000;

    // ---- (5) reconciliation, which also gives (3) its amortised cost ----
    let missedListed = 0;
    // A reconciliation judges only what changed since the previous complete read, and only if
    // that read began once live events flowed (InventoryModel.liveSince): so one first, uncounted.
    const baselineAt = Date.now();
    inventory.refresh();
    await sleep(500);
    await until('the first reconciliation since live events', () => !['cluster', 'services', 'tasks', 'instances'].some((k) => poller.runningJob(k as JobKey)), 600_000, 200);
    console.log(`    a first full read since live events (the baseline reconciliations judge against) took ${fmt(Date.now() - baselineAt)}`);
    const reconcile = async (dropRate: number) => {
      await fetch(`${sim.endpoint}/__sim/faults`, { method: 'POST', headers: admin, body: JSON.stringify({ eventDropRate: dropRate }) });
      const changed: Array<{ kind: 'service' | 'task'; id: string }> = [];
      await Promise.all(
        Array.from({ length: RECONCILE_CHANGES }, async (_, i) => {
          await sleep(i * 250);
          if (i % 2 === 0) {
            const c = scale();
            await c.run();
            changed.push({ kind: 'service', id: services[(serviceCursor - 1) % services.length] });
          } else {
            const arn = tasks[taskCursor++ * 7 % tasks.length];
            await ecs.send(new StopTaskCommand({ cluster: 'large', task: arn, reason: 'live bench' }));
            changed.push({ kind: 'task', id: arn });
          }
        }),
      );
      await sleep(3_000);
      const wrong = async () => {
        const model = state();
        let n = 0;
        const names = changed.filter((c) => c.kind === 'service').map((c) => c.id);
        for (let i = 0; i < names.length; i += 10) {
          const res = await ecs.send(new DescribeServicesCommand({ cluster: 'large', services: names.slice(i, i + 10) }));
          for (const s of res.services ?? []) if (model.services.find((m) => m.name === s.serviceName)?.desiredCount !== s.desiredCount) n++;
        }
        const arns = changed.filter((c) => c.kind === 'task').map((c) => c.id);
        for (let i = 0; i < arns.length; i += 100) {
          const res = await ecs.send(new DescribeTasksCommand({ cluster: 'large', tasks: arns.slice(i, i + 100) }));
          for (const t of res.tasks ?? []) if (model.tasks.find((m) => m.arn === t.taskArn)?.desiredStatus !== t.desiredStatus) n++;
        }
        return n;
      };
      const before = await wrong();
      const missed = live.status().missedByEvents;
      const callsBefore = requests.ecsReads();
      const started = Date.now();
      inventory.refresh();
      await sleep(500);
      await until('the reconciliation to finish', () => !['cluster', 'services', 'tasks', 'instances'].some((k) => poller.runningJob(k as JobKey)), 600_000, 200);
      const took = Date.now() - started;
      const calls = requests.ecsReads() - callsBefore;
      const after = await wrong();
      await sleep(16_000); // a find counts as missed only if no late event comes within 15 s
      const every = Math.max(...(['cluster', 'services', 'tasks', 'instances'] as const).map((k) => poller.gapMs(k) ?? 0));
      console.log(`(5) reconciliation with ${Math.round(dropRate * 100)} % of events dropped: ${changed.length} changes, ${before} wrong before it, ${after} after it; it counted ${live.status().missedByEvents - missed} missed; it took ${fmt(took)} and ${calls} ECS reads; the next one ${fmt(every)} after it`);
      // Debug: what each counted record was (kind, ARN, fields that differed, time since its last event).
      for (const m of live.currentRun()?.missedRecords().slice(missedListed) ?? []) {
        console.log(`    missed: ${m.kind} ${m.arn} fields [${m.fields.join(', ')}] last event ${m.sinceEventMs === null ? 'none' : fmt(m.sinceEventMs)} before the find; counted ${fmt(m.countedAt - m.foundAt)} after it`);
      }
      missedListed = live.currentRun()?.missedRecords().length ?? 0;
      await fetch(`${sim.endpoint}/__sim/faults`, { method: 'POST', headers: admin, body: JSON.stringify({ eventDropRate: 0 }) });
      return { calls, every };
    };
    const { calls: reconcileCalls, every } = await reconcile(0);
    await reconcile(0.1);

    const reconcileEveryMin = every / 60_000;
    const livePerMin = liveEventPerMin + reconcileCalls / reconcileEveryMin;
    console.log(
      `(3) steady ECS read calls per minute: polling ${pollingPerMin.toFixed(0)}, live ${livePerMin.toFixed(1)} (events and summaries ${liveEventPerMin.toFixed(1)} + reconciliation ${reconcileCalls} every ${reconcileEveryMin.toFixed(1)} min) -> ${(pollingPerMin / livePerMin).toFixed(1)}x fewer   (goal >= 10x)`,
    );
    console.log(`(4) ThrottlingExceptions: ${requests.throttled() - throttledBefore}   (goal 0)`);
    const st = live.status();
    console.log(`live status: applied ${st.applied}, duplicates ${st.duplicates}, late ${st.outOfOrder}, describes ${st.describes}, missed ${st.missedByEvents}`);
    for (const m of live.currentRun()?.missedRecords().slice(missedListed) ?? []) console.log(`    missed later: ${m.kind} ${m.arn} fields [${m.fields.join(', ')}] last event ${m.sinceEventMs === null ? 'none' : fmt(m.sinceEventMs)} before the find`);
  } finally {
    ecs.destroy();
    await core.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const size of SIZES) await benchSize(size);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
