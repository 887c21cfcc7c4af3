import type { CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsOption } from 'echarts';
import { pluralize } from '../format';
import { escapeHtml, tooltipStyle, type ChartPalette } from './chart-theme';
import { BAR_H, TASK } from './placement-layout';

/**
 * What the ECS and EKS placement maps draw alike: zrender elements in canvas pixels (layout y
 * minus the scroll offset), section headings, meter bars, tooltip lines, and the option itself
 * (two `custom` series on a canvas: one for the frames, one for the blocks, with only what lies
 * in the window in it). Each map keeps what is its own: its cards, its blocks' styles, its
 * tooltips' contents.
 */

export type DrawElement = Record<string, unknown>;

/** A box dimmed because none of its blocks is the one picked out. */
export const FADED_BOX_OPACITY = 0.4;

export function text(x: number, y: number, value: string, fill: string, font: string, extra: Record<string, unknown> = {}): DrawElement {
  return { type: 'text', style: { x, y, text: value, fill, font, verticalAlign: 'middle', ...extra } };
}

/** A meter: the track, and `fraction` of it filled (in `fill`, the palette's by default). */
export function meterBar(x: number, y: number, w: number, fraction: number, p: ChartPalette, opacity: number, fill: string = p.fill): DrawElement[] {
  return [
    { type: 'rect', shape: { x, y, width: w, height: BAR_H - 4, r: 2 }, style: { fill: p.track, opacity } },
    { type: 'rect', shape: { x, y, width: Math.round(w * fraction), height: BAR_H - 4, r: 2 }, style: { fill, opacity } },
  ];
}

/**
 * A section's heading (a zone, "Waiting", "Pending") with its counts beside it in one rich-text
 * element, so no width has to be guessed, and a rule under it. A `warn` heading is amber with
 * the ▲ symbol. Headings take no clicks or tooltips.
 */
export function sectionHeading(box: { y: number; w: number; h: number }, top: number, p: ChartPalette, heading: { title: string; counts: string; warn?: boolean }): DrawElement[] {
  const plain = (v: string) => v.replace(/[{}|]/g, '');
  const title = heading.warn ? `{w|▲ ${plain(heading.title)}}` : `{t|${plain(heading.title)}}`;
  return [
    text(0, box.y - top + 15, `${title}   {c|${plain(heading.counts)}}`, p.text, `13px ${p.fontUi}`, {
      rich: { t: { fill: p.text, font: `600 13px ${p.fontUi}` }, w: { fill: p.state.degraded, font: `600 13px ${p.fontUi}` }, c: { fill: p.muted, font: `12px ${p.fontUi}` } },
    }),
    { type: 'rect', shape: { x: 0, y: box.y - top + box.h - 3, width: box.w, height: 1 }, style: { fill: p.border } },
  ].map((e) => ({ ...e, silent: true }));
}

/** One line of a tooltip: a dimmed label and its value, both escaped. */
export function tooltipLine(label: string, value: string): string {
  return `<div><span style="opacity:.7">${escapeHtml(label)}</span> ${escapeHtml(value)}</div>`;
}

/** The blocks of a card by what they belong to (service, workload), busiest first, six at most: "12 tasks  web 8, api 4". */
export function countsLine(keys: readonly string[], noun: string): string {
  if (keys.length === 0) return tooltipLine(`${noun}s`, 'none');
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
  return tooltipLine(pluralize(keys.length, noun), parts.slice(0, 6).join(', ') + (parts.length > 6 ? ', …' : ''));
}

export interface BlockMapInput<D extends { value: [number, number] }> {
  palette: ChartPalette;
  /** The window's top in layout pixels (blocks are drawn at their y minus it). */
  top: number;
  /** How many boxes are drawn, and how each is (a group of elements). */
  boxCount: number;
  renderBox: (params: CustomSeriesRenderItemParams) => CustomSeriesRenderItemReturn;
  /** The blocks' series id (`tasks`, `pods`): clicks and tooltips tell the two series apart by it. */
  blocksId: string;
  blocks: D[];
  blockStyle: (d: D) => Record<string, unknown>;
  tooltip: (seriesId: string | undefined, dataIndex: number) => string;
}

/** The map's option: the frames' series under the blocks' series, no animation, an item tooltip. */
export function blockMapOption<D extends { value: [number, number] }>(input: BlockMapInput<D>): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      confine: true,
      transitionDuration: 0,
      ...tooltipStyle(input.palette),
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        return input.tooltip(p.seriesId, p.dataIndex);
      },
    },
    series: [
      // ECharts deep-clones an option's data: the series carry bare numbers, and the rich items
      // stay beside the option for the render functions, tooltip and clicks.
      { id: 'boxes', type: 'custom', coordinateSystem: 'none', data: Array.from({ length: input.boxCount }, (_, i) => [i]), renderItem: input.renderBox, animation: false, z: 1 },
      {
        id: input.blocksId,
        type: 'custom',
        coordinateSystem: 'none',
        data: input.blocks.map((d) => d.value),
        // Square corners: thousands of tiny rounded rects cost arcs for nothing visible.
        renderItem: (params: CustomSeriesRenderItemParams) => {
          const d = input.blocks[params.dataIndex];
          return { type: 'rect', shape: { x: d.value[0], y: d.value[1] - input.top, width: TASK, height: TASK }, style: input.blockStyle(d) } as unknown as CustomSeriesRenderItemReturn;
        },
        animation: false,
        z: 2,
      },
    ] as EChartsOption['series'],
  };
}
