import { describe, expect, it } from 'vitest';
import { buildPlacementModel, NO_FILTER } from '../../../src-renderer/models/placement/placement-model';
import { fargateTask, instance, task, taskOn } from './records';

const a1 = instance('a1', { availabilityZone: 'us-east-1a', cpuLeft: 2560, memLeft: 12394 });
const a2 = instance('a2', { availabilityZone: 'us-east-1a', status: 'DRAINING' });
const b1 = instance('b1', { availabilityZone: 'us-east-1b', instanceType: 'g4dn.xlarge', capacityProviderName: 'gpu', agentConnected: false });
const ext = instance('e1', { ec2InstanceId: 'mi-0123', external: true, availabilityZone: null, capacityProviderName: null, instanceType: null });

const tasks = [
  taskOn('t3', a1, { serviceName: 'web' }),
  taskOn('t1', a1, { serviceName: 'api', group: 'service:api' }),
  taskOn('t2', a1, { serviceName: 'web' }),
  taskOn('t4', b1, { serviceName: 'inference' }),
  taskOn('t9', a1, { serviceName: 'web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }),
  taskOn('t5', ext, { serviceName: 'edge', launchType: 'EXTERNAL', capacityProviderName: null }),
  fargateTask('f1', 'us-east-1a', 'FARGATE_SPOT', { serviceName: 'resizer' }),
  fargateTask('f2', 'us-east-1a', 'FARGATE', { serviceName: 'checkout' }),
  fargateTask('f3', 'us-east-1b', 'FARGATE_SPOT', { serviceName: 'resizer' }),
  task('p1', { serviceName: 'web', lastStatus: 'PROVISIONING', containerInstanceArn: null, availabilityZone: null }),
];

describe('buildPlacementModel', () => {
  const model = buildPlacementModel([b1, ext, a2, a1], tasks);

  it('groups EC2 instances by zone in a stable order, then ECS Anywhere, then tasks not placed yet', () => {
    expect(model.sections.map((s) => s.key)).toEqual(['zone:us-east-1a', 'zone:us-east-1b', 'external', 'unplaced']);
    expect(model.sections[0].instances.map((i) => i.id)).toEqual(['a1', 'a2']);
    expect(model.sections[2].instances.map((i) => i.label)).toEqual(['mi-0123']);
  });

  it('gives each instance its reserved and registered CPU and memory (registered minus remaining)', () => {
    const cell = model.sections[0].instances[0];
    expect(cell.cpu).toEqual({ reserved: 1536, registered: 4096 });
    expect(cell.memory).toEqual({ reserved: 3072, registered: 15466 });
  });

  it('puts live tasks on their instance, sorted by service then id, and leaves STOPPED ones out', () => {
    expect(model.sections[0].instances[0].tasks.map((t) => `${t.serviceKey}/${t.id}`)).toEqual(['api/t1', 'web/t2', 'web/t3']);
    expect(model.totals.tasks).toBe(9);
  });

  it('groups Fargate tasks by zone and capacity provider', () => {
    const pools = model.sections.flatMap((s) => s.pools.filter((p) => p.provider !== 'waiting').map((p) => `${p.zone}|${p.provider}:${p.tasks.map((t) => t.id).join(',')}`));
    expect(pools).toEqual(['us-east-1a|FARGATE:f2', 'us-east-1a|FARGATE_SPOT:f1', 'us-east-1b|FARGATE_SPOT:f3']);
    const spotA = model.sections[0].pools[1];
    expect(spotA.cpuReserved).toBe(256);
    expect(spotA.memoryReserved).toBe(512);
  });

  it('marks DRAINING and disconnected instances', () => {
    expect(model.sections[0].instances[1].condition).toBe('draining');
    expect(model.sections[1].instances[0].condition).toBe('disconnected');
    expect(model.sections[0].instances[0].condition).toBe('ok');
  });

  it('keeps tasks without an instance in their own group', () => {
    expect(model.sections[3].pools[0].tasks.map((t) => t.id)).toEqual(['p1']);
  });

  it('offers the whole cluster as filter choices', () => {
    expect(model.choices.zones).toEqual(['us-east-1a', 'us-east-1b']);
    expect(model.choices.instanceTypes).toEqual(['g4dn.xlarge', 'm5.xlarge']);
    expect(model.choices.providers).toEqual(['FARGATE', 'FARGATE_SPOT', 'general', 'gpu']);
    expect(model.choices.services).toEqual(['api', 'checkout', 'edge', 'inference', 'resizer', 'web']);
    expect(model.maxTasksPerInstance).toBe(3);
  });

  it('filters by service: only instances and pools running it, only its tasks', () => {
    const m = buildPlacementModel([b1, ext, a2, a1], tasks, { ...NO_FILTER, service: 'resizer' });
    expect(m.sections.map((s) => s.key)).toEqual(['zone:us-east-1a', 'zone:us-east-1b']);
    expect(m.sections.flatMap((s) => s.instances)).toEqual([]);
    expect(m.totals.shownTasks).toBe(2);
    expect(m.choices.services).toContain('web'); // choices stay whole
  });

  it('filters by zone, instance type and provider', () => {
    expect(buildPlacementModel([b1, a2, a1], tasks, { ...NO_FILTER, zone: 'us-east-1b' }).sections.map((s) => s.key)).toEqual(['zone:us-east-1b']);
    const byType = buildPlacementModel([b1, a2, a1], tasks, { ...NO_FILTER, instanceType: 'g4dn.xlarge' });
    expect(byType.sections.flatMap((s) => [...s.instances.map((i) => i.id), ...s.pools.map((p) => p.key)])).toEqual(['b1']);
    const spot = buildPlacementModel([b1, a2, a1], tasks, { ...NO_FILTER, provider: 'FARGATE_SPOT' });
    expect(spot.sections.flatMap((s) => s.pools.map((p) => p.key))).toEqual(['us-east-1a|FARGATE_SPOT', 'us-east-1b|FARGATE_SPOT']);
    expect(spot.sections.flatMap((s) => s.instances)).toEqual([]);
  });

  it('does not reorder anything when a task appears or vanishes', () => {
    const before = buildPlacementModel([b1, a2, a1], tasks);
    const after = buildPlacementModel([b1, a2, a1], [...tasks.filter((t) => t.id !== 't2'), taskOn('t0', a2, { serviceName: 'web' })]);
    const order = (m: typeof before) => m.sections.flatMap((s) => s.instances.map((i) => i.id));
    expect(order(after)).toEqual(order(before));
    expect(after.sections[0].instances[0].tasks.map((t) => t.id)).toEqual(['t1', 't3']);
  });
});
