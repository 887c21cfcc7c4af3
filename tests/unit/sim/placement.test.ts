import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src-main/sim/engine/engine';
import { newAsgInstance } from '../../../src-main/sim/engine/managed-scaling';
import { matchesExpression, placeTask, type TaskNeeds } from '../../../src-main/sim/engine/placement';
import { Random } from '../../../src-main/sim/engine/random';
import { externalOnlyRegistry, nullLogSink } from '../../../src-main/sim/seams/ports';
import type { CapacityProviderRecord, ContainerInstanceRecord, ServiceRecord, TaskRecord } from '../../../src-main/sim/world/types';
import { World } from '../../../src-main/sim/world/world';

function setup() {
  const world = new World('123456789012', 'us-east-1', new Random(1));
  const engine = new Engine({ world, random: new Random(2), registry: externalOnlyRegistry, logs: nullLogSink, start: 0 });
  world.addCluster({ arn: world.clusterArn('c'), name: 'c', status: 'ACTIVE', settings: [], capacityProviders: [], defaultCapacityProviderStrategy: [], tags: [] });
  const provider = {
    name: 'asg', clusterName: 'c', managedScaling: { status: 'DISABLED' },
    asg: { instanceType: 'm5.large', cpu: 2048, memory: 8000, gpus: 0, zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], maxSize: 6, launching: 0 },
  } as unknown as CapacityProviderRecord;
  const instances = ['us-east-1a', 'us-east-1a', 'us-east-1b', 'us-east-1c'].map((zone) => {
    const instance = newAsgInstance(engine, 'c', provider, zone);
    world.addInstance(instance);
    return instance;
  });
  const service = { name: 's', clusterName: 'c', arn: world.serviceArn('c', 's') } as ServiceRecord;
  world.addService(service);
  let n = 0;
  /** Puts a task of the service on an instance, reserving its CPU and memory. */
  const occupy = (instance: ContainerInstanceRecord, cpu = 256, memory = 512) => {
    instance.usedCpu += cpu;
    instance.usedMemory += memory;
    const task = {
      arn: world.taskArn('c', `t${n++}`), clusterName: 'c', serviceName: 's', containerInstanceArn: instance.arn,
      availabilityZone: instance.availabilityZone, desiredStatus: 'RUNNING', lastStatus: 'RUNNING', containers: [],
    } as unknown as TaskRecord;
    world.addTask(task);
  };
  return { world, engine, instances, service, occupy };
}

const needs = (over: Partial<TaskNeeds> = {}): TaskNeeds => ({ cpu: 256, memory: 512, hostPorts: [], gpus: 0, constraints: [], strategy: [], ...over });

describe('EC2 placement', () => {
  it('binpack by memory picks the instance with the least memory left that still fits', () => {
    const { world, engine, instances, service, occupy } = setup();
    occupy(instances[2], 256, 6000);
    occupy(instances[1], 256, 3000);
    const result = placeTask(world, engine.random, service, needs({ strategy: [{ type: 'binpack', field: 'memory' }] }), instances);
    expect(result.ok && result.instance).toBe(instances[2]);
    const tooBig = placeTask(world, engine.random, service, needs({ memory: 2500, strategy: [{ type: 'binpack', field: 'memory' }] }), instances);
    expect(tooBig.ok && tooBig.instance).toBe(instances[1]);
  });

  it('spread by zone picks the zone with the fewest tasks of the service', () => {
    const { world, engine, instances, service, occupy } = setup();
    occupy(instances[0]);
    occupy(instances[2]);
    const result = placeTask(world, engine.random, service, needs({ strategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }), instances);
    expect(result.ok && result.instance.availabilityZone).toBe('us-east-1c');
  });

  it('distinctInstance never puts two tasks of the service on one instance, and says why when it cannot place', () => {
    const { world, engine, instances, service, occupy } = setup();
    for (const instance of instances.slice(0, 3)) occupy(instance);
    const result = placeTask(world, engine.random, service, needs({ constraints: [{ type: 'distinctInstance' }] }), instances);
    expect(result.ok && result.instance).toBe(instances[3]);
    occupy(instances[3]);
    const none = placeTask(world, engine.random, service, needs({ constraints: [{ type: 'distinctInstance' }] }), instances);
    expect(none.ok).toBe(false);
    expect(!none.ok && none.reason).toMatch(/^was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f]{32}\)/);
  });

  it('memberOf filters by attribute expressions', () => {
    const { instances } = setup();
    expect(matchesExpression(instances[0], 'attribute:ecs.instance-type =~ m5.*')).toBe(true);
    expect(matchesExpression(instances[0], 'attribute:ecs.instance-type =~ g4dn.*')).toBe(false);
    expect(matchesExpression(instances[0], 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]')).toBe(true);
    expect(matchesExpression(instances[3], 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]')).toBe(false);
    expect(matchesExpression(instances[3], 'attribute:ecs.availability-zone != us-east-1a and attribute:ecs.instance-type == m5.large')).toBe(true);
  });

  it('refuses instances without enough CPU or with the host port taken', () => {
    const { world, engine, instances, service } = setup();
    for (const instance of instances.slice(1)) instance.usedCpu = instance.cpu;
    instances[0].usedPorts.add(80);
    const result = placeTask(world, engine.random, service, needs({ hostPorts: [80] }), instances);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/already using a port required by your task|insufficient CPU/);
  });
});
