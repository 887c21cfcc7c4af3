import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTasksCommand,
  type ContainerInstance,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import type { InventoryDelta, LoadProgress } from '../../../src-main/contract/domains/inventory';
import { ApiMonitor } from '../../../src-main/core/aws/api-monitor';
import { ClientFactory } from '../../../src-main/core/aws/client-factory';
import { sameEndpointForAll } from '../../../src-main/core/aws/endpoints';
import { InventoryPoller } from '../../../src-main/core/inventory/poller';
import { startSim, type Exchange, type RunningSim, type SimOptions } from '../../../src-main/sim';

/**
 * The inventory poller against a sim over real HTTP, through Wharf's real ECS client (token
 * buckets at half AWS's figures, counters). The sim's clock is frozen (speed 0): a test moves
 * time with `refresh(ms)`, which advances the clock, lets due jobs start and waits for them.
 * `direct` is a plain SDK client on the same sim, to check what Wharf shows independently.
 */
export interface InventoryHarness {
  sim: RunningSim;
  poller: InventoryPoller;
  monitor: ApiMonitor;
  ecs: ECSClient;
  direct: ECSClient;
  exchanges: Exchange[];
  deltas: InventoryDelta[];
  progress: LoadProgress[];
  /** A log of exchanges and deltas in the order they happened. */
  timeline: Array<{ kind: 'exchange'; operation: string } | { kind: 'delta'; delta: InventoryDelta }>;
  clusterArn(name: string): string;
  /** Focuses a cluster and waits for its first load (services, tasks, instances). */
  load(clusterName: string): Promise<string>;
  /** Moves the sim clock, runs the jobs now due, and waits for them. */
  refresh(advanceMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `share`: Wharf's share of AWS's throttle figures (0.5 in the app). Tests that run many
 * refreshes in a row raise it (with the sim's throttling off) so they are not paced in real
 * time by buckets meant for minutes of polling.
 */
export async function startInventoryHarness(options: SimOptions = {}, share = 0.5): Promise<InventoryHarness> {
  const exchanges: Exchange[] = [];
  const deltas: InventoryDelta[] = [];
  const progress: LoadProgress[] = [];
  const timeline: InventoryHarness['timeline'] = [];
  const sim = await startSim({
    scenario: 'demo', port: 0, seed: 7, speed: 0, ...options,
    onExchange: (e) => {
      exchanges.push(e);
      timeline.push({ kind: 'exchange', operation: e.operation });
    },
  });
  const monitor = new ApiMonitor();
  const factory = new ClientFactory({
    profile: {
      name: 'Demo account', kind: 'demo', region: sim.region, endpoints: sameEndpointForAll(sim.endpoint), readOnly: false, production: false,
      sourceProfile: null, roleArn: null, ssoSession: null, ssoStartUrl: null,
    },
    credentials: async () => sim.credentials,
    monitor,
    share,
    explainCredentialError: () => null,
  });
  const ecs = factory.clientsFor(sim.region).ecs;
  const direct = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  const poller = new InventoryPoller({
    ecs,
    region: sim.region,
    now: () => sim.clock.now(),
    // The sweep's real-time pace (1 call/s) would make a test of many refreshes slow.
    sweepCallsPerSecond: 1000,
    events: {
      delta: (d) => {
        deltas.push(d);
        timeline.push({ kind: 'delta', delta: d });
      },
      progress: (p) => progress.push(p),
    },
  });
  const clusterArn = (name: string) => `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/${name}`;

  return {
    sim, poller, monitor, ecs, direct, exchanges, deltas, progress, timeline, clusterArn,
    async load(name) {
      const arn = clusterArn(name);
      poller.setFocus({ clusterArn: arn, serviceArn: null, taskArn: null, view: 'services' });
      poller.tick();
      await poller.idle();
      if (!poller.focusedLoadComplete()) throw new Error(`The first load of ${name} did not complete.`);
      return arn;
    },
    async refresh(advanceMs = 5_000) {
      sim.clock.advance(advanceMs);
      poller.tick();
      await poller.idle();
    },
    async close() {
      poller.stop();
      await poller.idle();
      factory.destroy();
      direct.destroy();
      await sim.close();
    },
  };
}

/** What ECS says, read directly with the SDK's own calls (all pages). */
export async function readDirectly(ecs: ECSClient, cluster: string): Promise<{ services: Service[]; tasks: Task[]; instances: ContainerInstance[] }> {
  const services: Service[] = [];
  const tasks: Task[] = [];
  const instances: ContainerInstance[] = [];
  let token: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster, nextToken: token }));
    for (let i = 0; i < (page.serviceArns ?? []).length; i += 10) {
      services.push(...((await ecs.send(new DescribeServicesCommand({ cluster, services: page.serviceArns!.slice(i, i + 10) }))).services ?? []));
    }
    token = page.nextToken;
  } while (token);
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    do {
      const page = await ecs.send(new ListTasksCommand({ cluster, desiredStatus, nextToken: token }));
      if (page.taskArns?.length) tasks.push(...((await ecs.send(new DescribeTasksCommand({ cluster, tasks: page.taskArns }))).tasks ?? []));
      token = page.nextToken;
    } while (token);
  }
  do {
    const page = await ecs.send(new ListContainerInstancesCommand({ cluster, nextToken: token }));
    if (page.containerInstanceArns?.length) {
      instances.push(...((await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: page.containerInstanceArns }))).containerInstances ?? []));
    }
    token = page.nextToken;
  } while (token);
  return { services, tasks, instances };
}
