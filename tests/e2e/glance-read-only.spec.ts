import type { Page } from '@playwright/test';
import { callContract, expect, goToRoute, openWharf, simAdmin, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Read-only at once (issue 14): marking the open profile read-only in Settings shows the
 * READ-ONLY badge without a reload, and every change is disabled up front with its reason
 * (Roll back… too, which was refused only after its whole flow); core's refusal reads with a
 * space between its sentences. Its own Wharf: the test changes settings.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });
test.describe.configure({ timeout: 90_000 });

async function pick(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).locator('.n-base-selection').click();
  await page.keyboard.type(option);
  await page.locator('.n-base-select-option').getByText(option, { exact: true }).click();
  await page.keyboard.press('Escape');
}

test('a refusal from core reads as two sentences with their space, never run together', async ({ page, wharf }) => {
  // Core's read-only refusal is a message and a fix: "…through it." + "Open a profile…".
  const refused = await (async () => {
    await openWharf(page, wharf, '/clusters/prod-fargate/services/checkout');
    expect((await callContract(page, 'settings.update', { readOnlyProfiles: ['Demo account'] })).ok).toBe(true);
    const scaled = await callContract(page, 'actions.scale', { requestId: crypto.randomUUID(), cluster: 'prod-fargate', service: 'checkout', desiredCount: 3, confirmation: 'checkout' });
    expect((await callContract(page, 'settings.update', { readOnlyProfiles: [], confirmation: 'Demo account' })).ok).toBe(true);
    return scaled;
  })();
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('READ_ONLY');
  expect(refused.error?.message).toMatch(/through it\.$/);
  expect((refused.error as { fix?: string } | undefined)?.fix).toMatch(/^Open a profile/);
  // The dialog shows a message and its fix as two sentences: an endpoint that lacks UpdateService.
  await simAdmin(wharf.simEndpoint, '/__sim/faults', { unimplemented: ['UpdateService'] });
  try {
    await expect(page.getByTestId('read-only-badge')).toHaveCount(0);
    await page.getByTestId('action-scale').click();
    await page.getByTestId('scale-count').fill('4');
    await page.getByTestId('scale-confirm-input').fill('checkout');
    await page.getByTestId('scale-apply').click();
    await expect(page.getByTestId('scale-error')).toContainText(/does not implement UpdateService\. Wharf carries on/);
    await page.keyboard.press('Escape');
  } finally {
    await simAdmin(wharf.simEndpoint, '/__sim/faults', { unimplemented: [] });
  }
});

test('marked read-only in Settings: the badge at once, and every change disabled up front with its reason', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/settings');
  await expect(page.getByTestId('read-only-badge')).toHaveCount(0);
  await pick(page, 'setting-read-only', 'Demo account');
  // No reload, no reopen: the account line says so now.
  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  await expect(page.getByTestId('read-only-badge')).toHaveText(/read-only/i);

  await goToRoute(page, '/clusters/prod-ec2/services/api');
  await expect(page.getByTestId('health-sentence')).toBeVisible({ timeout: 30_000 });
  for (const id of ['action-scale', 'action-force-deploy', 'action-rollback']) {
    const button = page.getByTestId(id);
    await expect(button, id).toBeDisabled();
    await expect(button, id).toHaveAttribute('aria-description', /Demo account is read-only: Wharf changes nothing through it/);
  }
  // The reason on hover, before any flow starts.
  await page.getByTestId('action-rollback').hover({ force: true });
  await expect(page.getByTestId('action-rollback-why')).toContainText('read-only');

  // A task: stop and exec are disabled with the same reason.
  await goToRoute(page, '/clusters/prod-ec2/tasks');
  await page.getByTestId('task-row').filter({ hasText: 'running' }).first().getByTestId('task-link').click();
  await expect(page.getByTestId('task-sentence')).toBeVisible();
  await expect(page.getByTestId('action-stop-task')).toBeDisabled();
  await expect(page.getByTestId('action-stop-task')).toHaveAttribute('aria-description', /read-only/);
  await expect(page.getByTestId('action-exec').first()).toBeDisabled();
  await expect(page.getByTestId('action-exec').first()).toHaveAttribute('aria-description', /read-only/);
});
