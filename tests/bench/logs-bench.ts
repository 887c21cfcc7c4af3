/**
 * Log viewer figures in Chromium: Wharf's real LogViewer component (built with Vite into a
 * throwaway page) fed 100,000 log lines, the way a long follow or a big download would fill it:
 *   1. render time: from handing the viewer 100,000 lines to the frame that shows them
 *      (no wrap, then wrap), a few runs each;
 *   2. frame times (requestAnimationFrame deltas) while scrolling from top to bottom at a
 *      steady pace, and while jumping to random places (no wrap and wrap);
 *   3. appending 1,000 lines to the 100,000 (a follow poll) until they are on screen;
 * and the number of rows in the DOM, which must stay a screenful, not 100,000.
 * Goals: render under 200 ms, scrolling p95 under 16.7 ms (60 Hz). Prints figures, asserts
 * nothing. Run: `npx tsx tests/bench/logs-bench.ts` (or `npm run bench -- logs`); Chromium from
 * /usr/bin/chromium or CHROMIUM_PATH, never downloaded.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import vue from '@vitejs/plugin-vue';
import { chromium, type Page } from 'playwright-core';
import chromiumConfig from '../e2e/chromium.cjs';

const LINES = 100_000;
const RUNS = 3;
const ROOT = resolve(__dirname, '..', '..');

/** The bench page: mounts LogViewer on a session-shaped object the page fills on demand. */
const ENTRY = `
import { createApp, h, markRaw, ref, shallowRef } from 'vue';
import LogViewer from '${join(ROOT, 'src-renderer/components/logs/LogViewer.vue')}';
import { rootCssVariables } from '${join(ROOT, 'src-renderer/theme/tokens.ts')}';

for (const [k, v] of Object.entries(rootCssVariables('dark'))) document.documentElement.style.setProperty(k, v);
const words = ['GET', '/api/orders', 'status=200', 'duration_ms=', 'level=info', 'request_id=', 'connection refused', 'user=42', 'cart=7'];
function makeLines(n, from = 0) {
  const out = [];
  let seed = 7 + from;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = from; i < from + n; i++) {
    const len = 3 + Math.floor(rnd() * 24);
    const parts = [];
    for (let j = 0; j < len; j++) parts.push(words[Math.floor(rnd() * words.length)] + (j % 3 === 0 ? Math.floor(rnd() * 1000) : ''));
    out.push({ id: 'e' + i, timestamp: 1700000000000 + i * 37, message: (rnd() < 0.02 ? 'level=error ' : '') + parts.join(' '), container: i % 5 === 0 ? 'envoy' : 'app', taskId: 'a1b2c3d4e5f6' });
  }
  return out;
}
const session = markRaw({
  key: 'bench', scope: { kind: 'task', taskArn: 'arn:aws:ecs:us-east-1:1:task/c/a1b2c3d4e5f6' },
  lines: markRaw([]), version: ref(0), sources: shallowRef([{ readable: true, container: 'app' }, { readable: true, container: 'envoy' }]),
  loading: ref(false), error: shallowRef(null), empty: ref(null), truncated: ref(false), pattern: ref(''), range: shallowRef({ kind: 'latest' }), following: ref(false),
  load: async () => {}, search: async () => {}, setRange: async () => {}, setFollowing: () => {}, asText: () => '', dispose: () => {},
});
const prepared = makeLines(${LINES});
const viewer = ref(null);
const show = ref(false);
createApp({ render: () => (show.value ? h('div', { style: 'height: 700px; width: 1200px' }, [h(LogViewer, { session, ref: viewer, height: '700px' })]) : null) }).mount('#app');
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
window.bench = {
  async render(wrap) {
    show.value = false;
    await frames();
    session.lines.length = 0;
    session.version.value++;
    const t0 = performance.now();
    for (let i = 0; i < prepared.length; i += 10000) session.lines.push(...prepared.slice(i, i + 10000));
    session.version.value++;
    show.value = true;
    await new Promise((r) => setTimeout(r, 0));
    if (wrap) viewer.value.wrap = true;
    await frames();
    return performance.now() - t0;
  },
  rows: () => document.querySelectorAll('[data-testid="log-line"]').length,
  async scroll(mode, frameCount) {
    const el = viewer.value.scroller;
    el.scrollTop = 0;
    await frames();
    const deltas = [];
    let last = performance.now();
    // 'steady': top to bottom in frameCount frames; 'wheel': 120 px a frame, as a mouse wheel does.
    const step = mode === 'wheel' ? 120 : (el.scrollHeight - el.clientHeight) / frameCount;
    let seed = 3;
    for (let i = 0; i < frameCount; i++) {
      if (mode === 'jump') el.scrollTop = ((seed = (seed * 48271) % 2147483647) / 2147483647) * el.scrollHeight;
      else el.scrollTop = Math.round(step * (i + 1));
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      deltas.push(now - last);
      last = now;
    }
    return deltas;
  },
  async idle(frameCount) {
    const deltas = [];
    let last = performance.now();
    for (let i = 0; i < frameCount; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      deltas.push(now - last);
      last = now;
    }
    return deltas;
  },
  async append(n) {
    viewer.value.scrollToBottom();
    await frames();
    const more = makeLines(n, session.lines.length);
    const t0 = performance.now();
    session.lines.push(...more);
    session.version.value++;
    await frames();
    const shown = document.querySelector('[data-testid="log-viewer"]').getAttribute('data-line-count');
    return { ms: performance.now() - t0, shown: Number(shown) };
  },
};
window.benchReady = true;
`;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function frameFigures(label: string, deltas: number[]): void {
  const sorted = [...deltas].sort((a, b) => a - b);
  const over = deltas.filter((d) => d > 16.7).length;
  console.log(
    `  ${label}: ${deltas.length} frames; p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; ${over} over 16.7 ms (goal: p95 < 16.7 ms)`,
  );
}

async function buildPage(dir: string): Promise<string> {
  writeFileSync(join(dir, 'entry.ts'), ENTRY);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body style="margin:0;background:#14171c"><div id="app"></div><script type="module" src="./entry.ts"></script></body></html>');
  const outDir = join(dir, 'out');
  await build({
    root: dir,
    logLevel: 'error',
    configFile: false,
    plugins: [vue()],
    resolve: { alias: { '@contract': join(ROOT, 'src-main/contract') } },
    build: { outDir, emptyOutDir: true, minify: true, modulePreload: { polyfill: false } },
  });
  return outDir;
}

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = join(dir, (req.url ?? '/').split('?')[0].replace(/^\/$/, '/index.html'));
    if (!path.startsWith(dir)) return void res.writeHead(403).end();
    let body: Buffer;
    try {
      body = readFileSync(path);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function main(): Promise<void> {
  // Inside the project (test-results/ is ignored by git) so the page resolves vue from node_modules.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test-results', 'logs-bench-'));
  let server: Server | null = null;
  const browser = await chromium.launch({ executablePath: chromiumConfig.chromiumPath(), args: chromiumConfig.CHROMIUM_ARGS });
  try {
    const t0 = Date.now();
    const outDir = await buildPage(dir);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (frame times stretch with the load)`);
    console.log(`log viewer bench page built in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${LINES.toLocaleString('en')} lines`);
    server = await serve(outDir);
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { benchReady?: boolean }).benchReady === true);
    const call = <T>(fn: string, ...args: unknown[]) =>
      page.evaluate(([f, a]) => (globalThis as unknown as { bench: Record<string, (...x: unknown[]) => Promise<T>> }).bench[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

    frameFigures('baseline: idle page, no scrolling (this machine\'s frame pacing)', await call<number[]>('idle', 120));
    for (const wrap of [false, true]) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) times.push(await call<number>('render', wrap));
      const rows = await call<number>('rows');
      console.log(`render ${LINES.toLocaleString('en')} lines (${wrap ? 'wrap' : 'no wrap'}): ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (goal < 200 ms); ${rows} rows in the DOM`);
      frameFigures(`wheel-pace scroll, 120 px a frame (${wrap ? 'wrap' : 'no wrap'})`, await call<number[]>('scroll', 'wheel', 300));
      frameFigures(`scroll top to bottom in 600 frames (${wrap ? 'wrap' : 'no wrap'})`, await call<number[]>('scroll', 'steady', 600));
      frameFigures(`jump to random places (${wrap ? 'wrap' : 'no wrap'})`, await call<number[]>('scroll', 'jump', 300));
      const appended = await call<{ ms: number; shown: number }>('append', 1000);
      console.log(`  append 1,000 lines to ${(appended.shown - 1000).toLocaleString('en')} (a follow poll): ${appended.ms.toFixed(1)} ms to the next frame; viewer shows ${appended.shown.toLocaleString('en')} lines`);
    }
  } finally {
    await browser.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
