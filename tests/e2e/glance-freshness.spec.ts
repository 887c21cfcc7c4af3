import type { Page } from '@playwright/test';
import { expect, goToRoute, openWharf, test } from './fixtures';

/**
 * Freshness (issue 14): the page on screen stays inside its refresh promise, the overview
 * included (it sat at "data 39–42 s old" while on call). The status bar's age part is watched
 * from inside the page through two refreshes (the age falling back twice); every reading must
 * stay within the promise the part states in its title, and none may be marked old.
 */
test.describe.configure({ timeout: 120_000 });

interface Reading {
  seconds: number;
  old: boolean;
}

/** Starts recording every text the age part shows (seconds, and whether it is marked old). */
async function watchAge(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __ages: Array<{ seconds: number; old: boolean }>; __ageObserver?: MutationObserver };
    w.__ageObserver?.disconnect();
    w.__ages = [];
    const read = () => {
      const el = document.querySelector('[data-testid="status-age"]');
      const m = el?.textContent?.match(/^(?:polling · )?data (\d+)s old/);
      if (el && m) w.__ages.push({ seconds: Number(m[1]), old: el.classList.contains('wh-state-degraded') });
    };
    w.__ageObserver = new MutationObserver(read);
    w.__ageObserver.observe(document.querySelector('[data-testid="status-bar"]')!, { subtree: true, childList: true, characterData: true, attributes: true });
    read();
  });
}

async function readings(page: Page): Promise<Reading[]> {
  return page.evaluate(() => (window as unknown as { __ages: Reading[] }).__ages);
}

/** Times the age fell back (a refresh landed). */
const refreshes = (list: Reading[]) => list.filter((r, i) => i > 0 && r.seconds < list[i - 1]!.seconds).length;

async function expectWithinPromise(page: Page, route: string): Promise<void> {
  await goToRoute(page, route);
  const age = page.getByTestId('status-age');
  await expect(age).toHaveText(/^(polling · )?data \d+s old$/, { timeout: 30_000 });
  await expect(age).toHaveAttribute('title', /Refreshed every ~\d+s/);
  const promise = Number((await age.getAttribute('title'))!.match(/Refreshed every ~(\d+)s/)![1]);
  await watchAge(page);
  await expect.poll(async () => refreshes(await readings(page)), { timeout: 90_000, message: `${route}: two refreshes seen` }).toBeGreaterThanOrEqual(2);
  const seen = await readings(page);
  expect(seen.filter((r) => r.old), `${route}: marked old at some point`).toEqual([]);
  // Within the promise and the 10 s of slack the status bar allows (a refresh in flight).
  expect(Math.max(...seen.map((r) => r.seconds)), `${route}: the oldest reading against ~${promise}s`).toBeLessThanOrEqual(promise + 10);
}

test('the overview and a cluster\'s services stay inside their refresh promise while on screen', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/overview');
  await expectWithinPromise(page, '/overview');
  await expectWithinPromise(page, '/clusters/prod-ec2/services');
});
