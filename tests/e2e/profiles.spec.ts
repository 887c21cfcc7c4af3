import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openWharf, test as base } from './fixtures';
import { startWebMode, type WebMode } from './web-mode.cjs';

/**
 * The profile switcher follows ~/.aws/config without a reload: its own Wharf, with
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE in a throwaway folder. A profile written to
 * the file appears with its region, account and marks; removed, it disappears; the open
 * Demo account session stays open throughout.
 */
let home: string;
const test = base.extend<object, { wharf: WebMode }>({
  wharf: [
    // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring here
    async ({}, use) => {
      home = mkdtempSync(join(tmpdir(), 'wharf-e2e-profiles-'));
      writeFileSync(join(home, 'config'), '');
      const wharf = await startWebMode({
        seed: 7,
        env: { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_PROFILE: '' },
      });
      try {
        await use(wharf);
      } finally {
        await wharf.stop();
        rmSync(home, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

const option = (page: Page, name: string) => page.locator(`[data-testid="profile-option"][data-name="${name}"]`);

async function openSwitcher(page: Page): Promise<void> {
  await page.getByTestId('profile-picker').click();
  await expect(page.getByTestId('profile-option').first()).toBeVisible();
}

/** A second click on the picker closes the menu (Naive's popselect ignores Escape). */
async function closeSwitcher(page: Page): Promise<void> {
  await page.getByTestId('profile-picker').click();
  await expect(page.getByTestId('profile-option')).toHaveCount(0);
}

test('a profile added to the config file appears in the switcher with its region, account and marks, without a reload; removed, it goes', async ({ page, wharf }) => {
  test.setTimeout(60_000);
  await openWharf(page, wharf, '/overview');
  const line = page.getByTestId('account-line');
  await expect(line.getByTestId('account-id')).toHaveText('1234 5678 9012');
  // A mark that a reload would wipe out.
  await page.evaluate(() => ((globalThis as unknown as { wharfNoReload: boolean }).wharfNoReload = true));

  // The Demo account, opened at start: its region and the account STS named.
  await openSwitcher(page);
  await expect(option(page, 'Demo account').getByTestId('profile-option-region')).toHaveText('us-east-1');
  await expect(option(page, 'Demo account').getByTestId('profile-option-account')).toHaveText('1234 5678 9012');
  await expect(option(page, 'staging-ro')).toHaveCount(0);
  await closeSwitcher(page);

  writeFileSync(
    join(home, 'config'),
    ['[profile staging-ro]', 'region = eu-central-1', 'role_arn = arn:aws:iam::210987654321:role/ReadOnly', 'source_profile = base', 'wharf_read_only = true', 'wharf_production = true', '', '[profile base]', 'region = eu-central-1', ''].join('\n'),
  );
  await openSwitcher(page);
  const staging = option(page, 'staging-ro');
  await expect(staging).toBeVisible({ timeout: 15_000 });
  await expect(staging.getByTestId('profile-option-region')).toHaveText('eu-central-1');
  await expect(staging.getByTestId('profile-option-account')).toHaveText('2109 8765 4321');
  await expect(staging.getByTestId('profile-option-production')).toBeVisible();
  await expect(staging.getByTestId('profile-option-read-only')).toBeVisible();
  // base names no account yet: it says so rather than guess.
  await expect(option(page, 'base').getByTestId('profile-option-account')).toHaveText('account unknown');
  await closeSwitcher(page);

  writeFileSync(join(home, 'config'), ['[profile base]', 'region = eu-central-1', ''].join('\n'));
  await openSwitcher(page);
  await expect(option(page, 'base')).toBeVisible();
  await expect(option(page, 'staging-ro')).toHaveCount(0, { timeout: 15_000 });
  await closeSwitcher(page);

  // The open session was never disturbed, and the page never reloaded.
  await expect(line.getByTestId('profile-picker')).toHaveText(/Demo account/);
  await expect(line.getByTestId('account-id')).toHaveText('1234 5678 9012');
  expect(await page.evaluate(() => (globalThis as unknown as { wharfNoReload?: boolean }).wharfNoReload)).toBe(true);
});
