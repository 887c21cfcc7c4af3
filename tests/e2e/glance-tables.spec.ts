import type { Locator, Page } from '@playwright/test';
import { expect, goToRoute, openWharf, test } from './fixtures';

/**
 * Tables and filters read at a glance (issue 14), on the demo scenario: the task table keeps
 * status, health, times and the stop reason whole at 1440 and 1280 px (Capacity and Revision
 * go first), a filter scrolls to its first match and every count follows it, image diffs mark
 * the changed tag, the audit detail gives whole ARNs, and event task IDs open their task.
 */
test.describe.configure({ timeout: 90_000 });

/** Each header cell's title, whether its text fits its cell, and whether the cell is inside the grid's visible box. */
async function headers(grid: Locator): Promise<Array<{ title: string; fits: boolean; inView: boolean }>> {
  return grid.locator('[role="columnheader"]').evaluateAll((cells) =>
    cells.map((cell) => {
      const el = cell as HTMLElement;
      const box = el.getBoundingClientRect();
      const view = el.closest('[role="grid"]')!.getBoundingClientRect();
      const text = (el.querySelector('.vt-title') as HTMLElement | null) ?? el;
      return { title: el.textContent!.trim(), fits: text.scrollWidth <= text.clientWidth + 1, inView: box.left >= view.left - 1 && box.right <= view.right + 1 };
    }),
  );
}

for (const width of [1440, 1280]) {
  test(`the tasks table at ${width} px keeps status, health, the times and why it stopped whole`, async ({ page, wharf }) => {
    await page.setViewportSize({ width, height: 900 });
    await openWharf(page, wharf, '/clusters/prod-ec2/tasks');
    const grid = page.getByRole('grid', { name: 'Tasks' });
    await expect(page.getByTestId('task-row').first()).toBeVisible({ timeout: 30_000 });
    const cols = await headers(grid);
    const titles = cols.map((c) => c.title);
    for (const must of ['Task', 'Service', 'Status', 'Health', 'Started', 'Stopped', 'Why it stopped']) {
      const col = cols.find((c) => c.title === must);
      expect(col, `${must} at ${width} px (shown: ${titles.join(', ')})`).toBeDefined();
      expect(col!.inView, `${must} inside the table at ${width} px`).toBe(true);
      expect(col!.fits, `${must}'s title whole at ${width} px`).toBe(true);
    }
    // No horizontal scrolling needed to read a row.
    expect(await grid.evaluate((g) => g.scrollWidth <= g.clientWidth + 1)).toBe(true);
    // Status and health words are whole in every row drawn ("stopped with error", not "stopped with err…").
    for (const title of ['Status', 'Health']) {
      const index = titles.indexOf(title);
      const cut = await grid.locator('[data-testid="task-row"]').evaluateAll(
        (rows, i) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[i] as HTMLElement).filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent),
        index,
      );
      expect(cut, `${title} cells cut at ${width} px`).toEqual([]);
    }
    // Capacity goes first when the window is narrow.
    if (width === 1280) expect(titles).not.toContain('Capacity');
    // Container health, in a word: the demo's web tasks have a health check that passes.
    const running = page.getByTestId('task-row').filter({ has: page.getByTestId('task-status').filter({ hasText: 'running' }) });
    await expect(running.getByTestId('task-health').filter({ hasText: 'healthy' }).first()).toBeVisible();
    const stopped = page.getByTestId('task-row').filter({ has: page.getByTestId('task-status').filter({ hasText: /stopped/ }) }).first();
    if (await stopped.count()) await expect(stopped.getByTestId('task-health')).toHaveText('—');
  });
}

async function scrollTop(grid: Locator): Promise<number> {
  return grid.evaluate((g) => g.scrollTop);
}

test('a filter scrolls the list to its first match, and every count follows the filter', async ({ page, wharf }) => {
  // A short window, so the list scrolls.
  await page.setViewportSize({ width: 1280, height: 420 });
  await openWharf(page, wharf, '/clusters/prod-ec2/tasks');
  const grid = page.getByRole('grid', { name: 'Tasks' });
  const count = page.getByTestId('task-count');
  await expect(count).toHaveText(/^\d+ tasks · \d+ running · \d+ recently stopped$/, { timeout: 30_000 });
  const total = Number((await count.textContent())!.match(/^(\d+)/)![1]);
  expect(total).toBeGreaterThan(12);

  await grid.evaluate((g) => (g.scrollTop = g.scrollHeight));
  await expect.poll(() => scrollTop(grid)).toBeGreaterThan(0);
  await page.getByPlaceholder(/filter: id, service/).fill('ledger');
  // (The list may still be filling: the total is read again with the filter's count.)
  await expect(count).toHaveText(/^\d+ of \d+ tasks · \d+ running · \d+ recently stopped$/);
  await expect.poll(() => scrollTop(grid)).toBe(0);
  const [, shown, all, running, stopped] = (await count.textContent())!.match(/^(\d+) of (\d+) tasks · (\d+) running · (\d+) recently stopped$/)!.map(Number);
  expect(all).toBeGreaterThanOrEqual(total);
  expect(shown).toBeLessThan(all);
  expect(running + stopped).toBe(shown);
  // The first match is on screen, and it matches.
  await expect(page.getByTestId('task-row').first()).toBeInViewport();
  await expect(grid.locator('[aria-rowindex="2"]')).toContainText('ledger');

  // The services list too: its count and its scroll follow the filter, and its row needs no sideways scroll.
  await goToRoute(page, '/clusters/prod-ec2/services');
  const services = page.getByRole('grid', { name: 'Services' });
  await expect(page.getByTestId('service-count')).toHaveText(/^\d+ services$/, { timeout: 30_000 });
  await page.getByTestId('service-filter').locator('input').fill('api');
  await expect(page.getByTestId('service-count')).toHaveText(/^\d+ of \d+ services$/);
  await expect.poll(() => scrollTop(services)).toBe(0);
  expect(await services.evaluate((g) => g.scrollWidth <= g.clientWidth + 1)).toBe(true);
  // Only Capacity left at 1280 px: the task definition and the image stay.
  const serviceTitles = await services.locator('[role="columnheader"]').allTextContents();
  expect(serviceTitles.map((t) => t.replace(/[▲▼]/g, '').trim())).toEqual(expect.arrayContaining(['Name', 'Status', 'Desired', 'Running', 'Pending', 'Deployment', 'Task def.', 'Image']));
});

async function openAudit(page: Page): Promise<void> {
  await goToRoute(page, '/audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible({ timeout: 30_000 });
}

test('a rollback diff marks the changed tag inside the image URI, and the audit detail gives whole ARNs', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/clusters/prod-fargate/services/checkout');
  await page.getByTestId('action-rollback').click();
  const dialog = page.getByRole('dialog').filter({ hasText: 'Roll back checkout' });
  const image = dialog.getByTestId('rollback-target-image').first();
  await expect(image).toBeVisible({ timeout: 30_000 });
  await image.click();
  const row = dialog.getByTestId('rollback-diff-row').filter({ hasText: 'image' }).first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  // Only the tag is marked, on each side: not the registry, not the repository.
  const marks = await row.getByTestId('diff-word').allTextContents();
  expect(marks.length).toBe(2);
  for (const m of marks) {
    expect(m).not.toContain('/');
    expect(m).not.toContain('amazonaws.com');
  }
  expect(marks[0]).not.toBe(marks[1]);
  // The URI wraps only between its parts: no mark is split over two lines.
  for (const mark of await row.getByTestId('diff-word').all()) {
    expect(await mark.evaluate((m) => m.getClientRects().length)).toBe(1);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Scale checkout (an audited change), then read its entry: the service's ARN whole.
  await goToRoute(page, '/clusters/prod-fargate/services/checkout');
  await page.getByTestId('action-scale').click();
  const current = Number(await page.getByTestId('scale-count').inputValue());
  await page.getByTestId('scale-count').fill(String(current + 1));
  await page.getByTestId('scale-confirm-input').fill('checkout');
  await page.getByTestId('scale-apply').click();
  await expect(page.getByTestId('scale-dialog')).toBeHidden({ timeout: 30_000 });
  await openAudit(page);
  await page.getByTestId('audit-row').filter({ hasText: 'Scale' }).first().click();
  const detail = page.getByTestId('audit-detail');
  await expect(detail.getByTestId('audit-detail-target')).toHaveText(/^arn:aws:ecs:[a-z0-9-]+:\d{12}:service\/prod-fargate\/checkout$/);
  // Whole on screen: nothing cut or scrolled out of its box.
  for (const arn of [detail.getByTestId('audit-detail-target'), ...(await detail.getByTestId('audit-arn').all())]) {
    expect(await arn.evaluate((a) => a.scrollWidth <= a.clientWidth + 1)).toBe(true);
  }
});

test('task IDs in service events are links to the task', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/clusters/prod-ec2/services/web');
  const link = page.getByTestId('service-events').getByTestId('event-task-link').first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  const id = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/clusters/prod-ec2/tasks/${id}`));
  await expect(page.getByTestId('task-sentence')).toBeVisible({ timeout: 30_000 });
});

test('no page scrolls sideways at 1280 px: the service page with its logs, the lists, placement and deployments', async ({ page, wharf }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWharf(page, wharf, '/clusters/prod-ec2/services/web');
  // The service page's log viewer measures a 100-character line; it once widened the page by 340 px.
  await expect(page.getByTestId('log-viewer')).toBeVisible({ timeout: 30_000 });
  for (const route of ['/clusters/prod-ec2/services/web', '/clusters/prod-ec2/services', '/clusters/prod-ec2/tasks', '/clusters/prod-ec2/placement', '/deployments', '/overview']) {
    await goToRoute(page, route);
    await expect(page.locator('main h1').first()).toBeVisible();
    // (The callback runs in the page; this file is typechecked without the DOM library.)
    const widths = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return { scroll: doc.scrollWidth, client: doc.clientWidth };
    });
    expect(widths.scroll, `${route} is ${widths.scroll} px wide in a ${widths.client} px window`).toBeLessThanOrEqual(widths.client);
  }
});
