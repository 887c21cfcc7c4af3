import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ExecuteCommandCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { WebSocket } from 'ws';
import { adminFetch, errorOf, MINUTE, startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ scenario: 'demo', admin: true });
});
afterEach(() => stopHarness(h));

async function tasksOf(serviceName: string, cluster = 'prod-ec2'): Promise<Task[]> {
  const arns = (await h.ecs.send(new ListTasksCommand({ cluster, serviceName }))).taskArns!;
  return arns.length ? (await h.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks! : [];
}

describe('EC2 placement in the demo cluster', () => {
  it('spreads a service across zones and keeps remainingResources equal to registered minus what tasks hold', async () => {
    const web = await tasksOf('web');
    const perZone = new Map<string, number>();
    for (const t of web) perZone.set(t.availabilityZone!, (perZone.get(t.availabilityZone!) ?? 0) + 1);
    expect(perZone.size).toBe(3);
    expect(Math.max(...perZone.values()) - Math.min(...perZone.values())).toBeLessThanOrEqual(1);

    const arns = (await h.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod-ec2' }))).containerInstanceArns!;
    const instances = (await h.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'prod-ec2', containerInstances: arns }))).containerInstances!;
    for (const instance of instances) {
      const listed = [
        ...(await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', containerInstance: instance.containerInstanceArn }))).taskArns!,
        ...(await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', containerInstance: instance.containerInstanceArn, desiredStatus: 'STOPPED' }))).taskArns!,
      ];
      const holding = listed.length ? (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: listed }))).tasks!.filter((t) => t.lastStatus !== 'STOPPED') : [];
      const resource = (list: typeof instance.registeredResources, name: string) => list!.find((r) => r.name === name)!.integerValue!;
      const usedCpu = holding.reduce((sum, t) => sum + Number(t.cpu), 0);
      const usedMemory = holding.reduce((sum, t) => sum + Number(t.memory), 0);
      expect(resource(instance.registeredResources, 'CPU') - resource(instance.remainingResources, 'CPU')).toBe(usedCpu);
      expect(resource(instance.registeredResources, 'MEMORY') - resource(instance.remainingResources, 'MEMORY')).toBe(usedMemory);
      expect(instance.runningTasksCount).toBe(holding.filter((t) => t.lastStatus === 'RUNNING').length);
    }
  });

  it('honours distinctInstance and memberOf: the GPU service runs 1 of 2 and says why', async () => {
    const inference = await tasksOf('inference');
    expect(inference).toHaveLength(1);
    const [instance] = (await h.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'prod-ec2', containerInstances: [inference[0].containerInstanceArn!] }))).containerInstances!;
    expect(instance.attributes!.find((a) => a.name === 'ecs.instance-type')?.value).toBe('g4dn.xlarge');
    expect(inference[0].containers![0].gpuIds).toHaveLength(1);
    const service = (await h.ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['inference'] }))).services![0];
    expect(service).toMatchObject({ desiredCount: 2, runningCount: 1 });
    expect(service.events![0].message).toMatch(/^\(service inference\) was unable to place a task because no container instance met all of its requirements\./);
  });

  it('binpacks by memory when the service asks for it', async () => {
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'web', placementStrategy: [{ type: 'binpack', field: 'memory' }] }));
    h.sim.clock.advance(3 * MINUTE);
    const web = await tasksOf('web');
    const hosts = new Set(web.filter((t) => t.lastStatus === 'RUNNING').map((t) => t.containerInstanceArn));
    expect(web.filter((t) => t.lastStatus === 'RUNNING')).toHaveLength(4);
    expect(hosts.size).toBeLessThanOrEqual(2);
  });

  it('scales the Auto Scaling group out when tasks cannot be placed', async () => {
    const before = (await h.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod-ec2' }))).containerInstanceArns!.length;
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'web', desiredCount: 60 }));
    for (let i = 0; i < 20; i++) h.sim.clock.advance(MINUTE);
    const after = (await h.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod-ec2' }))).containerInstanceArns!.length;
    expect(after).toBeGreaterThan(before);
    const web = (await h.ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['web'] }))).services![0];
    expect(web.events!.some((e) => e.message!.includes('was unable to place a task'))).toBe(true);
    expect(web.runningCount).toBeGreaterThan(4);
  });
});

describe('ExecuteCommand', () => {
  it('opens a session on a running task with exec enabled, pointing at the sim', async () => {
    const [task] = await tasksOf('web');
    expect(task.containers![0].managedAgents).toEqual([expect.objectContaining({ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' })]);
    const out = await h.ecs.send(new ExecuteCommandCommand({ cluster: 'prod-ec2', task: task.taskArn, container: 'app', command: '/bin/sh', interactive: true }));
    expect(out).toMatchObject({ clusterArn: task.clusterArn, taskArn: task.taskArn, containerName: 'app', interactive: true });
    expect(out.session?.streamUrl).toMatch(/^wss?:\/\/127\.0\.0\.1:\d+\//);
    expect(out.session?.tokenValue).toBeTruthy();
  });

  it('refuses as ECS does: exec not enabled, non-interactive, unknown task', async () => {
    // ledger crash-loops: take a task that is running (a restarting one is refused for its status).
    let ledger = (await tasksOf('ledger')).find((t) => t.lastStatus === 'RUNNING');
    for (let i = 0; i < 60 && !ledger; i++) {
      h.sim.clock.advance(5_000);
      ledger = (await tasksOf('ledger')).find((t) => t.lastStatus === 'RUNNING');
    }
    if (!ledger) throw new Error('no ledger task ran within five minutes');
    const notEnabled = await errorOf(h.ecs.send(new ExecuteCommandCommand({ cluster: 'prod-ec2', task: ledger.taskArn, command: 'sh', interactive: true })));
    expect(notEnabled.name).toBe('InvalidParameterException');
    expect(notEnabled.message).toMatch(/^The execute command failed because execute command was not enabled when the task was run/);
    const [web] = await tasksOf('web');
    const batch = await errorOf(h.ecs.send(new ExecuteCommandCommand({ cluster: 'prod-ec2', task: web.taskArn, command: 'sh', interactive: false })));
    expect(batch.message).toBe('Interactive is the only mode supported currently.');
    const unknown = await errorOf(h.ecs.send(new ExecuteCommandCommand({ cluster: 'prod-ec2', task: 'ffffffffffffffffffffffffffffffff', command: 'sh', interactive: true })));
    expect(unknown.name).toBe('InvalidParameterException');
  });
});

describe('the dropped exec socket fault', () => {
  /** ExecuteCommand on a web task, then a WebSocket to its stream URL that sent its token. */
  async function openExecSocket(): Promise<{ ws: WebSocket; closed: Promise<number> }> {
    const [task] = await tasksOf('web');
    const { session } = await h.ecs.send(new ExecuteCommandCommand({ cluster: 'prod-ec2', task: task.taskArn, container: 'app', command: '/bin/sh', interactive: true }));
    const ws = new WebSocket(session!.streamUrl!);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ MessageSchemaVersion: '1.0', RequestId: 'r1', TokenValue: session!.tokenValue }));
    return { ws, closed };
  }
  const setFaults = (body: object) => adminFetch(h.sim, '/__sim/faults', body).then((r) => r.json());
  const within = <T>(promise: Promise<T>, ms: number) =>
    Promise.race([promise, new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms))]);

  it('is switched on and off at runtime: open sockets and new ones drop abruptly, then stay up', async () => {
    const before = await openExecSocket();
    expect(await setFaults({ execDropAfterSeconds: 0.15 })).toMatchObject({ execDropAfterSeconds: 0.15 });
    // 1006: the socket died without a close frame, as on a lost network.
    expect(await within(before.closed, 3_000)).toBe(1006);
    const during = await openExecSocket();
    expect(await within(during.closed, 3_000)).toBe(1006);

    h.sim.setFaults({ execDropAfterSeconds: 0 });
    const after = await openExecSocket();
    expect(await within(after.closed, 600)).toBe('still open');
    after.ws.close();
  });
});

describe('reproducibility', () => {
  it('builds the same world from the same seed', async () => {
    const other = await startHarness({ scenario: 'demo' });
    try {
      const mine = (await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate' }))).taskArns;
      const theirs = (await other.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate' }))).taskArns;
      expect(theirs).toEqual(mine);
    } finally {
      await stopHarness(other);
    }
  });
});
