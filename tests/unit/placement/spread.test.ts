import { describe, expect, it } from 'vitest';
import { analyseSpread, zonesForService } from '../../../src-renderer/models/placement/spread';
import { fargateTask, instance, service, taskOn } from './records';

const a = instance('a', { availabilityZone: 'us-east-1a' });
const a2 = instance('a2', { availabilityZone: 'us-east-1a' });
const b = instance('b', { availabilityZone: 'us-east-1b' });
const c = instance('c', { availabilityZone: 'us-east-1c' });
const all = [a, a2, b, c];
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

describe('analyseSpread', () => {
  it('counts tasks per zone (zones without tasks included) and per instance', () => {
    const tasks = [taskOn('1', a), taskOn('2', b), taskOn('3', b)];
    const r = analyseSpread(service('web'), [...tasks, taskOn('4', c)], all, zones);
    expect(r.byZone.map((z) => [z.label, z.count])).toEqual([['us-east-1a', 1], ['us-east-1b', 2], ['us-east-1c', 1]]);
    expect(r.byInstance.map((i) => [i.label, i.count])).toEqual([['i-b', 2], ['i-a', 1], ['i-c', 1]]);
    expect(analyseSpread(service('web'), tasks, all, zones).byZone.map((z) => z.count)).toEqual([1, 2, 0]);
    expect(r.findings).toEqual([]);
  });

  it('flags all tasks in one zone when others are available', () => {
    const r = analyseSpread(service('web'), [taskOn('1', a), taskOn('2', a2)], all, zones);
    expect(r.findings.map((f) => f.kind)).toEqual(['single-zone']);
    expect(r.findings[0].text).toContain('All 2 tasks run in us-east-1a');
  });

  it('does not flag one zone when the service can only use one', () => {
    expect(analyseSpread(service('web'), [taskOn('1', a), taskOn('2', a2)], all, ['us-east-1a']).findings).toEqual([]);
  });

  it('flags distinctInstance broken', () => {
    const svc = service('inference', { placementConstraints: [{ type: 'distinctInstance', expression: null }] });
    const r = analyseSpread(svc, [taskOn('1', a), taskOn('2', a), taskOn('3', b)], all, zones);
    expect(r.findings.map((f) => f.kind)).toContain('distinct-instance-broken');
    expect(r.findings.find((f) => f.kind === 'distinct-instance-broken')?.text).toBe('distinctInstance is broken: i-a runs 2.');
  });

  it('flags zone skew beyond one task under a zone spread, but not under binpack', () => {
    const tasks = [taskOn('1', a), taskOn('2', a), taskOn('3', a2), taskOn('4', b)];
    const spread = analyseSpread(service('web', { placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }), tasks, all, zones);
    expect(spread.findings.map((f) => f.kind)).toEqual(['zone-skew']);
    const binpack = analyseSpread(service('web', { placementStrategy: [{ type: 'binpack', field: 'memory' }] }), tasks, all, zones);
    expect(binpack.findings).toEqual([]);
    expect(binpack.note).toMatch(/Binpack/);
  });

  it('flags instance skew under a spread by instance', () => {
    const svc = service('api', { placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
    const r = analyseSpread(svc, [taskOn('1', a), taskOn('2', a), taskOn('3', a), taskOn('4', b)], all, zones);
    expect(r.findings.map((f) => f.kind)).toContain('instance-skew');
  });

  it('ignores stopped tasks', () => {
    const r = analyseSpread(service('web'), [taskOn('1', a), taskOn('2', a, { lastStatus: 'STOPPED' }), taskOn('3', b)], all, zones);
    expect(r.byZone.find((z) => z.key === 'us-east-1a')?.count).toBe(1);
  });

  it('describes the strategy and constraints in words', () => {
    const svc = service('web', {
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'MEMORY' }],
      placementConstraints: [{ type: 'distinctInstance', expression: null }, { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ g4dn.*' }],
    });
    const r = analyseSpread(svc, [], all, zones);
    expect(r.strategyText).toBe('spread by zone, then binpack by memory');
    expect(r.constraintText).toBe('distinctInstance, memberOf(attribute:ecs.instance-type =~ g4dn.*)');
  });
});

describe('zonesForService', () => {
  it('uses the zones of ACTIVE instances of its providers for EC2, of the cluster tasks for Fargate', () => {
    const gpu = instance('g', { availabilityZone: 'us-east-1c', capacityProviderName: 'gpu' });
    const draining = instance('d', { availabilityZone: 'us-east-1b', status: 'DRAINING' });
    expect(zonesForService(service('web'), [a, gpu, draining], [])).toEqual(['us-east-1a']);
    const fg = service('checkout', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }] });
    expect(zonesForService(fg, [], [fargateTask('f', 'us-east-1b', 'FARGATE'), fargateTask('g', 'us-east-1c', 'FARGATE')])).toEqual(['us-east-1b', 'us-east-1c']);
  });
});
