import { describe, expect, it } from 'vitest';
import type { ClusterRecord, ContainerRecord, TaskRecord } from '@contract/domains/inventory';
import { MomentTasks } from '@contract/domains/history';
import { decodeMomentTasks, encodeMomentTasks, MOMENT_CONTAINER_FIELDS, MOMENT_TASK_FIELDS } from '@contract/moment-tasks';
import { buildPlacementModel, serviceTaskCounts } from '../../../src-renderer/models/placement/placement-model';
import { capacityModel } from '../../../src-renderer/models/capacity/capacity-model';
import { analyseSpread, zonesForService } from '../../../src-renderer/models/placement/spread';
import { fitTasks } from '../../../src-renderer/models/placement/fit';
import { needsFromTask } from '../../../src-renderer/models/placement/task-needs';
import { imagesByTaskDefinition } from '../../../src-renderer/models/inventory/service-rows';
import { stoppedWithError, taskFilterText, taskHealth, taskState, taskStopText } from '../../../src-renderer/models/inventory/task-words';
import { fargateTask, instance, provider, service, task, taskOn } from '../placement/records';
import taskTableSource from '../../../src-renderer/components/task/TaskTable.vue?raw';

/**
 * A past moment's tasks travel slim (history.momentTasks): only the fields the pages showing
 * them read. These tests fail if the slim payload drops a field the placement map, the tasks
 * table, the services list's image tags, the headroom panel or the capacity page read: each is
 * run on the records decoded from the slim payload and must read nothing else, and must show
 * the same as from the whole records.
 */
const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
const AT = 1_796_000_000_000;

const a1 = instance('a1', { availabilityZone: 'us-east-1a', cpuLeft: 2048, memLeft: 8000, ports: ['22', '8080'], attributes: { 'ecs.availability-zone': 'us-east-1a', 'ecs.instance-type': 'm5.xlarge', stage: 'blue' } });
const a2 = instance('a2', { availabilityZone: 'us-east-1a', status: 'DRAINING', cpuLeft: 4096 });
const b1 = instance('b1', { availabilityZone: 'us-east-1b', agentConnected: false, instanceType: 'c5.large', cpuLeft: 512, memLeft: 1000 });
const instances = [a1, a2, b1];

const container = (over: Partial<ContainerRecord> = {}): ContainerRecord => ({
  name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1.2.0', imageDigest: 'sha256:abc', runtimeId: 'r-1', lastStatus: 'RUNNING', exitCode: null, reason: null,
  healthStatus: 'HEALTHY', cpu: '256', memory: '512', networkBindings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }], managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING', reason: null }], ...over,
});

/** Whole records as history keeps them, every field set where ECS sets it: running, unhealthy, stopping, stopped in several ways, Fargate, waiting, standalone. */
const whole: TaskRecord[] = [
  taskOn('t1', a1, { containers: [container(), container({ name: 'envoy', image: 'public.ecr.aws/envoy:v1.29', cpu: null, memory: '128' })], enableExecuteCommand: true, startedBy: 'ecs-svc/1', privateIp: '10.0.0.5', subnetId: 'subnet-1', platformVersion: '1.4.0', connectivityAt: AT - 9000, pullStartedAt: AT - 8000, pullStoppedAt: AT - 7000, createdAt: AT - 10_000, startedAt: AT - 6000, fetchedAt: AT - 2000 }),
  taskOn('t2', a1, { serviceName: 'api', group: 'service:api', taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:7', healthStatus: 'UNHEALTHY', containers: [container({ healthStatus: 'UNHEALTHY', image: 'api:2' })], fetchedAt: AT - 60_000 }),
  taskOn('t3', b1, { desiredStatus: 'STOPPED', stoppingAt: AT - 500, containers: [container({ healthStatus: 'UNKNOWN' })] }),
  taskOn('t4', a2, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: AT - 100, containers: [container({ lastStatus: 'STOPPED', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' })] }),
  task('t5', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError', containers: [container({ lastStatus: 'STOPPED', reason: 'CannotPullContainerError: pull access denied', healthStatus: null })] }),
  fargateTask('f1', 'us-east-1a', 'FARGATE', { serviceName: 'api', group: 'service:api', cpu: '1024', memory: '2048', containers: [container({ image: 'api:2' })] }),
  fargateTask('f2', 'us-east-1b', 'FARGATE_SPOT', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'SpotInterruption', stoppedReason: 'Your Spot Task was interrupted.', stoppingAt: AT - 900, stoppedAt: AT - 800 }),
  fargateTask('f3', 'us-east-1b', 'FARGATE', { launchType: 'FARGATE', capacityProviderName: null, healthStatus: null, containers: [] }),
  task('w1', { lastStatus: 'PROVISIONING', containerInstanceArn: null, availabilityZone: null, startedAt: null, containers: [container({ lastStatus: 'PENDING', healthStatus: 'UNKNOWN' })] }),
  task('s1', { serviceName: null, group: 'family:nightly', startedBy: 'cron', taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/nightly:2', launchType: 'EC2', containerInstanceArn: a1.arn, cpu: null, memory: null, containers: [container({ name: 'job', image: 'nightly', cpu: '128', memory: '256' })] }),
  // An ARN that does not end with its id travels whole.
  task('odd', { arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/not-the-id' }),
].map((t) => ({ ...t, clusterArn: CLUSTER }));

const seen = whole.map((t) => ({ task: t, seenAt: t.fetchedAt }));
const slim = decodeMomentTasks(MomentTasks.parse(JSON.parse(JSON.stringify(encodeMomentTasks(seen, AT)))), CLUSTER, AT);

const KEPT = new Set<string>(MOMENT_TASK_FIELDS);
const KEPT_CONTAINER = new Set<string>(MOMENT_CONTAINER_FIELDS);

/** The records, each wrapped to note which fields are read (containers too). */
function watched(tasks: readonly TaskRecord[]): { tasks: TaskRecord[]; read: Set<string> } {
  const read = new Set<string>();
  const containers = new Map<TaskRecord, ContainerRecord[]>();
  const watchContainer = (c: ContainerRecord): ContainerRecord =>
    new Proxy(c, { get: (target, key, receiver) => (typeof key === 'string' && key in target && read.add(`containers.${key}`), Reflect.get(target, key, receiver)) });
  const wrapped = tasks.map(
    (t) =>
      new Proxy(t, {
        get(target, key, receiver) {
          if (typeof key !== 'string' || !(key in target)) return Reflect.get(target, key, receiver);
          read.add(key);
          if (key !== 'containers') return Reflect.get(target, key, receiver);
          let list = containers.get(target);
          if (!list) containers.set(target, (list = target.containers.map(watchContainer)));
          return list;
        },
        ownKeys(target) {
          for (const key of Reflect.ownKeys(target)) if (typeof key === 'string') read.add(key);
          return Reflect.ownKeys(target);
        },
      }),
  );
  return { tasks: wrapped, read };
}

const cluster: ClusterRecord = {
  arn: CLUSTER, name: 'prod', region: 'us-east-1', status: 'ACTIVE', runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0, registeredContainerInstancesCount: 3,
  capacityProviders: ['general', 'FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'general', weight: 1, base: 0 }],
  containerInsights: null, execKmsKeyId: null, execLogging: null, problemCount: 0, health: { state: 'healthy', word: 'no problems' }, fetchedAt: AT, stale: false,
};
const services = [
  service('web', { placementConstraints: [{ type: 'memberOf', expression: 'attribute:stage == blue' }], placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }] }),
  service('api', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }], taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:7' }),
];
const providers = [provider('general'), provider('FARGATE'), provider('FARGATE_SPOT')];

/** Everything the pages showing a moment's tasks compute from them (the task page reads its task whole). */
function pages(tasks: TaskRecord[]) {
  const placement = buildPlacementModel(instances, tasks);
  return {
    placement,
    legend: serviceTaskCounts(placement),
    filtered: buildPlacementModel(instances, tasks, { service: 'api', zone: null, instanceType: null, provider: 'FARGATE' }),
    capacity: capacityModel(cluster, providers, services, instances, tasks),
    images: [...imagesByTaskDefinition(tasks)],
    headroom: services.map((s) => {
      const own = tasks.filter((t) => t.serviceName === s.name);
      const zones = zonesForService(s, instances, tasks);
      const sample = own.find((t) => t.lastStatus === 'RUNNING') ?? own[0];
      const needs = sample ? needsFromTask(sample) : null;
      return { zones, spread: analyseSpread(s, own, instances, zones), needs, fit: needs ? fitTasks({ service: s, needs, count: 2, instances, serviceTasks: own }) : null };
    }),
    table: tasks.map((t) => ({ state: taskState(t), health: taskHealth(t), stop: taskStopText(t), error: stoppedWithError(t), filter: taskFilterText(t) })),
    // The lists' orders and counts (Tasks tab, a service's tasks, the palette).
    order: [...tasks].sort((a, b) => Number(a.lastStatus === 'STOPPED') - Number(b.lastStatus === 'STOPPED') || (b.createdAt ?? 0) - (a.createdAt ?? 0)).map((t) => t.arn),
  };
}

describe("a past moment's tasks, slim", () => {
  it('keeps every field it names exactly, and sends each repeated string once', () => {
    const byArn = new Map(slim.map((t) => [t.arn, t]));
    expect(slim.map((t) => t.arn)).toEqual(whole.map((t) => t.arn));
    for (const t of whole) {
      const s = byArn.get(t.arn)!;
      for (const f of MOMENT_TASK_FIELDS) if (f !== 'containers') expect([t.id, f, s[f]]).toEqual([t.id, f, t[f]]);
      expect(s.containers.length).toBe(t.containers.length);
      t.containers.forEach((c, i) => {
        for (const f of MOMENT_CONTAINER_FIELDS) expect([t.id, c.name, f, s.containers[i]![f]]).toEqual([t.id, c.name, f, c[f]]);
      });
    }
    const encoded = encodeMomentTasks(seen, AT);
    expect(encoded.strings.filter((s) => s === 'service:web')).toHaveLength(1);
    expect(JSON.stringify(encoded).length).toBeLessThan(JSON.stringify(whole).length / 3);
  });

  it('says "not known" for the fields it leaves out (the task page reads its task whole)', () => {
    const t1 = slim.find((t) => t.id === 't1')!;
    expect([t1.startedBy, t1.privateIp, t1.platformVersion, t1.connectivityAt, t1.enableExecuteCommand, t1.version]).toEqual([null, null, null, null, false, null]);
    expect(t1.containers[0]).toMatchObject({ imageDigest: null, runtimeId: null, lastStatus: null, networkBindings: [], managedAgents: [] });
  });

  it('shows the same placement map, tasks tables, image tags, headroom and capacity as the whole records', () => {
    expect(pages(slim)).toEqual(pages(whole));
    // Not an empty comparison: the map has its blocks and figures.
    const p = pages(whole).placement;
    expect(p.totals).toEqual({ instances: 3, tasks: 8, shownInstances: 3, shownTasks: 8 });
    expect(p.sections.flatMap((s) => s.instances.map((c) => [c.label, c.tasks.length, c.cpu.reserved]))).toEqual([['i-a1', 3, 2048], ['i-a2', 0, 0], ['i-b1', 1, 3584]]);
  });

  it('carries every field those pages read', () => {
    const { tasks, read } = watched(slim);
    pages(tasks);
    const missing = [...read].filter((f) => (f.startsWith('containers.') ? !KEPT_CONTAINER.has(f.slice('containers.'.length)) : !KEPT.has(f)));
    expect(missing).toEqual([]);
  });

  it('carries every field the tasks table reads in its cells', () => {
    // The table's cells read rows directly (the row's state, health and stop text are checked above).
    const fields = new Set([...taskTableSource.matchAll(/\b(?:row|t)\.([a-zA-Z]+)/g)].map((m) => m[1]!));
    expect(fields.size).toBeGreaterThan(8);
    expect([...fields].filter((f) => !KEPT.has(f))).toEqual([]);
  });
});
