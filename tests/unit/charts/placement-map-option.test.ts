import { describe, expect, it } from 'vitest';
import type { CustomSeriesRenderItemParams } from 'echarts';
import { buildPlacementModel } from '../../../src-renderer/models/placement/placement-model';
import { layoutPlacement, visibleBoxes } from '../../../src-renderer/charts/placement-layout';
import { FADED_TASK_OPACITY, placementMapOption, taskStyle, type PlacementMapInput } from '../../../src-renderer/charts/placement-map-option';
import { chartPalette } from '../../../src-renderer/charts/chart-theme';
import { serviceColours } from '../../../src-renderer/models/placement/service-colours';
import { fargateTask, instance, taskOn } from '../placement/records';

const a1 = instance('a1', { availabilityZone: 'us-east-1a', cpuLeft: 2560, memLeft: 12186 });
const a2 = instance('a2', { availabilityZone: 'us-east-1a', status: 'DRAINING' });
const b1 = instance('b1', { availabilityZone: 'us-east-1b', cpuLeft: 4096, memLeft: 15466 });
const tasks = [
  taskOn('t1', a1, { serviceName: 'web' }),
  taskOn('t2', a1, { serviceName: 'api' }),
  taskOn('t3', a2, { serviceName: 'web' }),
  fargateTask('f1', 'us-east-1b', 'FARGATE_SPOT', { serviceName: 'resizer' }),
];

function input(over: Partial<PlacementMapInput> = {}): PlacementMapInput {
  const model = buildPlacementModel([a1, a2, b1], tasks);
  return { layout: layoutPlacement(model, 1000), top: 0, height: 2000, palette: chartPalette('dark'), colourOf: serviceColours(model.choices.services, 'dark'), highlight: null, ...over };
}

type Group = { type: string; children: Array<{ type: string; style?: { text?: string } }> };
function drawn(option: ReturnType<typeof placementMapOption>['option'], seriesIndex: number, dataIndex: number): Group {
  const series = (option.series as Array<{ renderItem: (p: CustomSeriesRenderItemParams) => unknown }>)[seriesIndex];
  return series.renderItem({ dataIndex } as CustomSeriesRenderItemParams) as Group;
}

describe('placementMapOption', () => {
  it('has every instance with its reserved and registered CPU and memory', () => {
    const { boxData } = placementMapOption(input());
    const instances = boxData.filter((d) => d.kind === 'instance');
    expect(instances.map((d) => [d.name, d.cpuReserved, d.cpuRegistered, d.memoryReserved, d.memoryRegistered])).toEqual([
      ['i-a1', 1536, 4096, 3280, 15466],
      ['i-a2', 0, 4096, 0, 15466],
      ['i-b1', 0, 4096, 0, 15466],
    ]);
    expect(instances.find((d) => d.name === 'i-a2')?.condition).toBe('draining');
  });

  it('draws the figures as words on the card, and DRAINING with its symbol', () => {
    const { option, boxData } = placementMapOption(input());
    const texts = (i: number) => drawn(option, 0, i).children.filter((c) => c.type === 'text').map((c) => c.style?.text);
    const a1Index = boxData.findIndex((d) => d.name === 'i-a1');
    expect(texts(a1Index)).toEqual(expect.arrayContaining(['i-a1', '1.5 / 4 vCPU', '3.2 / 15.1 GiB']));
    expect(texts(boxData.findIndex((d) => d.name === 'i-a2'))).toContain('▲ DRAINING');
  });

  it('puts each task block inside its own instance or pool, in zone order', () => {
    const { taskData, boxes } = placementMapOption(input());
    expect(taskData.map((t) => [t.name, t.parent])).toEqual([
      ['t2', a1.arn],
      ['t1', a1.arn],
      ['t3', a2.arn],
      ['f1', 'us-east-1b|FARGATE_SPOT'],
    ]);
    for (const t of taskData) {
      const box = boxes.find((b) => (b.kind === 'instance' ? b.cell.arn : b.kind === 'pool' ? b.cell.key : '') === t.parent);
      expect(box).toBeDefined();
      if (!box) continue;
      expect(t.value[0]).toBeGreaterThanOrEqual(box.x);
      expect(t.value[1]).toBeGreaterThanOrEqual(box.y);
      expect(t.value[1]).toBeLessThan(box.y + box.h);
    }
  });

  it('colours tasks by service, the same colour for the same service', () => {
    const { taskData } = placementMapOption(input());
    const web = taskData.filter((t) => t.serviceKey === 'web').map((t) => t.colour);
    expect(new Set(web).size).toBe(1);
    expect(taskData.find((t) => t.serviceKey === 'api')?.colour).not.toBe(web[0]);
  });

  it('fades every other service when one is highlighted', () => {
    const { taskData, boxData } = placementMapOption(input({ highlight: 'web' }));
    expect(taskData.filter((t) => t.faded).map((t) => t.name).sort()).toEqual(['f1', 't2']);
    const p = chartPalette('dark');
    expect(taskStyle(taskData.find((t) => t.name === 't2') as (typeof taskData)[number], p).opacity).toBe(FADED_TASK_OPACITY);
    expect(taskStyle(taskData.find((t) => t.name === 't1') as (typeof taskData)[number], p).opacity).toBe(1);
    expect(boxData.filter((d) => d.faded).map((d) => d.name)).toEqual(['i-b1', 'FARGATE_SPOT']);
  });

  it('holds only what is in the visible window', () => {
    const big = Array.from({ length: 300 }, (_, i) => instance(`x${String(i).padStart(3, '0')}`));
    const many = big.flatMap((inst, i) => [taskOn(`t${i}a`, inst), taskOn(`t${i}b`, inst, { serviceName: 'api' })]);
    const model = buildPlacementModel(big, many);
    const layout = layoutPlacement(model, 1000);
    const { boxData, taskData } = placementMapOption({ ...input(), layout, top: 2000, height: 600 });
    expect(boxData.length).toBeGreaterThan(0);
    expect(boxData.length).toBeLessThan(40);
    expect(taskData.length).toBeGreaterThan(0);
    expect(taskData.length).toBeLessThanOrEqual(boxData.filter((d) => d.kind === 'instance').length * 2);
    for (const t of taskData) expect(t.value[1]).toBeGreaterThanOrEqual(2000 - 12);
    for (const t of taskData) expect(t.value[1]).toBeLessThanOrEqual(2600);
    expect(visibleBoxes(layout.boxes, 0, layout.height)).toHaveLength(layout.boxes.length);
  });

  it('keeps every card the same height, so a new task does not move the others', () => {
    const before = layoutPlacement(buildPlacementModel([a1, a2, b1], tasks), 1000);
    const after = layoutPlacement(buildPlacementModel([a1, a2, b1], [...tasks, taskOn('t4', b1)]), 1000);
    const place = (l: typeof before) => l.boxes.filter((b) => b.kind === 'instance').map((b) => [b.x, b.y, b.h]);
    expect(place(after)).toEqual(place(before));
  });
});
