/**
 * Inventory benchmark against the `large` scenario (2,000 services, 10,000 tasks, 500
 * instances in one cluster), the sim in a child process with AWS's throttle figures on, and
 * Wharf's real ECS client (token buckets at the default share, half of AWS's figures).
 * Prints figures against the goals of issue 4; asserts nothing.
 *
 *   npx tsx tests/bench/inventory-bench.ts          (or: npm run bench -- inventory)
 *   BENCH_HOUR_SPEED=60 BENCH_STEADY_CYCLES=3 ...   (knobs, see below)
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { LoadProgress } from '../../src-main/contract/domains/inventory';
import { ApiMonitor } from '../../src-main/core/aws/api-monitor';
import { ClientFactory } from '../../src-main/core/aws/client-factory';
import type { Clock } from '../../src-main/core/aws/clock';
import { sameEndpointForAll } from '../../src-main/core/aws/endpoints';
import { ECS_CATEGORIES } from '../../src-main/core/aws/throttle-categories';
import type { LoadOutcome } from '../../src-main/core/inventory/load-context';
import { InventoryPoller } from '../../src-main/core/inventory/poller';
import type { JobKey } from '../../src-main/core/inventory/scheduler';
import { startSimProcess, type SimProcess } from '../../src-main/sim/embedded';

const SHARE = 0.5; // settings.apiBudgetShare's default
const SIZES = { services: 2000, tasks: 10000, instances: 500 };
const STEADY_CYCLES = Number(process.env.BENCH_STEADY_CYCLES ?? 3);
const HOUR_SPEED = Number(process.env.BENCH_HOUR_SPEED ?? 30);
const HOUR_MS = 60 * 60_000;

const gc = exposeGc();
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function exposeGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

async function startLargeSim(speed: number, throttle: boolean): Promise<SimProcess> {
  return startSimProcess({
    script: join(process.cwd(), 'src-main/sim/cli.ts'),
    scenario: 'large',
    speed,
    seed: 11,
    args: ['--services', String(SIZES.services), '--tasks', String(SIZES.tasks), '--instances', String(SIZES.instances), ...(throttle ? [] : ['--no-throttle'])],
    timeoutMs: 60_000,
  });
}

/** Wharf's clients for the sim; `clock` paces the token buckets (the real one by default). */
function wharfEcs(sim: SimProcess, clock?: Clock) {
  const monitor = new ApiMonitor(clock);
  const factory = new ClientFactory({
    profile: { name: 'bench', kind: 'demo', region: sim.region, endpoints: sameEndpointForAll(sim.endpoint), readOnly: true, production: false, sourceProfile: null, roleArn: null, ssoSession: null, ssoStartUrl: null },
    credentials: async () => sim.credentials,
    monitor,
    share: SHARE,
    explainCredentialError: () => null,
    clock,
  });
  return { ecs: factory.clientsFor(sim.region).ecs, monitor, factory };
}

/**
 * The fewest calls that notice every change in the cluster: list pages are the only way to
 * see new ARNs (services, RUNNING and STOPPED tasks, instances); every service, instance and
 * task not yet STOPPED must be described since any of their fields may change under the same
 * ARN; a STOPPED task never changes; plus the cluster's own DescribeClusters and its Auto
 * Scaling capacity providers (10 per call).
 */
function minimumCalls(p: InventoryPoller, clusterArn: string, listedStopped: number): { total: number; parts: string } {
  const s = p.model.state(clusterArn);
  const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
  const tasks = [...s.tasks.values()];
  const live = tasks.filter((t) => t.lastStatus !== 'STOPPED').length;
  const running = tasks.filter((t) => t.desiredStatus === 'RUNNING').length;
  const asg = [...s.capacityProviders.values()].filter((c) => c.kind === 'ASG').length;
  const parts = {
    DescribeClusters: 1,
    DescribeCapacityProviders: Math.ceil(asg / 10),
    ListServices: pages(s.services.size),
    DescribeServices: Math.ceil(s.services.size / 10),
    'ListTasks(RUNNING)': pages(running),
    'ListTasks(STOPPED)': pages(listedStopped),
    DescribeTasks: Math.ceil(live / 100),
    ListContainerInstances: pages(s.instances.size),
    DescribeContainerInstances: Math.ceil(s.instances.size / 100),
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts: Object.entries(parts).map(([k, v]) => `${k} ${v}`).join(' + ') };
}

async function firstLoadAndSteadyState(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} (times below stretch when the sim shares busy cores)`);
  console.log(`\n## First load and steady state: large (${SIZES.services} services, ${SIZES.tasks} tasks, ${SIZES.instances} instances), AWS throttling on, Wharf's share ${SHARE}`);
  const sim = await startLargeSim(1, true);
  const { ecs, monitor, factory } = wharfEcs(sim);
  const clusterArn = `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/large`;
  const jobRuns: Array<{ job: JobKey; calls: number; at: number }> = [];
  let firstServicesAt: number | null = null;
  let allServicesAt: number | null = null;
  let firstLoadAt: number | null = null;
  const progress: LoadProgress[] = [];
  let t0 = 0;

  const poller = new InventoryPoller({
    ecs, region: sim.region, now: Date.now, tickMs: 50,
    events: {
      delta: (d) => {
        if (d.clusterArn !== clusterArn || !d.services?.length) return;
        firstServicesAt ??= performance.now() - t0;
        if (allServicesAt === null && poller.model.state(clusterArn).services.size >= SIZES.services) allServicesAt = performance.now() - t0;
      },
      progress: (p) => progress.push(p),
    },
    onJobDone: (job: JobKey, outcome: LoadOutcome) => {
      jobRuns.push({ job, calls: outcome.calls, at: performance.now() - t0 });
      if (firstLoadAt === null && poller.focusedLoadComplete()) firstLoadAt = performance.now() - t0;
    },
  });
  t0 = performance.now();
  poller.setFocus({ clusterArn, serviceArn: null, taskArn: null, view: 'services' });
  poller.start();

  const { burst, refillPerSecond } = ECS_CATEGORIES['ecs:service-read'];
  const capacity = burst * SHARE;
  const rate = refillPerSecond * SHARE;
  const serviceReads = Math.ceil(SIZES.services / 100) + Math.ceil(SIZES.services / 10);
  const lowerBound = (Math.max(0, serviceReads - capacity) / rate) * 1000;

  // Steady state: after the first load, N complete refreshes (one run of each focused job).
  const focusedJobs: JobKey[] = ['cluster', 'services', 'tasks', 'instances'];
  const cycles: Array<{ calls: number; min: ReturnType<typeof minimumCalls> }> = [];
  let cycleStart = -1;
  while (cycles.length < STEADY_CYCLES) {
    await new Promise((r) => setTimeout(r, 200));
    if (firstLoadAt === null) continue;
    if (cycleStart < 0) cycleStart = jobRuns.length;
    const since = jobRuns.slice(cycleStart);
    if (focusedJobs.every((j) => since.some((r) => r.job === j))) {
      const runs = focusedJobs.map((j) => since.find((r) => r.job === j)!);
      const stopped = [...poller.model.state(clusterArn).tasks.values()].filter((t) => t.desiredStatus === 'STOPPED').length;
      cycles.push({ calls: runs.reduce((n, r) => n + r.calls, 0), min: minimumCalls(poller, clusterArn, stopped) });
      cycleStart = jobRuns.length;
    }
  }
  poller.stop();
  await poller.idle();

  const snapshot = poller.model.snapshot(clusterArn);
  console.log(`first page of services emitted:  ${fmt(firstServicesAt ?? NaN)}   (goal < 1.5 s)`);
  console.log(`all ${SIZES.services} services in the model: ${fmt(allServicesAt ?? NaN)}   lower bound ${fmt(lowerBound)}: ${serviceReads} service-read calls (${Math.ceil(SIZES.services / 100)} ListServices + ${Math.ceil(SIZES.services / 10)} DescribeServices) - bucket ${capacity} / ${rate} per s   ratio ${((allServicesAt ?? NaN) / lowerBound).toFixed(3)}   (goal <= 1.1)`);
  console.log(`first load complete (services, ${snapshot.tasks.length} tasks, ${snapshot.instances.length} instances): ${fmt(firstLoadAt ?? NaN)}; progress events: ${progress.length}`);
  console.log(`ThrottlingExceptions received:    ${monitor.snapshot().throttledTotal}   (goal 0)`);
  cycles.forEach((c, i) => {
    console.log(`steady refresh ${i + 1}: ${c.calls} calls, minimum ${c.min.total}, ratio ${(c.calls / c.min.total).toFixed(3)}   (goal <= 1.2)`);
  });
  console.log(`minimum = ${cycles.at(-1)?.min.parts}`);
  console.log('  (lists: the only way to see new ARNs; describes: every service, instance and not-yet-STOPPED task, which may change under the same ARN; STOPPED tasks never change)');
  const gaps = jobRuns.filter((r) => r.job === 'services').map((r) => r.at);
  if (gaps.length > 2) console.log(`services refresh period in steady state: ${fmt((gaps.at(-1)! - gaps[1]) / Math.max(1, gaps.length - 2))} (5 s, or twice the time a refresh takes at the budget)`);
  factory.destroy();
  await sim.close();
}

/**
 * An hour of polling at the sim's accelerated clock: the world and Wharf's token buckets both
 * run HOUR_SPEED times faster, so the poller makes an hour's worth of refreshes at its normal
 * budget in HOUR_MS / HOUR_SPEED of real time (the sim's own throttle runs on the wall clock,
 * so it is off here; the first part of the bench measures throttling).
 */
async function heapOverAnHour(): Promise<void> {
  console.log(`\n## Main-process heap over an hour of simulated polling (speed ${HOUR_SPEED}x${gc ? '' : ', no gc exposed: figures are noisier'})`);
  const sim = await startLargeSim(HOUR_SPEED, false);
  const realStart = performance.now();
  const simStart = Date.now();
  const simNow = () => simStart + (performance.now() - realStart) * HOUR_SPEED;
  const clock: Clock = {
    now: () => (performance.now() - realStart) * HOUR_SPEED,
    setTimer: (fn, ms) => {
      const handle = setTimeout(fn, ms / HOUR_SPEED);
      return () => clearTimeout(handle);
    },
  };
  const { ecs, monitor, factory } = wharfEcs(sim, clock);
  const clusterArn = `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/large`;
  let deltas = 0;
  const runs = new Map<JobKey, number>();
  const poller = new InventoryPoller({
    ecs, region: sim.region, now: simNow, tickMs: 20,
    events: { delta: () => deltas++, progress: () => {} },
    onJobDone: (job) => runs.set(job, (runs.get(job) ?? 0) + 1),
  });
  poller.setFocus({ clusterArn, serviceArn: null, taskArn: null, view: 'services' });
  poller.start();
  while (!poller.focusedLoadComplete()) await new Promise((r) => setTimeout(r, 100));
  // The service view open as well: the focused service refreshes every 2.5 s of sim time.
  const some = [...poller.model.state(clusterArn).services.values()][0];
  poller.setFocus({ clusterArn, serviceArn: some.arn, taskArn: null, view: 'service' });
  const loadedAt = simNow();
  const start = heapUsed();
  const samples: string[] = [];
  while (simNow() - loadedAt < HOUR_MS) {
    await new Promise((r) => setTimeout(r, 5_000));
    if (samples.length < 1000) samples.push(mb(process.memoryUsage().heapUsed));
  }
  poller.stop();
  await poller.idle();
  const end = heapUsed();
  const s = poller.model.state(clusterArn);
  console.log(`simulated ${fmt(simNow() - loadedAt)} in ${fmt((performance.now() - realStart))} real; refreshes: ${[...runs].map(([k, v]) => `${k} ${v}`).join(', ')}; requests ${monitor.snapshot().requestsLastMinute} in the last (simulated) minute; deltas ${deltas}`);
  console.log(`model at the end: ${s.services.size} services, ${s.tasks.size} tasks, ${s.instances.size} instances`);
  console.log(`heap after first load ${mb(start)}, after an hour ${mb(end)}: ${(((end - start) / start) * 100).toFixed(1)}% growth   (goal < 10%)`);
  factory.destroy();
  await sim.close();
}

async function main(): Promise<void> {
  const only = process.env.BENCH_PART;
  if (!only || only === 'load') await firstLoadAndSteadyState();
  if (!only || only === 'heap') await heapOverAnHour();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
