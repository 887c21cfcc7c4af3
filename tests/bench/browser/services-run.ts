/**
 * The services-table benchmark's browser part: browser mode on the `large` scenario (the
 * sim's AWS throttling on, Wharf's buckets at the default share), a system Chromium, and
 * the table driven the way an operator does. Returns figures; the entry point prints them.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import webMode from '../../e2e/web-mode.cjs';
import chromiumConfig from '../../e2e/chromium.cjs';
import type { UiServicesFigures } from '../ui-services-bench';
import { frameStats, percentile } from './frame-stats';
import { installServicesProbes, loadTimes, NAME_HELPER_SHIM, scrollTableToEnd, SERVICES_TABLE, tableHoldsRows, takeRecorded } from './services-probes';

export interface RunOptions {
  expectedServices: number;
  /** How long to watch the table sit still while the poller refreshes it. */
  idleSeconds: number;
  /** Pixels scrolled per frame. */
  scrollStep: number;
  filterQuery: string;
  /** Tasks in the cluster: the tasks table is scrolled once it holds them all. */
  expectedTasks: number;
  /** Container instances of the large scenario (default: the sim's 500). */
  instances?: number;
}

const VIEWPORT = { width: 1440, height: 900 };
const LOAD_TIMEOUT_MS = Number(process.env.BENCH_LOAD_TIMEOUT_MS ?? 180_000);

export async function runServicesBench(opts: RunOptions): Promise<UiServicesFigures> {
  const countText = `${opts.expectedServices.toLocaleString('en')} services`;
  const started = performance.now();
  const sizes = ['--services', String(opts.expectedServices), '--tasks', String(opts.expectedTasks), ...(opts.instances ? ['--instances', String(opts.instances)] : [])];
  const wharf = await webMode.startWebMode({ scenario: 'large', seed: 7, extraArgs: sizes });
  console.log(`browser mode on the large scenario ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumConfig.chromiumPath(), args: chromiumConfig.CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'dark' });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(NAME_HELPER_SHIM);
    await page.addInitScript(installServicesProbes, countText);

    const t0 = Date.now();
    await page.goto(`${wharf.url}#/clusters/large/services`, { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const w = window as unknown as { __servicesProbe?: { allAt: number | null } };
      return w.__servicesProbe?.allAt != null;
    }, undefined, { timeout: LOAD_TIMEOUT_MS, polling: 200 }).catch(async (err: unknown) => {
      const count = await page.getByTestId('service-count').textContent().catch(() => null);
      const status = await page.getByTestId('status-bar').innerText().catch(() => null);
      throw new Error(`${String(err)}; the count then read "${count}", the status bar "${status?.replace(/\s+/g, ' ')}"`);
    });
    const times = await page.evaluate(loadTimes);
    const loadRec = await page.evaluate(takeRecorded);
    const loadCpuMs = await threadTimeMs(cdp);

    const idleRec = await recordWhile(page, cdp, () => page.waitForTimeout(opts.idleSeconds * 1000));
    let scrolled = { px: 0, lastRow: '', ms: 0 };
    const scrollRec = await recordWhile(page, cdp, async () => {
      scrolled = await page.evaluate(scrollTableToEnd, { ...SERVICES_TABLE, step: opts.scrollStep });
    });
    const filtered = await filterAndClear(page, cdp, opts.filterQuery, countText);
    const tasksScroll = await scrollTasks(page, cdp, opts);
    const throttles = await page.getByTestId('status-throttles').getAttribute('title');
    const statusText = (await page.getByTestId('status-bar').innerText()).replace(/\s+/g, ' ').trim();

    return {
      firstRowMs: times.firstRowAt === null ? null : times.firstRowAt - t0,
      socketOpenMs: times.socketOpenAt === null ? null : times.socketOpenAt - t0,
      firstServicesDeltaMs: times.firstServicesDeltaAt === null ? null : times.firstServicesDeltaAt - t0,
      lastServicesDeltaMs: times.lastServicesDeltaAt === null ? null : times.lastServicesDeltaAt - t0,
      firstRowsInDom: times.firstRowsInDom,
      firstCountText: times.firstCountText,
      allMs: times.allAt === null ? null : times.allAt - t0,
      load: frameStats(loadRec.frames, loadRec.longTasks, loadCpuMs),
      idle: { ...frameStats(idleRec.frames, idleRec.longTasks, idleRec.cpuMs), seconds: opts.idleSeconds },
      scroll: { ...frameStats(scrollRec.frames, scrollRec.longTasks, scrollRec.cpuMs), ...scrolled },
      filter: filtered,
      tasksScroll,
      throttledTotal: parseThrottled(throttles),
      statusText,
    };
  } finally {
    await browser?.close();
    await wharf.stop();
  }
}

interface Recorded {
  frames: number[];
  longTasks: number[];
  keyLatencies: number[];
  /** Main-thread CPU time in the window (Chromium's ThreadTime), immune to other processes' load. */
  cpuMs: number;
}

async function threadTimeMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

async function recordWhile(page: Page, cdp: CDPSession, during: () => Promise<unknown>): Promise<Recorded> {
  await page.evaluate(takeRecorded);
  const cpu0 = await threadTimeMs(cdp);
  await during();
  const rec = await page.evaluate(takeRecorded);
  return { ...rec, cpuMs: (await threadTimeMs(cdp)) - cpu0 };
}

/** The cluster's Tasks tab (the same session): once it holds every task, scrolled top to bottom like the services. */
async function scrollTasks(page: Page, cdp: CDPSession, opts: RunOptions): Promise<UiServicesFigures['tasksScroll']> {
  const table = '.task-table';
  await page.evaluate(() => (window.location.hash = '#/clusters/large/tasks'));
  await page.waitForFunction(tableHoldsRows, { table, rows: opts.expectedTasks, rowHeight: 30 }, { timeout: LOAD_TIMEOUT_MS, polling: 250 });
  await page.waitForTimeout(1000);
  let scrolled = { px: 0, lastRow: '', ms: 0 };
  const rec = await recordWhile(page, cdp, async () => {
    scrolled = await page.evaluate(scrollTableToEnd, { table, row: 'task-row', key: 'data-task', step: opts.scrollStep });
  });
  return { ...frameStats(rec.frames, rec.longTasks, rec.cpuMs), ...scrolled };
}

/** `/`, the query typed a key at a time, then the field cleared; frames over the whole of it. */
async function filterAndClear(page: Page, cdp: CDPSession, query: string, countText: string): Promise<UiServicesFigures['filter']> {
  const count = page.getByTestId('service-count');
  let result = '';
  let clearMs = NaN;
  const rec = await recordWhile(page, cdp, async () => {
    await page.keyboard.press('/');
    await page.keyboard.type(query, { delay: 120 });
    await count.filter({ hasText: ' of ' }).waitFor();
    await page.waitForTimeout(300);
    result = (await count.innerText()).trim();
    await page.keyboard.press('Control+A');
    const t = Date.now();
    await page.keyboard.press('Backspace');
    await count.filter({ hasText: new RegExp(`^${countText}$`) }).waitFor();
    clearMs = Date.now() - t;
    await page.waitForTimeout(300);
  });
  // The first latency is the `/` that focuses the field; the rest are the query's keys.
  const keys = rec.keyLatencies.slice(1, 1 + query.length);
  return { ...frameStats(rec.frames, rec.longTasks, rec.cpuMs), query, result, keyP50: percentile(keys, 50), keyMax: keys.length ? Math.max(...keys) : NaN, clearMs };
}

/** The status bar's throttle tooltip: "ThrottlingExceptions in the last minute (N since start)…". */
function parseThrottled(title: string | null): number | null {
  const m = /\(([\d,]+) since start\)/.exec(title ?? '');
  return m ? Number(m[1].replace(/,/g, '')) : null;
}
