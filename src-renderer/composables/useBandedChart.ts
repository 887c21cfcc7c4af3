import { computed, onBeforeUnmount, onMounted, ref, type ComputedRef, type Ref } from 'vue';
import type { ECElementEvent, EChartsOption } from 'echarts';
import { init, type EChartsType } from '../charts/echarts-setup';

/** The band: how many screens the canvas is tall, and when to move it (a quarter screen from its edge). */
const BAND_SCREENS = 4;
const BAND_MARGIN = 0.25;

export interface BandedDraw {
  option: EChartsOption;
}

export interface BandedChartOptions<D extends BandedDraw> {
  /** The whole map's height in px (the spacer's), for the width the scroller has. */
  contentHeight: () => number;
  /** Draws what lies in [top, top + height) of the map. */
  render: (band: { top: number; height: number }) => D;
  /** A click on the canvas, with what the last draw drew. */
  onClick: (drawn: D, params: ECElementEvent) => void;
  /** After each measure (the scroller's size changed), e.g. to scroll to a focused item. */
  onMeasured?: () => void;
}

export interface BandedChart {
  scroller: Ref<HTMLDivElement | null>;
  canvasHost: Ref<HTMLDivElement | null>;
  /** The scroller's inner width, px (0 until measured). */
  width: Ref<number>;
  bandHeight: ComputedRef<number>;
  /** Draws so far and the last one's time (ms): `data-*` figures for the bench and e2e. */
  draws: Ref<number>;
  lastDrawMs: Ref<number>;
  drawSoon: () => void;
  onScroll: () => void;
  /** Scrolls the map so `y` is at the top, and draws what is there. */
  scrollTo: (y: number) => void;
}

/**
 * A map too tall to draw whole (500 instances, 5,000 pods), drawn as the placement maps do: a
 * scroller whose spacer is as tall as the whole map, and in it one canvas a few screens tall
 * (a band) drawn with what lies in the band only. Scrolling moves the band with the page at no
 * cost; only when the window nears the band's edge is the band moved and redrawn. Draws are
 * coalesced to one per animation frame, and the first covers the window only, so the map
 * shows at once. The ECS and EKS placement maps share it.
 */
export function useBandedChart<D extends BandedDraw>(options: BandedChartOptions<D>): BandedChart {
  const scroller = ref<HTMLDivElement | null>(null);
  const canvasHost = ref<HTMLDivElement | null>(null);
  const width = ref(0);
  const viewport = ref(0);
  const draws = ref(0);
  const lastDrawMs = ref(0);
  const bandHeight = computed(() => viewport.value * BAND_SCREENS);
  let scrollTop = 0;
  let scrolledDown = true;
  let bandTop = 0;
  let chart: EChartsType | null = null;
  let drawn: D | null = null;
  let frame = 0;
  let resizeObserver: ResizeObserver | null = null;

  /**
   * The band's top for the current scroll: most of the band ahead of the window in the
   * direction it moves (a quarter screen behind), so a steady scroll redraws as rarely as it can.
   */
  function placeBand(): void {
    const maxTop = Math.max(0, options.contentHeight() - bandHeight.value);
    const behind = viewport.value * BAND_MARGIN;
    const wanted = scrolledDown ? scrollTop - behind : scrollTop + viewport.value + behind - bandHeight.value;
    bandTop = Math.min(maxTop, Math.max(0, wanted));
    if (canvasHost.value) canvasHost.value.style.top = `${bandTop}px`;
  }

  function draw(): void {
    frame = 0;
    if (!chart || viewport.value === 0) return;
    const started = performance.now();
    placeBand();
    const first = draws.value === 0;
    const height = first ? Math.min(bandHeight.value, scrollTop - bandTop + viewport.value) : bandHeight.value;
    drawn = options.render({ top: bandTop, height });
    chart.setOption(drawn.option, { lazyUpdate: false, silent: true });
    lastDrawMs.value = Math.round((performance.now() - started) * 10) / 10;
    draws.value++;
    if (first) drawSoon();
  }

  /** At most one draw per animation frame, however many deltas or scroll events arrive. */
  function drawSoon(): void {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function onScroll(): void {
    const next = scroller.value?.scrollTop ?? 0;
    if (next !== scrollTop) scrolledDown = next > scrollTop;
    scrollTop = next;
    const margin = viewport.value * BAND_MARGIN;
    const nearTop = bandTop > 0 && scrollTop < bandTop + margin;
    const nearBottom = scrollTop + viewport.value > bandTop + bandHeight.value - margin && bandTop + bandHeight.value < options.contentHeight();
    if (nearTop || nearBottom) drawSoon();
  }

  function scrollTo(y: number): void {
    if (!scroller.value) return;
    scroller.value.scrollTop = Math.max(0, y);
    onScroll();
    drawSoon();
  }

  function measure(): void {
    const el = scroller.value;
    if (!el) return;
    width.value = el.clientWidth;
    viewport.value = el.clientHeight;
    chart?.resize({ width: el.clientWidth, height: bandHeight.value });
    drawSoon();
    options.onMeasured?.();
  }

  onMounted(() => {
    if (!canvasHost.value || !scroller.value) return;
    chart = init(canvasHost.value, null, { renderer: 'canvas' });
    chart.on('click', (params) => {
      if (drawn) options.onClick(drawn, params as ECElementEvent);
    });
    resizeObserver = new ResizeObserver(measure);
    resizeObserver.observe(scroller.value);
    measure();
  });

  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = null;
  });

  return { scroller, canvasHost, width, bandHeight, draws, lastDrawMs, drawSoon, onScroll, scrollTo };
}
