import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, goToRoute, openWharf, test } from './fixtures';

/**
 * The bottom dock with a shell and a log tail open at once: one tab strip holds both kinds,
 * the tab in front gets the dock's whole width, and switching keeps each as it was (the shell
 * answers, the tail keeps its lines).
 */
test.describe.configure({ timeout: 60_000 });

/** Screenshots for a person to look at, written only when WHARF_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  if (process.env.WHARF_SHOTS) await page.screenshot({ path: join(process.env.WHARF_SHOTS, name) });
}

async function openCheckoutShell(page: Page): Promise<void> {
  await page.locator('body').press(':');
  await page.getByRole('combobox', { name: 'Jump to' }).fill('open shell checkout');
  await expect(page.getByRole('option').filter({ hasText: /^Open shell in checkout/ }).first()).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('exec-pane')).toHaveAttribute('data-phase', 'open', { timeout: 15_000 });
  await expect(page.getByTestId('exec-terminal').locator('.xterm-rows')).toContainText('#', { timeout: 10_000 });
}

test('a shell and a log tail share one tab strip, each at the dock\'s full width', async ({ page, wharf, consoleProblems }) => {
  await openWharf(page, wharf, '/clusters/prod-fargate/tasks');
  await openCheckoutShell(page);
  const terminal = page.getByTestId('exec-terminal');
  await terminal.click();
  await page.keyboard.type('echo before-$((20+1))');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('before-21');

  await goToRoute(page, '/clusters/prod-ec2/services/ledger');
  const logs = page.getByTestId('log-panel').first();
  await expect(logs).toBeVisible({ timeout: 20_000 });
  await logs.getByRole('button', { name: 'Tail in dock' }).click();

  // One strip, both kinds; the tail just opened is in front, the shell's tab still there.
  const strip = page.getByRole('tablist', { name: 'Shells and log tails' });
  await expect(strip.getByRole('tab')).toHaveCount(2);
  await expect(strip.getByTestId('exec-tab')).toHaveAttribute('aria-selected', 'false');
  await expect(strip.getByTestId('log-tail-tab')).toHaveAttribute('aria-selected', 'true');
  const tails = page.getByTestId('log-tails');
  await expect(tails.getByTestId('log-line').first()).toBeVisible({ timeout: 15_000 });
  await expect(terminal).toBeHidden();
  const dock = (await page.getByTestId('dock').boundingBox())!;
  expect((await tails.boundingBox())!.width).toBeGreaterThan(dock.width - 4);
  await shot(page, 'dock-tail-in-front.png');

  // The shell's tab brings the shell back, as it was, at full width; the tail is hidden.
  await strip.getByTestId('exec-tab').click();
  await expect(tails).toHaveCount(0);
  await expect(terminal.locator('.xterm-rows')).toContainText('before-21');
  expect((await terminal.boundingBox())!.width).toBeGreaterThan(dock.width - 40);
  await terminal.click();
  await page.keyboard.type('echo after-$((40+2))');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('after-42');

  // The arrow keys walk the one strip across kinds; closing the tail leaves the shell in front.
  await strip.getByTestId('exec-tab').focus();
  await page.keyboard.press('ArrowRight');
  await expect(strip.getByTestId('log-tail-tab')).toHaveAttribute('aria-selected', 'true');
  await expect(tails.getByTestId('log-line').first()).toBeVisible();
  await shot(page, 'dock-both-open.png');
  await strip.getByTestId('log-tail-close').click();
  await expect(strip.getByRole('tab')).toHaveCount(1);
  await expect(terminal).toBeVisible();
  await page.getByTestId('exec-tab-close').click();
  expect(consoleProblems).toEqual([]);
});
