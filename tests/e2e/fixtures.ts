import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { startWebMode, type WebMode } from './web-mode.cjs';

type WebModeOptions = Parameters<typeof startWebMode>[0];

/**
 * The `wharf` fixture's body: browser mode with these options, stopped after the worker's
 * last test. A spec that changes settings, the session or the sim gives itself a Wharf of its
 * own by extending `test` in its own file (Playwright tells fixtures apart by where `extend`
 * is called, so the extension must stay in the spec):
 *   const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });
 */
export function browserMode(options: WebModeOptions) {
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring here
  return async ({}, use: (wharf: WebMode) => Promise<void>): Promise<void> => {
    const wharf = await startWebMode(options);
    try {
      await use(wharf);
    } finally {
      await wharf.stop();
    }
  };
}

/** One browser mode per worker, given a minute to start. */
export const WORKER_WHARF = { scope: 'worker', timeout: 60_000 } as const;

/**
 * `wharf`: browser mode started from the built app, once per worker (the demo scenario, seed
 * 7), killed at the end. `consoleProblems`: every console error or warning and page error
 * the page produced, for tests that assert a clean load.
 */
export const test = base.extend<{ consoleProblems: string[] }, { wharf: WebMode }>({
  wharf: [browserMode({ seed: 7 }), WORKER_WHARF],
  consoleProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await use(problems);
  },
});

/** Opens Wharf and waits for the frame to be drawn. */
export async function openWharf(page: Page, wharf: WebMode, hash = ''): Promise<void> {
  await page.goto(hash ? `${wharf.url}#${hash}` : wharf.url);
  await expect(page.getByTestId('status-bar')).toBeVisible();
  // The router listens for hash changes only once its first navigation (often a redirect and a
  // lazy view) has ended; a test that moves on before then is sent back to where it started.
  await expect(page.locator('main h1').first()).toBeVisible({ timeout: 20_000 });
}

/** Moves to a route inside the loaded app (no reload), as a link click would. */
export async function goToRoute(page: Page, hash: string): Promise<void> {
  // The callback runs in the page; this file is typechecked without the DOM library.
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
}

const run = promisify(execFile);
/** The AWS CLI pointed at the sim only: dummy keys, no config files, no pager. */
const AWS_ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'dummy', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };

/** Runs the AWS CLI against the sim at `endpoint` (us-east-1) and parses its JSON answer. */
export async function aws<T>(endpoint: string | null | undefined, ...args: string[]): Promise<T> {
  if (!endpoint) throw new Error('browser mode started without the demo sim');
  const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json', ...args], { env: AWS_ENV, timeout: 30_000 });
  return JSON.parse(stdout) as T;
}

/**
 * A contract call on a socket of its own, as any client of browser mode could make it: the
 * renderer exposes nothing global, and no UI sends a wrong confirmation (its buttons wait for
 * the right one), so this is how a refusal is provoked.
 */
export async function callContract(page: Page, method: string, args: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return page.evaluate(
    ({ method, args }) =>
      new Promise((resolve, reject) => {
        // The page took the token out of its address bar and keeps it for this tab (api/page-token.ts).
        const token = window.sessionStorage.getItem('wharf.token') ?? '';
        const ws = new WebSocket(`ws://${window.location.host}/ws`, ['wharf.v1', `wharf.token.${token}`]);
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, args }));
        ws.onerror = () => reject(new Error('The contract socket failed.'));
        ws.onmessage = (e) => {
          const message = JSON.parse(String(e.data)) as { kind: string; id?: number; ok: boolean; error?: { code: string; message: string } };
          if (message.kind !== 'result' || message.id !== 1) return;
          ws.close();
          resolve({ ok: message.ok, error: message.error });
        };
      }),
    { method, args },
  );
}

export { expect };
