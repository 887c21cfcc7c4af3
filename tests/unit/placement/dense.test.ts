import { describe, expect, it } from 'vitest';
import { buildPlacementModel, legendChips, placementModelOf, serviceTaskCounts } from '../../../src-renderer/models/placement/placement-model';
import { buildDenseModel, fullnessColour, fullnessStep, FULLNESS_STEPS } from '../../../src-renderer/models/placement/dense';
import { OTHER_SERVICES, SERVICE_PALETTE, serviceColours } from '../../../src-renderer/models/placement/service-colours';
import { STATE_STYLES } from '../../../src-renderer/theme/states';
import { fargateTask, instance, task, taskOn } from './records';

// a1: CPU 50 %, memory 25 %; a2: CPU 10 %, memory 90 %; a3 empty; b1: CPU 75 %.
const a1 = instance('a1', { cpuLeft: 2048, memLeft: 11600 });
const a2 = instance('a2', { cpuLeft: 3686, memLeft: 1547 });
const a3 = instance('a3');
const b1 = instance('b1', { availabilityZone: 'us-east-1b', cpuLeft: 1024 });
const tasks = [
  taskOn('t1', a1, { serviceName: 'web' }),
  taskOn('t2', a1, { serviceName: 'web' }),
  taskOn('t3', a2, { serviceName: 'api' }),
  taskOn('t4', b1, { serviceName: 'web' }),
  fargateTask('f1', 'us-east-1b', 'FARGATE', { serviceName: 'web' }),
  fargateTask('f2', 'us-east-1b', 'FARGATE', { serviceName: 'api' }),
  task('p1', { serviceName: 'web', lastStatus: 'PROVISIONING', containerInstanceArn: null, availabilityZone: null }),
];
const model = buildPlacementModel([b1, a3, a2, a1], tasks);

describe('the dense placement model', () => {
  it('keeps every instance as a cell in its zone, fullest first (the larger of CPU and memory)', () => {
    const dense = buildDenseModel(model, 'fullness', null);
    expect(dense.groups.map((g) => g.key)).toEqual(['zone:us-east-1a', 'zone:us-east-1b', 'unplaced']);
    expect(dense.groups[0].cells.map((c) => c.cell.id)).toEqual(['a2', 'a1', 'a3']);
    const a2cell = dense.groups[0].cells[0];
    expect(Math.round(a2cell.cpu * 100)).toBe(10);
    expect(Math.round(a2cell.memory * 100)).toBe(90);
    expect(a2cell.fullness).toBe(a2cell.memory);
    expect(dense.shown).toBe(4);
    expect(dense.instances).toBe(4);
    expect(dense.groups[1].fargateTasks).toBe(2);
    expect(dense.groups[2].waitingTasks).toBe(1);
  });

  it('sorts by name when asked', () => {
    expect(buildDenseModel(model, 'name', null).groups[0].cells.map((c) => c.cell.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps only the instances that run the highlighted service, with its task count on each and in all', () => {
    const dense = buildDenseModel(model, 'fullness', 'web');
    expect(dense.groups.flatMap((g) => g.cells.map((c) => [c.cell.id, c.highlighted]))).toEqual([
      ['a1', 2],
      ['b1', 1],
    ]);
    expect(dense.highlight).toEqual({ service: 'web', instances: 2, tasks: 3, fargateTasks: 1, waitingTasks: 1 });
    expect(dense.instances).toBe(4);
    // Fullness stays what it is: the highlight does not change a cell's figures.
    expect(dense.groups[0].cells[0].cpu).toBe(buildDenseModel(model, 'fullness', null).groups[0].cells[1].cpu);
  });

  it('shows no group at all for a service that runs nowhere', () => {
    const dense = buildDenseModel(model, 'fullness', 'nothing');
    expect(dense.groups).toEqual([]);
    expect(dense.highlight?.instances).toBe(0);
  });

  it('colours fullness in five steps of one hue, none a state colour', () => {
    expect([0, 0.19, 0.2, 0.55, 0.8, 1].map(fullnessStep)).toEqual([0, 0, 1, 2, 4, 4]);
    for (const theme of ['dark', 'light'] as const) {
      expect(new Set(FULLNESS_STEPS[theme]).size).toBe(5);
      const states = Object.values(STATE_STYLES).map((s) => s.colour[theme]);
      for (const c of FULLNESS_STEPS[theme]) expect(states).not.toContain(c);
      expect(fullnessColour(1, theme)).toBe(FULLNESS_STEPS[theme][4]);
    }
  });
});

describe('service colours with more services than colours', () => {
  const many = Array.from({ length: 2000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);

  it('gives the highlighted and listed services distinct colours, and every other one the neutral colour', () => {
    const featured = [...many.slice(0, 11), 'svc-0050'];
    const colourOf = serviceColours(many, 'dark', featured);
    const colours = featured.map(colourOf);
    expect(new Set(colours).size).toBe(12);
    expect(colours).not.toContain(OTHER_SERVICES.dark);
    expect(colourOf('svc-1999')).toBe(OTHER_SERVICES.dark);
    expect(colourOf('svc-0000')).toBe(SERVICE_PALETTE.dark[0]);
    expect(colourOf('svc-0050')).toBe(SERVICE_PALETTE.dark[11]);
  });

  it('keeps the hash-stable colours while the services fit the palette', () => {
    expect(serviceColours(['web', 'api'], 'light', ['api'])('web')).toBe(serviceColours(['web', 'api'], 'light')('web'));
  });

  it('lists the busiest services as legend chips, and the highlighted one beside them', () => {
    const counts = serviceTaskCounts(model);
    expect(counts).toEqual([
      ['web', 5],
      ['api', 2],
    ]);
    expect(legendChips(counts, 'other')).toEqual([...counts, ['other', 0]]);
  });
});

describe('placementModelOf', () => {
  it('answers the same model for the same records (new arrays), and a new one when a record or the filter changes', () => {
    const first = placementModelOf([b1, a3, a2, a1], tasks);
    expect(placementModelOf([b1, a3, a2, a1], [...tasks])).toBe(first);
    const moved = taskOn('t3', a1, { serviceName: 'api' });
    const changed = placementModelOf([b1, a3, a2, a1], [...tasks.slice(0, 2), moved, ...tasks.slice(3)]);
    expect(changed).not.toBe(first);
    expect(changed.sections[0].instances.find((i) => i.id === 'a1')?.tasks.map((t) => t.id)).toContain('t3');
    expect(placementModelOf([b1, a3, a2, a1], [...tasks.slice(0, 2), moved, ...tasks.slice(3)], { service: 'web', zone: null, instanceType: null, provider: null })).not.toBe(changed);
  });
});
