/**
 * The Deployments benchmark's browser part: browser mode on the `large` scenario (the sim's
 * AWS throttling on, Wharf's buckets at the default share), a system Chromium on #/deployments.
 * Returns figures; ../ui-deployments-bench.ts prints them.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import webMode from '../../e2e/web-mode.cjs';
import chromiumConfig from '../../e2e/chromium.cjs';
import type { DeploymentList } from '../../../src-main/contract/domains/deployments';
import type { UiDeploymentsFigures } from '../ui-deployments-bench';
import { NAME_HELPER_SHIM } from './services-probes';

const VIEWPORT = { width: 1440, height: 900 };
const LOAD_TIMEOUT_MS = 180_000;

export async function runDeploymentsBench(opts: { expected: number; steadySeconds: number }): Promise<UiDeploymentsFigures> {
  const started = performance.now();
  const wharf = await webMode.startWebMode({ scenario: 'large', seed: 7, readyTimeoutMs: 120_000 });
  console.log(`browser mode on the large scenario ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumConfig.chromiumPath(), args: chromiumConfig.CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'dark' });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(NAME_HELPER_SHIM);
    await page.addInitScript(installRowProbe, opts.expected);

    const t0 = Date.now();
    await page.goto(`${wharf.url}#/deployments`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as RowProbeWindow).__rows?.allAt != null, undefined, { timeout: LOAD_TIMEOUT_MS, polling: 200 });
    const probe = await page.evaluate(() => (window as unknown as RowProbeWindow).__rows!);

    const cpu0 = await threadTimeMs(cdp);
    await page.waitForTimeout(opts.steadySeconds * 1000);
    const steadyCpuMs = (await threadTimeMs(cdp)) - cpu0;
    const list = await contractCall<DeploymentList>(page, 'deployments.list', {});
    const rowsAtEnd = await page.getByTestId('deployment-row').count();
    const throttles = await page.getByTestId('status-throttles').getAttribute('title');
    const statusText = (await page.getByTestId('status-bar').innerText()).replace(/\s+/g, ' ').trim();
    return {
      viewMs: probe.viewAt === null ? null : probe.viewAt - t0,
      viewCodeMs: probe.codeAt === null ? null : probe.codeAt - t0,
      firstRowMs: probe.firstAt === null ? null : probe.firstAt - t0,
      allRowsMs: probe.allAt === null ? null : probe.allAt - t0,
      rowsAtEnd,
      list,
      steadySeconds: opts.steadySeconds,
      steadyCpuMs,
      throttledTotal: parseThrottled(throttles),
      statusText,
    };
  } finally {
    await browser?.close();
    await wharf.stop();
  }
}

interface RowProbeWindow {
  __rows?: { viewAt: number | null; codeAt: number | null; firstAt: number | null; allAt: number | null };
}

/** In the page: the wall-clock times the view's heading, the first row, and then `expected` rows were painted (the frame after they entered the DOM). */
function installRowProbe(expected: number): void {
  const w = window as unknown as RowProbeWindow;
  w.__rows = { viewAt: null, codeAt: null, firstAt: null, allAt: null };
  const look = () => {
    if (w.__rows!.viewAt === null && document.querySelector('h1')?.textContent?.trim() === 'Deployments') w.__rows!.viewAt = Date.now();
    // The view's own code drawn (its filters), after the frame's heading and skeleton.
    if (w.__rows!.codeAt === null && document.querySelector('[data-testid="deployments-filter"]')) w.__rows!.codeAt = Date.now();
    const n = document.querySelectorAll('[data-testid="deployment-row"]').length;
    if (n > 0 && w.__rows!.firstAt === null) w.__rows!.firstAt = Date.now();
    if (n >= expected && w.__rows!.allAt === null) w.__rows!.allAt = Date.now();
    if (w.__rows!.allAt === null) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

async function threadTimeMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/** A contract call on a socket of its own (the renderer exposes nothing global): the domain's own list and budget. */
function contractCall<T>(page: Page, method: string, args: unknown): Promise<T> {
  return page.evaluate(
    ({ method, args }) =>
      new Promise<T>((resolve, reject) => {
        const token = window.sessionStorage.getItem('wharf.token') ?? '';
        const ws = new WebSocket(`ws://${window.location.host}/ws`, ['wharf.v1', `wharf.token.${token}`]);
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, args }));
        ws.onerror = () => reject(new Error('The contract socket failed.'));
        ws.onmessage = (e) => {
          const message = JSON.parse(String(e.data)) as { kind: string; id?: number; ok: boolean; result?: T; error?: { message: string } };
          if (message.kind !== 'result' || message.id !== 1) return;
          ws.close();
          if (message.ok) resolve(message.result as T);
          else reject(new Error(message.error?.message ?? 'contract call failed'));
        };
      }),
    { method, args },
  );
}

/** The status bar's throttle tooltip: "ThrottlingExceptions in the last minute (N since start)…". */
function parseThrottled(title: string | null): number | null {
  const m = /\(([\d,]+) since start\)/.exec(title ?? '');
  return m ? Number(m[1].replace(/,/g, '')) : null;
}
