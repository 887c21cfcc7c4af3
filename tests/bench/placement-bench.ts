/**
 * Placement map figures in Chromium, on the `large` scenario (500 instances, 10,000 tasks,
 * 2,000 services) in browser mode, the way a user gets there. At 500 instances the map opens
 * dense (every instance one cell); the card map is one click away.
 *   1. time to the first full render of the dense map with the whole cluster in the store
 *      (route change to every cell painted), a few times;
 *   2. frames (requestAnimationFrame deltas) while scrolling the dense map, at two speeds;
 *   3. frames while highlighting services one after another (the map keeps only the
 *      instances that run each, the side panel reads its spread and headroom), and each
 *      highlight's latency from the route change to the painted count;
 *   4. (1)–(3) again with a CPU hog beside the browser (a busy-looping process per
 *      PLACEMENT_BENCH_HOGS, default 1): the two cores are shared, as on a busy laptop;
 *   5. the card map: its first render and scroll, and frames while the poller applies deltas
 *      (the bench scales services so tasks start and stop).
 * Goals: (1) under 1 s, (2) and (3) p95 frame under 16.7 ms, quiet and loaded. Beside each
 * p95 come the frames over 25 ms (a dropped frame at 60 Hz; a delta of 16.8 ms is vsync
 * jitter, not a drop: the output says so when p95 reads 16.8 ms) and the main thread's own
 * CPU time per frame (Chromium's ThreadTime, which other processes' load does not stretch).
 * The scroll here is driven from requestAnimationFrame (scrollTop += px), the worst case: a
 * user's wheel or touchpad scroll of the dense map runs on the compositor thread alone (the
 * scroller is its own layer), so the main-thread CPU per scroll frame is the figure that says
 * whether a busy main thread can hold scrolling up. Prints figures; asserts nothing. Run:
 * `npm run build` once, then `npx tsx tests/bench/placement-bench.ts` (Chromium from
 * /usr/bin/chromium or CHROMIUM_PATH; never downloads one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import webMode from '../e2e/web-mode.cjs';
import chromiumConfig from '../e2e/chromium.cjs';
import { percentile } from './browser/frame-stats';

const TASKS = 10_000;
const INSTANCES = 500;
/** The cluster counts as loaded at 99 % of its tasks: the sim's engine starts and stops a few meanwhile. */
const LOADED = Math.floor(TASKS * 0.99);
const RENDER_RUNS = 3;
const UPDATE_WINDOW_MS = 15_000;
const SCALED_SERVICES = 40;
/** Frames each scroll measurement covers at least (the dense map is only a few screens tall: it goes down and back up). */
const SCROLL_FRAMES = 300;
const HIGHLIGHTS = 12;
/** Frames between two highlights: time to look, as a person picking services in turn would. */
const FRAMES_BETWEEN_HIGHLIGHTS = 20;
const HOGS = Number(process.env.PLACEMENT_BENCH_HOGS ?? 1);
const VIEWPORT = { width: 1366, height: 768 };
const ROUTE = '/clusters/large/placement';

interface Recorded {
  frames: number[];
  longTasks: number[];
  cpuMs: number;
}

function frameFigures(label: string, r: Recorded): { p95: number } {
  const p95 = percentile(r.frames, 95);
  const dropped = r.frames.filter((d) => d > 25).length;
  const max = r.frames.length ? Math.max(...r.frames) : NaN;
  // A 60 Hz display paces frames at 16.67 ms; rAF deltas carry a few tenths of timer jitter,
  // so a p95 of 16.8 ms on a compositor that drops nothing is quantization, not a slow frame.
  // Then the honest figure is the count of frames over budget (over 25 ms: a frame dropped).
  const quantized = p95 > 16.7 && p95 < 17.5;
  const budget = `${dropped} of ${r.frames.length} frames over budget (> 25 ms, a dropped frame)${quantized ? `; p95 ${p95.toFixed(1)} ms is vsync quantization (one 16.7 ms interval plus timer jitter), read the frames over budget` : ''}`;
  console.log(
    `${label}: ${r.frames.length} frames; p50 ${percentile(r.frames, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${percentile(r.frames, 99).toFixed(1)} ms, max ${max.toFixed(1)} ms; ${budget}; long tasks ${r.longTasks.length}${r.longTasks.length ? ` (longest ${Math.round(Math.max(...r.longTasks))} ms)` : ''}; main thread ${(r.cpuMs / Math.max(1, r.frames.length)).toFixed(1)} ms CPU a frame (goal: p95 < 16.7 ms)`,
  );
  return { p95 };
}

async function threadTimeMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/** Records requestAnimationFrame deltas, long tasks and main-thread CPU while `during` runs. */
async function recordFrames(page: Page, cdp: CDPSession, during: () => Promise<void>): Promise<Recorded> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number[]; __recording: boolean; __observer?: PerformanceObserver };
    w.__frames = [];
    w.__long = [];
    w.__recording = true;
    w.__observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    });
    w.__observer.observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  const cpu0 = await threadTimeMs(cdp);
  await during();
  const cpuMs = (await threadTimeMs(cdp)) - cpu0;
  const { frames, longTasks } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number[]; __recording: boolean; __observer?: PerformanceObserver };
    w.__recording = false;
    w.__observer?.disconnect();
    return { frames: w.__frames, longTasks: w.__long };
  });
  return { frames, longTasks, cpuMs };
}

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).getAttribute(`data-${name}`);

/** Leaves the map, comes back, and times the route change to the first paint of the whole map (cells or cards). */
async function timeRender(page: Page, cdp: CDPSession, layout: 'cells' | 'cards'): Promise<{ ms: number; cpuMs: number }> {
  await page.evaluate(() => (window.location.hash = '/clusters/large/capacity'));
  await page.getByTestId('capacity-view').waitFor();
  await page.waitForTimeout(300);
  const cpu0 = await threadTimeMs(cdp);
  const ms = await page.evaluate(
    ({ tasks, instances, layout, route }) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        window.location.hash = layout === 'cells' ? route : `${route}?layout=cards`;
        const check = () => {
          const done =
            layout === 'cells'
              ? (() => {
                  const el = document.querySelector('[data-testid="placement-dense"]');
                  return !!el && Number(el.getAttribute('data-tasks')) >= tasks && document.querySelectorAll('[data-testid="placement-cell"]').length === instances;
                })()
              : (() => {
                  const el = document.querySelector('[data-testid="placement-map"]');
                  return !!el && Number(el.getAttribute('data-draws')) > 0 && Number(el.getAttribute('data-tasks')) >= tasks;
                })();
          // Painted once this frame is: the next animation frame comes after the paint.
          if (done) requestAnimationFrame(() => resolve(performance.now() - start));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { tasks: LOADED, instances: INSTANCES, layout, route: ROUTE },
  );
  return { ms, cpuMs: (await threadTimeMs(cdp)) - cpu0 };
}

async function renders(page: Page, cdp: CDPSession, layout: 'cells' | 'cards', label: string): Promise<void> {
  const runs: Array<{ ms: number; cpuMs: number }> = [];
  for (let i = 0; i < RENDER_RUNS; i++) runs.push(await timeRender(page, cdp, layout));
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    `${label}: ${runs.map((r) => `${r.ms.toFixed(0)} ms (main thread ${r.cpuMs.toFixed(0)} ms CPU)`).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, worst ${sorted[sorted.length - 1].toFixed(0)} ms (goal: < 1000 ms)`,
  );
}

/** Scrolls `selector` by `px` a frame, down to the end and back up, until at least SCROLL_FRAMES frames have gone by. */
async function scroll(page: Page, cdp: CDPSession, selector: string, px: number, label: string): Promise<void> {
  await page.evaluate((sel) => ((document.querySelector(sel) as HTMLElement).scrollTop = 0), selector);
  await page.waitForTimeout(300);
  const r = await recordFrames(page, cdp, () =>
    page.evaluate(
      ({ sel, px, frames }) =>
        new Promise<void>((resolve) => {
          const el = document.querySelector(sel) as HTMLElement;
          let down = true;
          let n = 0;
          const step = () => {
            el.scrollTop += down ? px : -px;
            if (down && el.scrollTop + el.clientHeight >= el.scrollHeight - 1) down = false;
            else if (!down && el.scrollTop <= 0) down = true;
            if (++n >= frames) resolve();
            else requestAnimationFrame(step);
          };
          step();
        }),
      { sel: selector, px, frames: SCROLL_FRAMES },
    ),
  );
  const height = await page.evaluate((sel) => (document.querySelector(sel) as HTMLElement).scrollHeight, selector);
  frameFigures(`${label}: scrolling ${height.toLocaleString('en-US')} px at ${px} px a frame (${(px * 60).toLocaleString('en-US')} px/s)`, r);
}

/**
 * Highlights HIGHLIGHTS services in turn (through the route, as the legend does), each held
 * for FRAMES_BETWEEN_HIGHLIGHTS frames; frames over the whole sequence, and each highlight's
 * latency: the route change to the frame after the dense map shows that service's count.
 */
async function highlights(page: Page, cdp: CDPSession, label: string): Promise<void> {
  const services = Array.from({ length: HIGHLIGHTS }, (_, i) => `svc-${String(50 + i * 137).padStart(4, '0')}`);
  let latencies: number[] = [];
  const r = await recordFrames(page, cdp, async () => {
    latencies = await page.evaluate(
      ({ services, route, hold }) =>
        new Promise<number[]>((resolve) => {
          const out: number[] = [];
          const next = (i: number) => {
            if (i >= services.length) return resolve(out);
            const start = performance.now();
            window.location.hash = `${route}?service=${services[i]}`;
            const check = () => {
              const el = document.querySelector('[data-testid="placement-dense"]');
              if (el?.getAttribute('data-highlight') === services[i] && document.querySelector('[data-testid="placement-highlight-count"]')) {
                requestAnimationFrame(() => {
                  out.push(performance.now() - start);
                  let n = 0;
                  const wait = () => (++n >= hold ? next(i + 1) : requestAnimationFrame(wait));
                  requestAnimationFrame(wait);
                });
              } else requestAnimationFrame(check);
            };
            check();
          };
          next(0);
        }),
      { services, route: ROUTE, hold: FRAMES_BETWEEN_HIGHLIGHTS },
    );
  });
  await page.evaluate((route) => (window.location.hash = route), ROUTE);
  frameFigures(`${label}: ${HIGHLIGHTS} services highlighted in turn, one every ${FRAMES_BETWEEN_HIGHLIGHTS} frames`, r);
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`${label}: highlight to painted: median ${percentile(sorted, 50).toFixed(0)} ms, worst ${sorted[sorted.length - 1].toFixed(0)} ms`);
}

/** Scales a few services up and down so tasks start and stop and the poller sends deltas. */
function churn(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }): { stop: () => Promise<{ updates: number; failed: number }> } {
  const ecs = new ECSClient({ endpoint, region, maxAttempts: 3, credentials });
  let running = true;
  let updates = 0;
  let failed = 0;
  const loop = (async () => {
    for (let round = 0; running; round++) {
      const desired = round % 2 === 0 ? 7 : 5;
      // One at a time: the point is a steady trickle of changes, not a load test of the sim.
      for (let i = 0; i < SCALED_SERVICES && running; i++) {
        try {
          await ecs.send(new UpdateServiceCommand({ cluster: 'large', service: `svc-${String(i * 50).padStart(4, '0')}`, desiredCount: desired }));
          updates++;
        } catch {
          failed++;
        }
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      ecs.destroy();
      return { updates, failed };
    },
  };
}

/** Busy-looping processes beside the browser, stopped (by their own pids) when done. */
function startHogs(n: number): { stop: () => void } {
  const hogs: ChildProcess[] = Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return { stop: () => hogs.forEach((h) => h.kill('SIGKILL')) };
}

/** The machine's load, printed with the figures: on a shared machine they mean little without it. */
function machineLoad(): string {
  return `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
}

async function denseFigures(page: Page, cdp: CDPSession, label: string): Promise<void> {
  console.log(`-- ${label} (${machineLoad()})`);
  await renders(page, cdp, 'cells', `${label}: first full render of the dense map (500 cells)`);
  for (const px of [40, 120]) await scroll(page, cdp, '[data-testid="placement-dense"]', px, `${label}: dense map`);
  await highlights(page, cdp, `${label}: dense map`);
}

async function main(): Promise<void> {
  console.log(`start: ${machineLoad()}`);
  const { startWebMode } = webMode;
  const startedAt = performance.now();
  const wharf = await startWebMode({ scenario: 'large', seed: 7 });
  console.log(`browser mode with the large scenario ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  const browser = await chromium.launch({ executablePath: chromiumConfig.chromiumPath(), args: chromiumConfig.CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'dark' });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    // tsx keeps function names with a `__name` helper that does not exist in the page.
    await page.addInitScript('window.__name = (f) => f;');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

    const loadStart = performance.now();
    await page.goto(`${wharf.url}#${ROUTE}`);
    await page.waitForFunction((tasks) => Number(document.querySelector('[data-testid="placement-dense"]')?.getAttribute('data-tasks')) >= tasks, LOADED, { timeout: 300_000, polling: 250 });
    console.log(`first load of the cluster into the store (core's paced polling): ${((performance.now() - loadStart) / 1000).toFixed(1)} s, ${await attr(page, 'placement-dense', 'instances')} instances, ${await attr(page, 'placement-dense', 'tasks')} tasks; opened dense: ${await attr(page, 'placement-layout', 'layout')}`);

    await denseFigures(page, cdp, 'quiet');
    const hogs = startHogs(HOGS);
    try {
      await page.waitForTimeout(1_000);
      await denseFigures(page, cdp, `loaded (${HOGS} busy-looping process${HOGS === 1 ? '' : 'es'} beside it)`);
    } finally {
      hogs.stop();
    }

    console.log(`-- the card map, quiet (${machineLoad()})`);
    await renders(page, cdp, 'cards', 'first full render of the card map (500 cards, 10,000 task blocks)');
    console.log(`the card map's last draw: ${await attr(page, 'placement-map', 'draw-ms')} ms`);
    await scroll(page, cdp, '[data-testid="placement-map"]', 120, 'card map');

    await page.evaluate((route) => (window.location.hash = route), ROUTE);
    await page.getByTestId('placement-dense').waitFor();
    await page.waitForTimeout(1_000);
    const load = churn(wharf.simEndpoint as string, 'us-east-1', wharf.simCredentials!);
    const frames = await recordFrames(page, cdp, () => page.waitForTimeout(UPDATE_WINDOW_MS));
    const { updates, failed } = await load.stop();
    frameFigures(`dense map while the poller applies updates (${UPDATE_WINDOW_MS / 1000} s, ${updates} UpdateService calls${failed ? ` and ${failed} failed` : ''})`, frames);
    console.log(`end: ${machineLoad()}`);
  } finally {
    await browser.close();
    await wharf.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
