import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { startWebMode, type WebMode } from './web-mode.cjs';

/**
 * `wharf`: browser mode started from the built app, once per worker (the demo scenario, seed
 * 7), killed at the end. `consoleProblems`: every console error or warning and page error
 * the page produced, for tests that assert a clean load.
 */
export const test = base.extend<{ consoleProblems: string[] }, { wharf: WebMode }>({
  wharf: [
    // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring here
    async ({}, use) => {
      const wharf = await startWebMode({ seed: 7 });
      try {
        await use(wharf);
      } finally {
        await wharf.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
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
}

/** Moves to a route inside the loaded app (no reload), as a link click would. */
export async function goToRoute(page: Page, hash: string): Promise<void> {
  // The callback runs in the page; this file is typechecked without the DOM library.
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
}

export { expect };
