import type { CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsOption } from 'echarts';
import type { PodBlock } from '../models/eks/eks-placement';
import { formatCount, pluralize } from '../format';
import { share } from '../models/placement/figures';
import { escapeHtml, type ChartPalette } from './chart-theme';
import { BAR_GAP, BAR_H, blockPosition, HEAD_H, PAD, TASK, visibleBoxes } from './placement-layout';
import { blockMapOption, countsLine, FADED_BOX_OPACITY, meterBar, sectionHeading, text, tooltipLine as line, type DrawElement as Element } from './placement-draw';
import { GROUP_LINE_H, type EksLayoutBox, type EksNodeBox, type EksPlacementLayout, type EksPoolBox, type EksSectionBox } from './eks-placement-layout';

/**
 * The EKS placement map as one ECharts option, drawn as the ECS map is: two `custom` series on
 * a canvas, one for the frames (zone and node group headings, node cards with CPU, memory and
 * pods bars, Fargate and Pending pools) and one for the pod blocks, with only what lies in the
 * window in the option (200 nodes and 5,000 pods cost what a screenful costs).
 */

export interface EksMapInput {
  layout: EksPlacementLayout;
  top: number;
  height: number;
  palette: ChartPalette;
  colourOf: (colourKey: string) => string;
  /** A workload (`namespace/name`) or namespace to pick out: its pods stay, the others fade. */
  highlight: string | null;
}

export interface PodDatum {
  value: [number, number];
  block: PodBlock;
  colour: string;
  faded: boolean;
}

export const FADED_POD_OPACITY = 0.14;

const picked = (b: PodBlock, highlight: string | null) => !highlight || b.workload === highlight || b.namespace === highlight;

/** CPU in vCPU and memory in GiB, the map's way: "1.2 / 1.93 vCPU", "3.1 / 7 GiB". */
export function vcpuOf(milli: number): string {
  return String(Math.round(milli / 10) / 100);
}

export function gibOf(bytes: number): string {
  const g = Math.round((bytes / 1024 ** 3) * 10) / 10;
  return Number.isInteger(g) ? String(g) : g.toFixed(1);
}

function drawSection(box: EksSectionBox, top: number, p: ChartPalette): Element[] {
  const s = box.section;
  const groups = s.groups.filter((g) => g.nodes.length).map((g) => `${g.title} ${g.nodes.length}`);
  const counts = s.kind === 'pending' ? pluralize(s.podCount, 'pod') : [pluralize(s.nodeCount, 'node'), pluralize(s.podCount, 'pod'), groups.length ? groups.join(', ') : null].filter(Boolean).join(' · ');
  return sectionHeading(box, top, p, { title: s.title, counts, warn: s.kind === 'pending' });
}

function drawNode(box: EksNodeBox, top: number, p: ChartPalette, faded: boolean): Element[] {
  const c = box.cell;
  const o = faded ? FADED_BOX_OPACITY : 1;
  const y0 = box.y - top;
  const bad = c.verdict.state !== 'healthy';
  const edge = bad ? p.state[c.verdict.state] : p.border;
  const els: Element[] = [
    { type: 'rect', shape: { x: box.x + 0.5, y: y0 + 0.5, width: box.w - 1, height: box.h - 1, r: 4 }, style: { fill: p.raised, stroke: edge, lineWidth: bad ? 2 : 1, lineDash: c.capacityType === 'SPOT' ? [5, 3] : null, opacity: o } },
  ];
  const headY = y0 + PAD + HEAD_H / 2;
  const labelW = 130;
  els.push(text(box.x + PAD, headY, c.label, p.text, `600 11.5px ${p.fontMono}`, { opacity: o, width: labelW, overflow: 'truncate' }));
  const right = bad ? `${c.verdict.state === 'failed' ? '✕' : '▲'} ${c.verdict.word}` : (c.instanceType ?? '');
  els.push(text(box.x + box.w - PAD, headY, right, bad ? p.state[c.verdict.state] : p.muted, `${bad ? '600 ' : ''}11px ${p.fontUi}`, { align: 'right', opacity: o, width: box.w - 2 * PAD - labelW - 6, overflow: 'truncate' }));
  // The second line: the node's group (managed node group, self-managed, Auto Mode) and how it is bought.
  const groupY = headY + GROUP_LINE_H;
  const bought = c.capacityType === 'SPOT' ? 'Spot' : c.capacityType === 'ON_DEMAND' ? 'On-Demand' : '';
  els.push(text(box.x + PAD, groupY, c.group, p.muted, `600 11px ${p.fontUi}`, { opacity: o, width: box.w - 2 * PAD - 70, overflow: 'truncate' }));
  if (bought) els.push(text(box.x + box.w - PAD, groupY, bought, c.capacityType === 'SPOT' ? p.text : p.muted, `11px ${p.fontUi}`, { align: 'right', opacity: o }));
  const nameW = 30;
  const figureW = 92;
  const barX = box.x + PAD + nameW;
  const barW = box.w - 2 * PAD - nameW - figureW;
  const rows: Array<[string, number, number, string]> = [
    ['CPU', c.cpu.requested, c.cpu.allocatable, `${vcpuOf(c.cpu.requested)} / ${vcpuOf(c.cpu.allocatable)} vCPU`],
    ['Mem', c.memory.requested, c.memory.allocatable, `${gibOf(c.memory.requested)} / ${gibOf(c.memory.allocatable)} GiB`],
    ['Pods', c.pods.requested, c.pods.allocatable, `${c.pods.requested} / ${c.pods.allocatable} pods`],
  ];
  rows.forEach(([label, used, of, figure], i) => {
    const rowTop = y0 + PAD + HEAD_H + GROUP_LINE_H + 6 + i * (BAR_H + BAR_GAP);
    const mid = rowTop + BAR_H / 2;
    els.push(text(box.x + PAD, mid, label, p.muted, `11px ${p.fontUi}`, { opacity: o }));
    els.push(...meterBar(barX, rowTop + 2, barW, share(used, of), p, o, used > of ? p.state.degraded : p.fill));
    els.push(text(box.x + box.w - PAD, mid, figure, p.text, `11px ${p.fontUi}`, { align: 'right', opacity: o }));
  });
  if (c.blocks.length === 0) els.push(text(box.gridX, box.gridY + TASK / 2, 'no pods', p.faint, `11px ${p.fontUi}`, { opacity: o }));
  return els;
}

export function poolTitle(box: EksPoolBox): string {
  const c = box.cell;
  if (box.pending) return `Pending · ${pluralize(c.blocks.length, 'pod')} · ${vcpuOf(c.cpuRequested)} vCPU · ${gibOf(c.memoryRequested)} GiB requested`;
  return `Fargate · ${pluralize(c.blocks.length, 'pod')} · ${vcpuOf(c.cpuRequested)} vCPU · ${gibOf(c.memoryRequested)} GiB requested`;
}

function drawPool(box: EksPoolBox, top: number, p: ChartPalette, faded: boolean): Element[] {
  const o = faded ? FADED_BOX_OPACITY : 1;
  const y0 = box.y - top;
  return [
    { type: 'rect', shape: { x: 0.5, y: y0 + 0.5, width: box.w - 1, height: box.h - 1, r: 4 }, style: { fill: p.raised, stroke: box.pending ? p.state.degraded : p.border, lineDash: box.pending ? [4, 3] : null, opacity: o } },
    text(PAD, y0 + PAD + HEAD_H / 2, poolTitle(box), box.pending ? p.state.degraded : p.text, `600 12px ${p.fontUi}`, { opacity: o }),
  ];
}

function blocksOf(box: EksLayoutBox): PodBlock[] {
  return box.kind === 'node' || box.kind === 'pool' ? box.cell.blocks : [];
}

function renderBox(boxes: EksLayoutBox[], input: EksMapInput) {
  return (params: CustomSeriesRenderItemParams): CustomSeriesRenderItemReturn => {
    const box = boxes[params.dataIndex];
    const faded = !!input.highlight && !blocksOf(box).some((b) => picked(b, input.highlight));
    const children =
      box.kind === 'section' ? drawSection(box, input.top, input.palette) : box.kind === 'node' ? drawNode(box, input.top, input.palette, faded) : drawPool(box, input.top, input.palette, faded);
    return { type: 'group', children } as unknown as CustomSeriesRenderItemReturn;
  };
}

/** A pod block: solid running; lighter starting; hollow pending; red-ringed crash loop or failing pull; amber-ringed not ready. */
export function podStyle(d: PodDatum, p: ChartPalette): Record<string, unknown> {
  const s = d.block.state;
  const failing = s === 'crash-loop' || s === 'image-pull' || s === 'failed';
  const pending = s === 'pending';
  return {
    fill: pending ? 'transparent' : d.colour,
    stroke: failing ? p.state.failed : s === 'not-ready' ? p.state.degraded : pending || s === 'starting' ? d.colour : null,
    lineWidth: failing ? 2 : 1.5,
    opacity: d.faded ? FADED_POD_OPACITY : s === 'starting' ? 0.6 : 1,
  };
}

function podData(boxes: EksLayoutBox[], input: EksMapInput): PodDatum[] {
  const out: PodDatum[] = [];
  const bottom = input.top + input.height;
  for (const box of boxes) {
    if (box.kind !== 'node' && box.kind !== 'pool') continue;
    box.cell.blocks.forEach((block, i) => {
      const at = blockPosition(box, i);
      if (at.y + TASK < input.top || at.y > bottom) return;
      out.push({ value: [at.x, at.y], block, colour: input.colourOf(block.colourKey), faded: !picked(block, input.highlight) });
    });
  }
  return out;
}

export function podTooltip(d: PodDatum): string {
  const b = d.block;
  return [
    `<div><b>${escapeHtml(b.workload)}</b></div>`,
    `<div><code>${escapeHtml(b.name)}</code></div>`,
    line('state', [b.state, b.reason, b.restarts ? `${b.restarts} restarts` : null].filter(Boolean).join(' · ')),
    line('requests', `${vcpuOf(b.cpuMilli)} vCPU · ${gibOf(b.memoryBytes)} GiB`),
    b.message ? line('why', b.message.length > 220 ? `${b.message.slice(0, 220)}…` : b.message) : '',
  ].join('');
}

export function boxTooltip(box: EksLayoutBox): string {
  if (box.kind === 'section') return `<b>${escapeHtml(box.section.title)}</b>`;
  if (box.kind === 'pool') return `<b>${escapeHtml(poolTitle(box))}</b>${countsLine(box.cell.blocks.map((b) => b.workload), 'pod')}`;
  const c = box.cell;
  return [
    `<div><b>${escapeHtml(c.name)}</b></div>`,
    line('where', [c.group, c.instanceType, c.capacityType, c.zone].filter(Boolean).join(' · ')),
    line('state', c.verdict.word),
    line('CPU', `${vcpuOf(c.cpu.requested)} / ${vcpuOf(c.cpu.allocatable)} vCPU requested`),
    line('memory', `${gibOf(c.memory.requested)} / ${gibOf(c.memory.allocatable)} GiB requested`),
    line('pods', `${formatCount(c.pods.requested)} / ${formatCount(c.pods.allocatable)} (max pods)`),
    c.taints.length ? line('taints', c.taints.join(', ')) : '',
    countsLine(c.blocks.map((b) => b.workload), 'pod'),
  ].join('');
}

export interface EksMapOption {
  option: EChartsOption;
  boxes: EksLayoutBox[];
  podData: PodDatum[];
}

export function eksPlacementMapOption(input: EksMapInput): EksMapOption {
  const boxes = visibleBoxes(input.layout.boxes, input.top, input.height);
  const pods = podData(boxes, input);
  const option = blockMapOption({
    palette: input.palette,
    top: input.top,
    boxCount: boxes.length,
    renderBox: renderBox(boxes, input),
    blocksId: 'pods',
    blocks: pods,
    blockStyle: (d) => podStyle(d, input.palette),
    tooltip: (seriesId, i) => (seriesId === 'pods' ? podTooltip(pods[i]) : boxes[i] ? boxTooltip(boxes[i]) : ''),
  });
  return { option, boxes, podData: pods };
}
