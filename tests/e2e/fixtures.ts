import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { simCredentialsFor, startWebMode, type WebMode } from './web-mode.cjs';

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

/** The environment for the AWS CLI pointed at the sim at `endpoint` only: its key pair, no config files, no pager. */
export function awsEnv(endpoint: string): NodeJS.ProcessEnv {
  const keys = simCredentialsFor(endpoint);
  return { ...process.env, AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_SESSION_TOKEN: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
}

/** Runs the AWS CLI against the sim at `endpoint` (us-east-1), signing with that sim's key pair, and parses its JSON answer. */
export async function aws<T>(endpoint: string | null | undefined, ...args: string[]): Promise<T> {
  if (!endpoint) throw new Error('browser mode started without the demo sim');
  const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json', ...args], { env: awsEnv(endpoint), timeout: 30_000 });
  return JSON.parse(stdout) as T;
}

/**
 * A `/__sim/*` admin route of the Demo sim at `endpoint` (or the exec agent's `/admin/*` at
 * `base`): the sim's secret as bearer token, a JSON content type. GET without a body, POST with one.
 */
export async function simAdmin<T>(endpoint: string | null | undefined, path: string, body?: unknown, base?: string): Promise<T> {
  if (!endpoint) throw new Error('browser mode started without the demo sim');
  const res = await fetch(`${base ?? endpoint}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${simCredentialsFor(endpoint).secretAccessKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A contract call on a socket of its own, as any client of browser mode could make it: the
 * renderer exposes nothing global, and no UI sends a wrong confirmation (its buttons wait for
 * the right one), so this is how a refusal is provoked.
 */
export async function callContract(page: Page, method: string, args: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    ({ method, args }) =>
      new Promise((resolve, reject) => {
        // The page took the token out of its address bar and keeps it for this tab (api/page-token.ts).
        const token = window.sessionStorage.getItem('wharf.token') ?? '';
        const ws = new WebSocket(`ws://${window.location.host}/ws`, ['wharf.v1', `wharf.token.${token}`]);
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, args }));
        ws.onerror = () => reject(new Error('The contract socket failed.'));
        ws.onmessage = (e) => {
          const message = JSON.parse(String(e.data)) as { kind: string; id?: number; ok: boolean; result?: unknown; error?: { code: string; message: string } };
          if (message.kind !== 'result' || message.id !== 1) return;
          ws.close();
          resolve({ ok: message.ok, result: message.result, error: message.error });
        };
      }),
    { method, args },
  );
}

export { expect };
