/**
 * In-page probes for the services-table benchmark (ui-services-bench.ts). Each function here
 * is serialized by Playwright and runs inside the page, so it may use only its arguments and
 * the browser's globals (no imports, no closures over this module).
 *
 * `installServicesProbes` runs as an init script, before the app's own code, so it sees the
 * very first row appear. Times are wall-clock milliseconds (performance.timeOrigin +
 * performance.now()), comparable with Node's Date.now() on the same machine.
 */

export interface ServicesProbe {
  /** Wall-clock time the frame showing the first service row had been painted. */
  firstRowAt: number | null;
  /** Rows in the DOM (the virtual window) and the count text at that moment. */
  firstRowsInDom: number;
  firstCountText: string;
  /** Wall-clock time the frame showing the count `${expectedCount}` had been painted. */
  allAt: number | null;
  /** requestAnimationFrame deltas since the last `takeFrames`. */
  frames: number[];
  /** Long tasks (> 50 ms on the main thread) since the last `takeFrames`. */
  longTasks: number[];
  /** Per keystroke: keydown to the frame after it painted (ms). */
  keyLatencies: number[];
  /** Where the first page's time goes: the app's WebSocket open, the first delta with services. */
  socketOpenAt: number | null;
  firstServicesDeltaAt: number | null;
  /** The last delta carrying services before the full count was painted: core's side of (2). */
  lastServicesDeltaAt: number | null;
}

type ProbeWindow = Window & { __servicesProbe?: ServicesProbe };

/** Init script: watches for the first row and the full count, and records every frame. */
export function installServicesProbes(expectedCountText: string): void {
  const probe: ServicesProbe = { firstRowAt: null, firstRowsInDom: 0, firstCountText: '', allAt: null, frames: [], longTasks: [], keyLatencies: [], socketOpenAt: null, firstServicesDeltaAt: null, lastServicesDeltaAt: null };
  (window as ProbeWindow).__servicesProbe = probe;
  const wallNow = (): number => performance.timeOrigin + performance.now();
  // After the next paint: rAF runs just before the frame is drawn, a message posted from it
  // is handled once that frame is out.
  const afterPaint = (done: () => void): void => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done();
      channel.port2.postMessage(null);
    });
  };

  // Browser mode's transport is one WebSocket: note when it opens and when the first delta
  // carrying services arrives, to split (1) into core's part and the renderer's.
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => (probe.socketOpenAt ??= wallNow()));
      this.addEventListener('message', (e: MessageEvent) => {
        if (probe.allAt !== null || typeof e.data !== 'string' || !e.data.includes('"inventory.delta"')) return;
        if (!/"services":\[\{/.test(e.data)) return;
        probe.firstServicesDeltaAt ??= wallNow();
        probe.lastServicesDeltaAt = wallNow();
      });
    }
  };

  let last = -1;
  const tick = (t: number): void => {
    if (last >= 0) probe.frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no Long Tasks API: the figure prints as missing
  }

  let firstSeen = false;
  let allSeen = false;
  const check = (): void => {
    if (!firstSeen) {
      const rows = document.querySelectorAll('[data-testid="service-row"]');
      if (rows.length > 0) {
        firstSeen = true;
        probe.firstRowsInDom = rows.length;
        probe.firstCountText = document.querySelector('[data-testid="service-count"]')?.textContent?.trim() ?? '';
        afterPaint(() => (probe.firstRowAt = wallNow()));
      }
    }
    if (!allSeen && document.querySelector('[data-testid="service-count"]')?.textContent?.trim() === expectedCountText) {
      allSeen = true;
      afterPaint(() => (probe.allAt = wallNow()));
    }
    if (firstSeen && allSeen) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });

  // Keystroke latency for the `/` filter: from the key's event time to the paint after it.
  window.addEventListener(
    'keydown',
    (e) => {
      const at = e.timeStamp;
      afterPaint(() => probe.keyLatencies.push(performance.now() - at));
    },
    true,
  );
}

/** Returns and clears what was recorded since the last call. */
export function takeRecorded(): { frames: number[]; longTasks: number[]; keyLatencies: number[] } {
  const probe = (window as ProbeWindow).__servicesProbe!;
  const out = { frames: probe.frames, longTasks: probe.longTasks, keyLatencies: probe.keyLatencies };
  probe.frames = [];
  probe.longTasks = [];
  probe.keyLatencies = [];
  return out;
}

export function loadTimes(): Pick<ServicesProbe, 'firstRowAt' | 'firstRowsInDom' | 'firstCountText' | 'allAt' | 'socketOpenAt' | 'firstServicesDeltaAt' | 'lastServicesDeltaAt'> {
  const { firstRowAt, firstRowsInDom, firstCountText, allAt, socketOpenAt, firstServicesDeltaAt, lastServicesDeltaAt } = (window as ProbeWindow).__servicesProbe!;
  return { firstRowAt, firstRowsInDom, firstCountText, allAt, socketOpenAt, firstServicesDeltaAt, lastServicesDeltaAt };
}

/** Which virtual table to scroll: its element, its rows' data-testid, the row attribute naming a row. */
export interface ScrollTarget {
  step: number;
  table: string;
  row: string;
  key: string;
}

/** The services table (the default target). */
export const SERVICES_TABLE = { table: '[data-testid="service-table"]', row: 'service-row', key: 'data-service' };

/**
 * Scrolls the table's virtual list from top to bottom, `step` pixels a frame (as a fast
 * wheel or a dragged scrollbar would), and says how far it got and which row ended last.
 */
export function scrollTableToEnd({ step, table: tableSelector, row, key }: ScrollTarget): Promise<{ px: number; lastRow: string; ms: number }> {
  const table = document.querySelector(tableSelector);
  if (!table) return Promise.reject(new Error(`no ${tableSelector} on the page`));
  // The scrolling element is the one holding the whole list's height: the table itself
  // (BaseVirtualTable), or one inside it (naive-ui's virtual list, before).
  const scroller = [table as HTMLElement, ...table.querySelectorAll<HTMLElement>('*')].find((el) => el.scrollHeight > el.clientHeight * 4 && el.clientHeight > 0);
  if (!scroller) return Promise.reject(new Error(`no scrolling element in ${tableSelector}`));
  scroller.scrollTop = 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const step1 = (): void => {
      scroller.scrollTop += step;
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
        // Let the last window render before reading which row is at the end.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            // The last row on screen is the one with the highest aria-rowindex (rows in a pool of
            // slots are not in DOM order).
            const rows = [...table.querySelectorAll(`[data-testid="${row}"]`)];
            const last = rows.reduce<Element | undefined>((a, r) => (a && Number(a.getAttribute('aria-rowindex')) > Number(r.getAttribute('aria-rowindex')) ? a : r), undefined);
            resolve({ px: scroller.scrollTop, lastRow: last?.getAttribute(key) ?? '', ms: performance.now() - started });
          }),
        );
      } else requestAnimationFrame(step1);
    };
    requestAnimationFrame(step1);
  });
}

/** Whether the table's scroller holds at least `rows` rows of `rowHeight` px (the list has loaded). */
export function tableHoldsRows({ table: tableSelector, rows, rowHeight }: { table: string; rows: number; rowHeight: number }): boolean {
  const table = document.querySelector(tableSelector);
  if (!table) return false;
  const scroller = [table as HTMLElement, ...table.querySelectorAll<HTMLElement>('*')].find((el) => el.scrollHeight > el.clientHeight * 4 && el.clientHeight > 0);
  return !!scroller && scroller.scrollHeight >= rows * rowHeight;
}

/** tsx compiles named functions with an `__name(...)` helper the page does not have. */
export const NAME_HELPER_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';
