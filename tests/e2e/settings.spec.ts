import type { Page } from '@playwright/test';
import { expect, goToRoute, openWharf, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Safety settings in the Settings page: marking a profile read-only is one click, but taking
 * the mark off, or allowing exec on read-only profiles, asks for the typed confirmation a
 * change to AWS asks for; Cancel leaves the setting as it was. Every change is in the audit
 * log. Its own Wharf: the test changes settings.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).locator('.n-base-selection').click();
  await page.keyboard.type(option);
  await page.locator('.n-base-select-option').getByText(option, { exact: true }).click();
  await page.keyboard.press('Escape');
}

test('taking off a read-only mark and allowing exec on read-only profiles are confirmed by typing; Cancel keeps them; the audit log has each change', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(90_000);
  await openWharf(page, wharf, '/settings');
  const readOnly = page.getByTestId('setting-read-only');
  const dialog = page.getByTestId('settings-safety-dialog');

  // Adding the mark: saved at once, no question.
  await pick(page, 'setting-read-only', 'Demo account');
  const marks = readOnly.locator('.n-tag');
  await expect(marks).toHaveText(['Demo account']);
  await expect(dialog).toHaveCount(0);

  // Taking it off: the dialog says what it does; Cancel leaves the mark on.
  await marks.locator('.n-tag__close').click();
  await expect(dialog).toContainText('Demo account is no longer read-only');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(marks).toHaveText(['Demo account']);

  // Again, confirmed by the profile's name.
  await marks.locator('.n-tag__close').click();
  await expect(page.getByTestId('settings-safety-apply')).toBeDisabled();
  await page.getByTestId('settings-safety-confirm-input').fill('Demo account');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(marks).toHaveCount(0);

  // Exec on read-only profiles: "allow exec".
  const exec = page.getByTestId('setting-exec-on-read-only');
  await exec.click();
  await expect(dialog).toContainText('Exec shells open on read-only profiles');
  await expect(page.getByTestId('settings-safety-sentence')).toBeVisible();
  await page.getByTestId('settings-safety-confirm-input').fill('allow exec');
  await page.getByTestId('settings-safety-apply').click();
  await expect(exec).toHaveAttribute('aria-checked', 'true');

  // The audit log: three settings changes, each with before and after.
  await goToRoute(page, '/audit');
  const rows = page.locator('[data-testid="audit-row"][data-action="settings.update"]');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('allowExecOnReadOnly: off → on');
  expect(consoleProblems).toEqual([]);
});
