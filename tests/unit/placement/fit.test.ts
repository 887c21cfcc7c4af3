import { describe, expect, it } from 'vitest';
import { blockerSummary, fitTasks, type FitInput } from '../../../src-renderer/models/placement/fit';
import { needsFromTaskDefinition } from '../../../src-renderer/models/placement/task-needs';
import { instance, service, taskOn } from './records';

const needs = { cpu: 1024, memory: 2048, hostPorts: [] as string[], gpus: 0 };

function fit(over: Partial<FitInput>): ReturnType<typeof fitTasks> {
  return fitTasks({ service: service('web'), needs, count: 1, instances: [], serviceTasks: [], ...over });
}

describe('fitTasks', () => {
  it('fits tasks into remaining CPU and memory and says where', () => {
    const a = instance('a', { cpuLeft: 2048, memLeft: 8000 });
    const b = instance('b', { cpuLeft: 1024, memLeft: 8000, availabilityZone: 'us-east-1b' });
    const r = fit({ count: 3, instances: [a, b] });
    expect(r.placed).toBe(3);
    expect(r.placements.map((p) => [p.label, p.count])).toEqual([['i-a', 2], ['i-b', 1]]);
    expect(r.sentence).toBe('Yes — all 3 fit now: i-a (2), i-b (1).');
  });

  it('stops when nothing is left and says why the rest find no room', () => {
    const a = instance('a', { cpuLeft: 1024, memLeft: 8000 });
    const b = instance('b', { cpuLeft: 4096, memLeft: 1000 });
    const r = fit({ count: 3, instances: [a, b] });
    expect(r.placed).toBe(1);
    expect(r.blockers.map((x) => [x.label, x.reason])).toEqual([['i-a', 'cpu'], ['i-b', 'memory']]);
    expect(r.blockers[1].detail).toBe('has 1000 MiB left, needs 2 GiB');
    expect(r.sentence).toBe('Only 1 of 3 fit now: i-a (1). No room for the rest: 1 lacks CPU, 1 lacks memory.');
  });

  it('skips DRAINING, disconnected and ECS Anywhere instances for an EC2 service', () => {
    const r = fit({
      count: 1,
      instances: [instance('d', { status: 'DRAINING' }), instance('x', { agentConnected: false }), instance('e', { external: true, ec2InstanceId: 'mi-1' })],
    });
    expect(r.placed).toBe(0);
    expect(r.blockers.map((b) => b.reason).sort()).toEqual(['disconnected', 'draining', 'external']);
    expect(r.sentence).toMatch(/^No — no instance can take this service's tasks: /);
  });

  it('keeps to the capacity providers of the service strategy', () => {
    const gpu = instance('g', { capacityProviderName: 'gpu' });
    const general = instance('m', { capacityProviderName: 'general' });
    const r = fit({ service: service('inference', { capacityProviderStrategy: [{ capacityProvider: 'gpu', weight: 1, base: 0 }] }), instances: [general, gpu] });
    expect(r.placements.map((p) => p.label)).toEqual(['i-g']);
    expect(r.blockers.map((b) => [b.label, b.reason])).toEqual([['i-m', 'other-provider']]);
  });

  it('respects distinctInstance: one per instance, none where one already runs', () => {
    const svc = service('inference', { placementConstraints: [{ type: 'distinctInstance', expression: null }] });
    const a = instance('a');
    const b = instance('b');
    const c = instance('c');
    const running = [taskOn('t1', a, { serviceName: 'inference' })];
    const r = fitTasks({ service: svc, needs, count: 3, instances: [a, b, c], serviceTasks: running });
    expect(r.placed).toBe(2);
    expect(r.placements.map((p) => p.label)).toEqual(['i-b', 'i-c']);
    expect(r.blockers.every((b) => b.reason === 'distinct-instance')).toBe(true);
  });

  it('respects memberOf and reports expressions it cannot evaluate', () => {
    const svc = service('inference', {
      capacityProviderStrategy: [],
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ g4dn.*' }, { type: 'memberOf', expression: 'task:group == service:web' }],
    });
    const gpu = instance('g', { instanceType: 'g4dn.xlarge', attributes: { 'ecs.instance-type': 'g4dn.xlarge' } });
    const general = instance('m');
    const r = fitTasks({ service: svc, needs, count: 1, instances: [general, gpu], serviceTasks: [] });
    expect(r.placements.map((p) => p.label)).toEqual(['i-g']);
    expect(r.blockers).toEqual([expect.objectContaining({ label: 'i-m', reason: 'member-of' })]);
    expect(r.unknownConstraints).toEqual(['task:group == service:web']);
  });

  it('does not bind a static host port twice, nor one ECS lists as in use', () => {
    const portNeeds = { ...needs, hostPorts: ['8080'] };
    const a = instance('a');
    const busy = instance('b', { ports: ['22', '8080'] });
    const r = fitTasks({ service: service('web'), needs: portNeeds, count: 2, instances: [a, busy], serviceTasks: [] });
    expect(r.placed).toBe(1);
    expect(r.blockers.map((b) => b.detail)).toEqual(['host port 8080 is in use', 'host port 8080 is in use']);
  });

  it('counts GPUs', () => {
    const gpuBox = instance('g', { registered: { cpu: 4096, memory: 15466, ports: [], gpus: 1 } });
    const r = fitTasks({ service: service('inference'), needs: { ...needs, gpus: 1 }, count: 2, instances: [gpuBox], serviceTasks: [] });
    expect(r.placed).toBe(1);
    expect(r.blockers[0].reason).toBe('gpus');
  });

  it('orders candidates by the placement strategy: binpack fills the fullest first, spread balances zones', () => {
    const roomy = instance('a', { cpuLeft: 4096, memLeft: 15000 });
    const tight = instance('b', { cpuLeft: 4096, memLeft: 4096, availabilityZone: 'us-east-1b' });
    const binpack = fitTasks({ service: service('w', { placementStrategy: [{ type: 'binpack', field: 'memory' }] }), needs, count: 1, instances: [roomy, tight], serviceTasks: [] });
    expect(binpack.placements[0].label).toBe('i-b');
    const existing = [taskOn('t1', tight, { serviceName: 'w' })];
    const spread = fitTasks({ service: service('w', { placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }), needs, count: 1, instances: [roomy, tight], serviceTasks: existing });
    expect(spread.placements[0].label).toBe('i-a');
  });

  it('answers for Fargate services that there is nothing to fill', () => {
    const r = fit({ service: service('checkout', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }] }) });
    expect(r.notApplicable).toBe(true);
    expect(r.sentence).toContain('runs on Fargate');
  });

  it('summarises blockers by reason, most common first', () => {
    const b = (reason: 'cpu' | 'draining') => ({ arn: '', label: '', zone: null, reason, detail: '' });
    expect(blockerSummary([b('draining'), b('cpu'), b('cpu')])).toBe('2 lack CPU, 1 is DRAINING');
  });
});

describe('needsFromTaskDefinition', () => {
  it('reads task-level sizes, static host ports by network mode, and GPUs', () => {
    const doc = {
      taskDefinitionArn: 'arn:td', family: 'web', revision: 1, networkMode: 'bridge', cpu: '512', memory: '1024',
      containerDefinitions: [
        { name: 'app', image: 'x', portMappings: [{ containerPort: 8080, hostPort: 8080 }, { containerPort: 9000, hostPort: 0 }, { containerPort: 53, hostPort: 53, protocol: 'udp' }], resourceRequirements: [{ type: 'GPU', value: '1' }] },
      ],
    };
    expect(needsFromTaskDefinition(doc)).toMatchObject({ cpu: 512, memory: 1024, hostPorts: ['8080', '53/udp'], gpus: 1 });
    expect(needsFromTaskDefinition({ ...doc, networkMode: 'awsvpc' }).hostPorts).toEqual([]);
    expect(needsFromTaskDefinition({ ...doc, networkMode: 'host', containerDefinitions: [{ name: 'a', image: 'x', portMappings: [{ containerPort: 80 }] }] }).hostPorts).toEqual(['80']);
  });

  it('sums the containers when the task has no sizes of its own', () => {
    const doc = { taskDefinitionArn: 'arn:td', family: 'w', revision: 1, containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 512 }, { name: 'b', image: 'y', cpu: 128, memoryReservation: 256 }] };
    expect(needsFromTaskDefinition(doc)).toMatchObject({ cpu: 384, memory: 768 });
  });
});
