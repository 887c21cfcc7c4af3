import type { CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsOption } from 'echarts';
import type { InstanceCondition, TaskBlock } from '../models/placement/placement-model';
import { gib, gibPair, share, vcpu, vcpuPair } from '../models/placement/figures';
import { formatCount, pluralize } from '../format';
import { STATE_STYLES } from '../theme/states';
import { escapeHtml, type ChartPalette } from './chart-theme';
import { BAR_GAP, BAR_H, blockPosition, HEAD_H, PAD, TASK, visibleBoxes, type InstanceBox, type LayoutBox, type PlacementLayout, type PoolBox, type SectionBox } from './placement-layout';
import { blockMapOption, countsLine, FADED_BOX_OPACITY, meterBar, sectionHeading, text, tooltipLine as line, type DrawElement as Element } from './placement-draw';

/**
 * The placement map as one ECharts option: two `custom` series drawn on a canvas, one for
 * the frames (zone headings, instance cards with their CPU and memory bars, Fargate pools)
 * and one for the task blocks. Only what lies in the visible window is in the option, so
 * 500 instances and 10,000 tasks cost what a screenful costs. Beside the option come the
 * items it draws, with the figures and ids the tooltip and click handler need (and tests
 * read).
 */

export interface PlacementMapInput {
  layout: PlacementLayout;
  /** The window of the map on screen: scroll offset and height, in layout pixels. */
  top: number;
  height: number;
  palette: ChartPalette;
  colourOf: (serviceKey: string) => string;
  /** A service to pick out: its tasks stay, every other fades. */
  highlight: string | null;
  /** An instance ARN to ring in the accent colour (the card a dense cell opened). */
  focus?: string | null;
}

export interface BoxDatum {
  value: [number];
  name: string;
  kind: LayoutBox['kind'];
  /** Container instance ARN (instances), pool key (pools), section key (sections). */
  key: string;
  condition: InstanceCondition | null;
  cpuReserved: number;
  cpuRegistered: number;
  memoryReserved: number;
  memoryRegistered: number;
  taskCount: number;
  faded: boolean;
}

export interface TaskDatum {
  value: [number, number];
  name: string;
  taskArn: string;
  serviceKey: string;
  /** The instance ARN or pool key the block is drawn in. */
  parent: string;
  colour: string;
  faded: boolean;
  block: TaskBlock;
}

export const FADED_TASK_OPACITY = 0.14;

const CONDITION_STATE = { draining: 'degraded', disconnected: 'failed', inactive: 'unknown' } as const;

/** The words beside a condition's symbol: never colour alone. */
export function conditionLabel(condition: InstanceCondition, status: string): string | null {
  switch (condition) {
    case 'draining':
      return `${STATE_STYLES.degraded.symbol} DRAINING`;
    case 'disconnected':
      return `${STATE_STYLES.failed.symbol} agent disconnected`;
    case 'inactive':
      return `${STATE_STYLES.unknown.symbol} ${status}`;
    default:
      return null;
  }
}

function boxDatum(box: LayoutBox, index: number, highlight: string | null): BoxDatum {
  const has = (tasks: TaskBlock[]) => !highlight || tasks.some((t) => t.serviceKey === highlight);
  if (box.kind === 'instance') {
    const c = box.cell;
    return {
      value: [index], name: c.label, kind: 'instance', key: c.arn, condition: c.condition,
      cpuReserved: c.cpu.reserved, cpuRegistered: c.cpu.registered, memoryReserved: c.memory.reserved, memoryRegistered: c.memory.registered,
      taskCount: c.tasks.length, faded: !has(c.tasks),
    };
  }
  if (box.kind === 'pool') {
    const c = box.cell;
    return { value: [index], name: c.provider, kind: 'pool', key: c.key, condition: null, cpuReserved: c.cpuReserved, cpuRegistered: 0, memoryReserved: c.memoryReserved, memoryRegistered: 0, taskCount: c.tasks.length, faded: !has(c.tasks) };
  }
  return { value: [index], name: box.section.title, kind: 'section', key: box.section.key, condition: null, cpuReserved: 0, cpuRegistered: 0, memoryReserved: 0, memoryRegistered: 0, taskCount: box.section.taskCount, faded: false };
}

function taskData(boxes: LayoutBox[], input: PlacementMapInput): TaskDatum[] {
  const out: TaskDatum[] = [];
  const bottom = input.top + input.height;
  for (const box of boxes) {
    if (box.kind === 'section') continue;
    const parent = box.kind === 'instance' ? box.cell.arn : box.cell.key;
    box.cell.tasks.forEach((block, i) => {
      const at = blockPosition(box, i);
      if (at.y + TASK < input.top || at.y > bottom) return;
      out.push({ value: [at.x, at.y], name: block.id, taskArn: block.arn, serviceKey: block.serviceKey, parent, colour: input.colourOf(block.serviceKey), faded: !!input.highlight && block.serviceKey !== input.highlight, block });
    });
  }
  return out;
}

// ---- drawing (zrender elements, in canvas pixels: layout y minus the scroll offset) ----

function drawSection(box: SectionBox, top: number, p: ChartPalette): Element[] {
  const s = box.section;
  const onFargate = s.pools.reduce((n, x) => n + x.tasks.length, 0);
  const counts = s.kind === 'unplaced' || s.instances.length === 0
    ? [pluralize(s.taskCount, s.kind === 'unplaced' ? 'task' : 'Fargate task')]
    : [pluralize(s.instances.length, 'instance'), pluralize(s.taskCount, 'task'), onFargate ? `${formatCount(onFargate)} on Fargate` : null];
  return sectionHeading(box, top, p, { title: s.title, counts: counts.filter(Boolean).join(' · ') });
}

function drawInstance(box: InstanceBox, top: number, p: ChartPalette, faded: boolean, focused: boolean): Element[] {
  const c = box.cell;
  const o = faded ? FADED_BOX_OPACITY : 1;
  const y0 = box.y - top;
  const stateKey = c.condition === 'ok' ? null : CONDITION_STATE[c.condition];
  const edge = stateKey ? p.state[stateKey] : p.border;
  const els: Element[] = [
    { type: 'rect', shape: { x: box.x + 0.5, y: y0 + 0.5, width: box.w - 1, height: box.h - 1, r: 4 }, style: { fill: p.raised, stroke: edge, lineWidth: stateKey ? 2 : 1, lineDash: c.stale ? [4, 3] : null, opacity: o } },
  ];
  if (focused) els.push({ type: 'rect', shape: { x: box.x - 2, y: y0 - 2, width: box.w + 4, height: box.h + 4, r: 6 }, style: { fill: 'transparent', stroke: p.accent, lineWidth: 3 } });
  const headY = y0 + PAD + HEAD_H / 2;
  const labelW = 146;
  els.push(text(box.x + PAD, headY, c.label, p.text, `600 11.5px ${p.fontMono}`, { opacity: o, width: labelW, overflow: 'truncate' }));
  const badge = conditionLabel(c.condition, c.status);
  els.push(text(box.x + box.w - PAD, headY, badge ?? c.instanceType ?? '', stateKey ? p.state[stateKey] : p.muted, `${badge ? '600 ' : ''}11px ${p.fontUi}`, { align: 'right', opacity: o, width: box.w - 2 * PAD - labelW - 6, overflow: 'truncate' }));
  if (c.gpus.registered) {
    els.push(text(box.x + box.w - PAD, y0 + box.h - PAD - 5, `GPU ${c.gpus.reserved} / ${c.gpus.registered}`, p.muted, `11px ${p.fontUi}`, { align: 'right', opacity: o }));
  }

  const nameW = 30;
  const figureW = 86;
  const barX = box.x + PAD + nameW;
  const barW = box.w - 2 * PAD - nameW - figureW;
  const rows: Array<[string, number, string]> = [
    ['CPU', share(c.cpu.reserved, c.cpu.registered), vcpuPair(c.cpu.reserved, c.cpu.registered)],
    ['Mem', share(c.memory.reserved, c.memory.registered), gibPair(c.memory.reserved, c.memory.registered)],
  ];
  rows.forEach(([label, fraction, figure], i) => {
    const rowTop = y0 + PAD + HEAD_H + 6 + i * (BAR_H + BAR_GAP);
    const mid = rowTop + BAR_H / 2;
    els.push(text(box.x + PAD, mid, label, p.muted, `11px ${p.fontUi}`, { opacity: o }));
    els.push(...meterBar(barX, rowTop + 2, barW, fraction, p, o));
    els.push(text(box.x + box.w - PAD, mid, figure, p.text, `11px ${p.fontUi}`, { align: 'right', opacity: o }));
  });
  if (c.tasks.length === 0) els.push(text(box.gridX, box.gridY + TASK / 2, 'no tasks', p.faint, `11px ${p.fontUi}`, { opacity: o }));
  return els;
}

export function poolTitle(box: PoolBox): string {
  const c = box.cell;
  if (box.sectionKind === 'unplaced') return `Waiting for an instance · ${pluralize(c.tasks.length, 'task')}`;
  return `${c.provider} · ${pluralize(c.tasks.length, 'task')} · ${vcpu(c.cpuReserved)} · ${gib(c.memoryReserved)} reserved`;
}

function drawPool(box: PoolBox, top: number, p: ChartPalette, faded: boolean): Element[] {
  const o = faded ? FADED_BOX_OPACITY : 1;
  const y0 = box.y - top;
  const spot = box.cell.provider === 'FARGATE_SPOT';
  return [
    { type: 'rect', shape: { x: 0.5, y: y0 + 0.5, width: box.w - 1, height: box.h - 1, r: 4 }, style: { fill: p.raised, stroke: p.border, lineDash: spot ? [5, 3] : null, opacity: o } },
    text(PAD, y0 + PAD + HEAD_H / 2, poolTitle(box), p.text, `600 12px ${p.fontUi}`, { opacity: o }),
  ];
}

function renderBox(boxes: LayoutBox[], data: BoxDatum[], input: PlacementMapInput) {
  return (params: CustomSeriesRenderItemParams): CustomSeriesRenderItemReturn => {
    const box = boxes[params.dataIndex];
    const faded = data[params.dataIndex].faded;
    const children = box.kind === 'section' ? drawSection(box, input.top, input.palette) : box.kind === 'instance' ? drawInstance(box, input.top, input.palette, faded, box.cell.arn === input.focus) : drawPool(box, input.top, input.palette, faded);
    return { type: 'group', children } as unknown as CustomSeriesRenderItemReturn;
  };
}

/** A task block: solid while running, hollow while stopping, lighter while starting, ringed when unhealthy. */
export function taskStyle(d: TaskDatum, p: ChartPalette): Record<string, unknown> {
  const b = d.block;
  const starting = b.lastStatus !== 'RUNNING' && !b.stopping;
  const unhealthy = b.healthStatus === 'UNHEALTHY';
  return {
    fill: b.stopping ? 'transparent' : d.colour,
    stroke: unhealthy ? p.state.failed : b.stopping || starting ? d.colour : null,
    lineWidth: unhealthy ? 2 : 1.5,
    opacity: d.faded ? FADED_TASK_OPACITY : starting ? 0.6 : 1,
  };
}

// ---- tooltip ----

export function taskTooltip(d: TaskDatum): string {
  const b = d.block;
  const status = [b.lastStatus, b.stopping ? 'stopping' : null, b.healthStatus && b.healthStatus !== 'UNKNOWN' ? b.healthStatus : null].filter(Boolean).join(' · ');
  return [
    `<div><b>${escapeHtml(b.serviceKey)}</b> · <code>${escapeHtml(b.id)}</code></div>`,
    line('status', status),
    b.cpu !== null || b.memory !== null ? line('size', [b.cpu !== null ? vcpu(b.cpu) : null, b.memory !== null ? gib(b.memory) : null].filter(Boolean).join(' · ')) : '',
    b.capacityProviderName ? line('provider', b.capacityProviderName) : '',
    b.stale ? line('data', 'stale: its last refresh failed') : '',
    '<div style="opacity:.7">Click to open the task</div>',
  ].join('');
}

export function boxTooltip(box: LayoutBox): string {
  if (box.kind === 'section') return `<b>${escapeHtml(box.section.title)}</b>`;
  if (box.kind === 'pool') return `<b>${escapeHtml(poolTitle(box))}</b>${countsLine(box.cell.tasks.map((t) => t.serviceKey), 'task')}`;
  const c = box.cell;
  const state = conditionLabel(c.condition, c.status) ?? `${c.status} · agent connected`;
  return [
    `<div><b>${escapeHtml(c.label)}</b> ${escapeHtml([c.instanceType, c.zone].filter(Boolean).join(' · '))}</div>`,
    line('state', state),
    line('CPU', `${vcpuPair(c.cpu.reserved, c.cpu.registered)} reserved`),
    line('memory', `${gibPair(c.memory.reserved, c.memory.registered)} reserved`),
    c.gpus.registered ? line('GPU', `${c.gpus.reserved} / ${c.gpus.registered} reserved`) : '',
    c.capacityProviderName ? line('provider', c.capacityProviderName) : '',
    c.stale ? line('data', 'stale: its last refresh failed') : '',
    countsLine(c.tasks.map((t) => t.serviceKey), 'task'),
    '<div style="opacity:.7">Click to open the instance</div>',
  ].join('');
}

// ---- the option ----

export interface PlacementMapOption {
  option: EChartsOption;
  boxes: LayoutBox[];
  boxData: BoxDatum[];
  taskData: TaskDatum[];
}

export function placementMapOption(input: PlacementMapInput): PlacementMapOption {
  const boxes = visibleBoxes(input.layout.boxes, input.top, input.height);
  const boxData = boxes.map((b, i) => boxDatum(b, i, input.highlight));
  const tasks = taskData(boxes, input);
  const option = blockMapOption({
    palette: input.palette,
    top: input.top,
    boxCount: boxes.length,
    renderBox: renderBox(boxes, boxData, input),
    blocksId: 'tasks',
    blocks: tasks,
    blockStyle: (d) => taskStyle(d, input.palette),
    tooltip: (seriesId, i) => (seriesId === 'tasks' ? taskTooltip(tasks[i]) : boxes[i] ? boxTooltip(boxes[i]) : ''),
  });
  return { option, boxes, boxData, taskData: tasks };
}
