/**
 * Sim benchmark (prints figures, asserts nothing): start-up of the `large` scenario
 * (2,000 services, 10,000 tasks, 500 instances in one cluster) and of `demo`, and the latency of
 * DescribeServices / ListTasks / DescribeTasks on `large` with throttling off, measured both
 * through the AWS SDK (what the app sees) and as raw HTTP (the sim's own share; each raw request
 * is signed by the SDK's SigV4 signer, as the sim verifies every signature). Also the CPU cost of
 * that verification per request, in process.
 */
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListServicesCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { createSimAccount, startSim, type SimCredentials } from '../../src-main/sim';
import { encodeJsonBody } from '../../src-main/sim/http/json-codec';
import { ecsCall, signRequest } from '../integration/sim/signing';

const CALLS = 2000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} p50 ${percentile(sorted, 50).toFixed(2)} ms   p99 ${percentile(sorted, 99).toFixed(2)} ms   (n=${samples.length})`);
}

async function timeEach(count: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const began = performance.now();
    await call(i);
    samples.push(performance.now() - began);
  }
  return samples;
}

async function raw(sim: { endpoint: string; credentials: SimCredentials }, operation: string, body: object): Promise<void> {
  const request = ecsCall(operation, body);
  const signed = await signRequest(sim.endpoint, request, sim.credentials, 'ecs');
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host' && name !== 'content-length'));
  const res = await fetch(sim.endpoint, { method: 'POST', headers, body: request.body });
  if (res.status !== 200) throw new Error(`${operation}: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** CPU time of the sim's own work per call (handler + the body the front door sends), no network, no client. */
function inProcessCosts(): void {
  const began = performance.now();
  const cpu = process.cpuUsage();
  const account = createSimAccount({ scenario: 'large', speed: 0, throttle: false });
  const built = process.cpuUsage(cpu);
  console.log(`large scenario world build, in process            ${(performance.now() - began).toFixed(0)} ms wall, ${((built.user + built.system) / 1000).toFixed(0)} ms CPU`);
  const ecs = account.services()[0].operations;
  const ctx = { accessKeyId: 'AKIDBENCH', region: account.region, now: account.clock.now(), requestId: 'bench' };
  const taskArns = (ecs.ListTasks({ cluster: 'large' }, ctx) as { taskArns: string[] }).taskArns;
  const serviceArns = (ecs.ListServices({ cluster: 'large' }, ctx) as { serviceArns: string[] }).serviceArns;
  const cases: Array<[string, string, object]> = [
    ['DescribeServices x10', 'DescribeServices', { cluster: 'large', services: serviceArns }],
    ['DescribeTasks x100', 'DescribeTasks', { cluster: 'large', tasks: taskArns }],
    ['ListTasks (cluster of 10,000)', 'ListTasks', { cluster: 'large' }],
    ['ListTasks (serviceName)', 'ListTasks', { cluster: 'large', serviceName: 'svc-0007' }],
    ['DescribeClusters with STATISTICS', 'DescribeClusters', { clusters: ['large'], include: ['STATISTICS'] }],
  ];
  for (const [label, operation, input] of cases) {
    const run = () => encodeJsonBody(ecs[operation](input, ctx));
    for (let i = 0; i < 50; i++) run();
    const n = 500;
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) run();
    const used = process.cpuUsage(before);
    console.log(`${`${label}, sim CPU per call`.padEnd(44)} ${((used.user + used.system) / 1000 / n).toFixed(3)} ms`);
  }
}

/** What checking a SigV4 signature costs the sim per request (a DescribeServices body of 10 ARNs). */
async function verificationCost(): Promise<void> {
  const account = createSimAccount({ scenario: 'empty', speed: 0 });
  const endpoint = 'http://127.0.0.1:4599';
  const request = ecsCall('DescribeServices', { cluster: 'large', services: Array.from({ length: 10 }, (_, i) => `arn:aws:ecs:us-east-1:123456789012:service/large/svc-${i}`) });
  const signed = await signRequest(endpoint, request, account.credentials[0], 'ecs');
  const received = { method: 'POST', url: '/', rawHeaders: Object.entries(signed.headers).flat(), body: Buffer.from(request.body ?? '') };
  for (let i = 0; i < 200; i++) account.auth.verify(received, 'ecs');
  const n = 5000;
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) account.auth.verify(received, 'ecs');
  const used = process.cpuUsage(before);
  console.log(`${'SigV4 verification, sim CPU per request'.padEnd(44)} ${((used.user + used.system) / 1000 / n).toFixed(3)} ms`);
}

async function main(): Promise<void> {
  inProcessCosts();
  await verificationCost();

  let began = performance.now();
  const demo = await startSim({ scenario: 'demo', speed: 0, throttle: false });
  console.log(`demo scenario start-up (2 h of history replayed)  ${(performance.now() - began).toFixed(0)} ms`);
  await demo.close();

  began = performance.now();
  const sim = await startSim({ scenario: 'large', speed: 1, throttle: false });
  console.log(`large scenario start-up (2,000 svc, 10,000 tasks, 500 inst)  ${(performance.now() - began).toFixed(0)} ms`);

  const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
  const serviceArns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster: 'large', maxResults: 100, nextToken }));
    serviceArns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const batches = Array.from({ length: serviceArns.length / 10 }, (_, i) => serviceArns.slice(i * 10, i * 10 + 10));
  const taskArns = (await ecs.send(new ListTasksCommand({ cluster: 'large', maxResults: 100 }))).taskArns ?? [];

  // Warm up both paths.
  await timeEach(100, (i) => ecs.send(new DescribeServicesCommand({ cluster: 'large', services: batches[i % batches.length] })));
  report('DescribeServices x10, via SDK', await timeEach(CALLS, (i) => ecs.send(new DescribeServicesCommand({ cluster: 'large', services: batches[i % batches.length] }))));
  report('DescribeServices x10, raw HTTP', await timeEach(CALLS, (i) => raw(sim, 'DescribeServices', { cluster: 'large', services: batches[i % batches.length] })));
  report('ListTasks (cluster, page of 100), raw HTTP', await timeEach(500, () => raw(sim, 'ListTasks', { cluster: 'large' })));
  report('ListTasks (serviceName), raw HTTP', await timeEach(500, (i) => raw(sim, 'ListTasks', { cluster: 'large', serviceName: `svc-${String(i % 2000).padStart(4, '0')}` })));
  report('DescribeTasks x100, raw HTTP', await timeEach(500, () => raw(sim, 'DescribeTasks', { cluster: 'large', tasks: taskArns })));
  report('DescribeTasks x100, via SDK', await timeEach(300, () => ecs.send(new DescribeTasksCommand({ cluster: 'large', tasks: taskArns }))));
  report('DescribeClusters (counts 10,000 tasks), raw', await timeEach(300, () => raw(sim, 'DescribeClusters', { clusters: ['large'], include: ['STATISTICS'] })));

  ecs.destroy();
  await sim.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
