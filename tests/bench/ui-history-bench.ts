/**
 * The time bar in real Chromium against browser mode on the `large` scenario (2,000 services,
 * 10,000 tasks, 500 instances): Wharf records a few minutes of the cluster (the sim at 20x),
 * then the bench moves the time bar to moments across that stretch, on the services list and
 * on the placement map, and times each move from the slider's `change` to the page redrawn
 * with the moment: the banner no longer "reading history…" and two animation frames later
 * (painted). The banner reads what the page on screen needs: on the services list, the first
 * read alone (services, capacity providers; the list never asks for the moment's tasks), whose
 * rows are applied in the same render as the banner; on the placement map, tasks and instances
 * too. Issue 17's goals: services list < 300 ms, placement map < 1 s. Asserts nothing.
 * Builds out/ first when stale (BENCH_NO_BUILD=1 skips that).
 *
 *   npm run bench -- ui-history      (or: npx tsx tests/bench/ui-history-bench.ts)
 *   BENCH_RECORD_S=240 ...           (how long Wharf records before the moves; default 180)
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import webMode from '../e2e/web-mode.cjs';
import chromiumConfig from '../e2e/chromium.cjs';
import { ensureBuilt } from './_build';

const RECORD_S = Number(process.env.BENCH_RECORD_S ?? 180);
const FRACTIONS = [0.2, 0.5, 0.8, 0.35, 0.65, 0.95];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (n: number) => `${Math.round(n)} ms`;

/** Where a move's time went: the change to the store asking, the reads (store, worker, JSON, socket, parse), building the past bucket, drawing. */
interface Move {
  total: number;
  ask: number;
  read: number;
  apply: number;
  draw: number;
}

/**
 * Moves the slider to a fraction of the recorded stretch and times the redraw, in the page (a
 * string: no DOM types here), split by the history store's marks (wharf.moment.*).
 */
function moveTo(page: Page, fraction: number): Promise<Move> {
  return page.evaluate(`(async () => {
    const el = document.querySelector('[data-testid="time-slider"]');
    const min = Number(el.min), max = Number(el.max);
    for (const step of ['asked', 'answered', 'applied']) performance.clearMarks('wharf.moment.' + step);
    const t0 = performance.now();
    el.value = String(Math.round(min + (max - min) * ${fraction}));
    el.dispatchEvent(new Event('change'));
    await new Promise((resolve) => {
      const check = () => {
        const note = document.querySelector('[data-testid="past-note"]');
        if (note && !/reading history/.test(note.textContent)) resolve(); else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const end = performance.now();
    const at = (step) => performance.getEntriesByName('wharf.moment.' + step).at(-1)?.startTime ?? NaN;
    const asked = at('asked'), answered = at('answered'), applied = at('applied');
    return { total: end - t0, ask: asked - t0, read: answered - asked, apply: applied - answered, draw: end - applied };
  })()`) as Promise<Move>;
}

/** A route of the app already open (a hash change: no page load to wait for). */
function go(page: Page, route: string): Promise<unknown> {
  return page.evaluate(`location.hash = ${JSON.stringify(`#${route}`)}`);
}

/** Times history.snapshot's two reads at moments across the recorded stretch, on a socket of their own. */
function readsAlone(page: Page, fractions: number[]): Promise<{ services: number[]; tasks: number[]; mb: string }> {
  return page.evaluate(`(async () => {
    const token = sessionStorage.getItem('wharf.token') ?? '';
    const ws = new WebSocket('ws://' + location.host + '/ws', ['wharf.v1', 'wharf.token.' + token]);
    await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
    let id = 0;
    let bytes = 0;
    const call = (method, args) => new Promise((resolve) => {
      const mine = ++id;
      ws.onmessage = (e) => { const m = JSON.parse(String(e.data)); if (m.kind === 'result' && m.id === mine) { bytes = String(e.data).length; resolve(m); } };
      ws.send(JSON.stringify({ kind: 'call', id: mine, method, args }));
    });
    const el = document.querySelector('[data-testid="time-slider"]');
    const min = Number(el.min), max = Number(el.max);
    const arn = (await call('inventory.clusters', {})).result.clusters.find((c) => c.name === 'large').arn;
    const out = { services: [], tasks: [], mb: '' };
    for (const f of ${JSON.stringify(fractions)}) {
      const at = Math.round(min + (max - min) * f) + 7000;
      let t0 = performance.now();
      await call('history.snapshot', { clusterArn: arn, at, kinds: ['services', 'capacityProviders'] });
      out.services.push(performance.now() - t0);
      t0 = performance.now();
      await call('history.momentTasks', { clusterArn: arn, at });
      out.tasks.push(performance.now() - t0);
      out.mb = (bytes / 1024 / 1024).toFixed(1) + ' MB';
    }
    ws.close();
    return out;
  })()`) as Promise<{ services: number[]; tasks: number[]; mb: string }>;
}

async function main(): Promise<void> {
  ensureBuilt(join(__dirname, '..', '..'));
  const started = performance.now();
  const wharf = await webMode.startWebMode({ scenario: 'large', seed: 7, speed: 20, readyTimeoutMs: 180_000 });
  console.log(`browser mode on the large scenario ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const browser = await chromium.launch({ executablePath: chromiumConfig.chromiumPath(), args: chromiumConfig.CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    // Record: the placement map keeps the cluster's tasks and instances read, the services list its services.
    await page.goto(`${wharf.url}#/clusters/large/placement`);
    await page.getByTestId('placement-dense').waitFor({ timeout: 300_000 });
    await go(page, '/clusters/large/services');
    await page.getByText('2,000 services').first().waitFor({ timeout: 300_000 });
    await go(page, '/clusters/large/placement');
    console.log(`recording for ${RECORD_S} s…`);
    await page.waitForTimeout(RECORD_S * 1000);

    const figures: Record<string, Move[]> = { services: [], placement: [] };
    for (const tab of ['services', 'placement'] as const) {
      await go(page, `/clusters/large/${tab}`);
      await page.getByTestId('time-slider').waitFor();
      await page.waitForFunction('!document.querySelector(\'[data-testid="time-slider"]\').disabled', undefined, { timeout: 60_000 });
      for (const f of FRACTIONS) figures[tab].push(await moveTo(page, f));
      await page.getByTestId('time-now').click();
    }
    // The same reads on a contract socket of their own, no window work: the store, the worker's
    // answer and the transport (JSON over the socket), apart from applying and drawing.
    const split = await readsAlone(page, FRACTIONS.slice(0, 3));
    const rows = await page.getByTestId('placement-cell').count();
    console.log(`\nTime bar redraw at large (${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}); ${FRACTIONS.length} moments each; ${rows} placement cells drawn live at the end`);
    for (const [tab, goal] of [['services', '< 300 ms'], ['placement', '< 1 s']] as const) {
      const moves = figures[tab];
      const totals = moves.map((m) => m.total);
      const part = (k: keyof Move) => ms(median(moves.map((m) => m[k])));
      console.log(`${tab === 'services' ? 'services list' : 'placement map'}: median ${ms(median(totals))}, worst ${ms(Math.max(...totals))}   (goal ${goal})   [${totals.map(ms).join(', ')}]`);
      console.log(`  medians by step: change to asked ${part('ask')}, reads (store, worker, JSON, socket, parse) ${part('read')}, past bucket built ${part('apply')}, drawn ${part('draw')}`);
    }
    console.log(`the moment's reads alone (contract socket, no window): services + capacity providers ${split.services.map(ms).join(', ')}; tasks + instances ${split.tasks.map(ms).join(', ')} (${split.mb} of JSON)`);
    console.log('  * the services list: from the change to the moment\'s services rows painted (its only read); the placement map: to both reads applied and painted.');
  } finally {
    await browser.close();
    await wharf.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
