import type { Page } from '@playwright/test';
import { expect, openWharf, simAdmin, test as base } from './fixtures';
import { browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Warnings that say the right cause, then clear (issue 14), in fault drills on a Wharf of this
 * file's own (its sim's faults change): an operation the endpoint lacks said once, a storm of
 * throttles named as such (not the 5xx before it), expired credentials with the Demo account's
 * own fix, the Demo sim killed and started again, and every warning gone once the data is fresh.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const faults = (wharf: WebMode, body: Record<string, unknown>) => simAdmin(wharf.simEndpoint, '/__sim/faults', body);

/** The age part of the status bar, and whether it warns. */
const agePart = (page: Page) => page.getByTestId('status-age');

async function expectFresh(page: Page, timeout: number): Promise<void> {
  await expect(agePart(page)).not.toHaveClass(/wh-state-degraded/, { timeout });
  await expect(agePart(page)).toHaveText(/^(polling · )?data \d+s old$/, { timeout });
  await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout });
}

test('an operation the endpoint lacks is said once, in a sentence, and the rollback carries on', async ({ page, wharf }) => {
  await faults(wharf, { unimplemented: ['ListServiceDeployments'] });
  try {
    // api is rolling out: the dialog looks for the deployment in progress (ListServiceDeployments).
    await openWharf(page, wharf, '/clusters/prod-ec2/services/api');
    await page.getByTestId('action-rollback').click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Roll back api' });
    await expect(dialog).toContainText('does not implement ListServiceDeployments', { timeout: 30_000 });
    await expect(dialog).not.toContainText('SyntaxError');
    await expect(dialog).not.toContainText('$response');
    expect(await dialog.getByText('does not implement ListServiceDeployments').count()).toBe(1);
    // The other targets are there: it carried on.
    await expect(dialog.getByText('v2.9.0', { exact: true })).toBeVisible();
    // Said once in the status bar too; a second look asks the endpoint nothing new.
    await expect(page.getByTestId('status-unsupported')).toHaveText('endpoint lacks ListServiceDeployments');
    await expect(page.getByTestId('status-errors')).toHaveText(/^0 errors$/);
  } finally {
    await faults(wharf, { unimplemented: [] });
  }
});

test('a throttle storm after a burst of 5xx is named as throttling, and the warning clears when it ends', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/clusters/prod-ec2/services');
  await expect(agePart(page)).toHaveText(/^(polling · )?data \d+s old$/, { timeout: 30_000 });
  await faults(wharf, { serverErrorRate: 1 });
  await expect(page.getByTestId('status-errors')).not.toHaveText(/^0 errors$/, { timeout: 30_000 });
  await faults(wharf, { serverErrorRate: 0, throttleStorm: { periodMs: 3_600_000, stormMs: 3_600_000 } });
  try {
    await expect(agePart(page)).toHaveText(/· throttled$/, { timeout: 90_000 });
    const banner = page.getByTestId('stale-banner');
    await expect(banner).toHaveAttribute('data-cause', 'throttled');
    await expect(banner.getByTestId('stale-cause')).toContainText('throttling');
    await expect(banner).not.toContainText('server errors');
  } finally {
    await faults(wharf, { throttleStorm: false });
  }
  await expectFresh(page, 120_000);
});

test('expired credentials say the Demo account\'s own fix (no SSO login), and the ages clear after recovery', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/clusters/prod-ec2/services');
  await expect(agePart(page)).toHaveText(/^(polling · )?data \d+s old$/, { timeout: 30_000 });
  await faults(wharf, { expireCredentialsAfterSeconds: 0.001 });
  try {
    await expect(agePart(page)).toHaveText(/· credentials expired$/, { timeout: 90_000 });
    const banner = page.getByTestId('stale-banner');
    await expect(banner).toHaveAttribute('data-cause', 'credentials');
    await expect(banner.getByTestId('stale-cause')).toContainText('profile “Demo account”');
    await expect(banner.getByTestId('stale-fix')).not.toContainText('sso login');
  } finally {
    await faults(wharf, { expireCredentialsAfterSeconds: 0 });
  }
  // Fresh again: no "▲ data 2m old" left over on fresh data.
  await expectFresh(page, 150_000);
});

test('the Demo sim killed is started again, and the window says so (not "check the network")', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/clusters/prod-ec2/services');
  await expect(page.getByTestId('status-sim')).toHaveAttribute('data-sim-state', 'running');
  const pid = wharf.simPid;
  expect(pid).not.toBeNull();
  process.kill(pid!, 'SIGKILL');
  await expect(page.getByTestId('status-sim')).toContainText(/restart/, { timeout: 30_000 });
  await expect(page.getByTestId('status-sim')).toHaveText(/sim: demo restarted/, { timeout: 60_000 });
  await expect(page.getByTestId('status-sim')).toHaveAttribute('title', /simulator stopped .*restarted/);
  await expect(page.getByText(/network or VPN/)).toHaveCount(0);
  // Its world started afresh, and Wharf reads it: the services are back and fresh.
  await expect(page.locator('[data-testid="service-row"][data-service="web"]')).toBeVisible({ timeout: 60_000 });
  await expectFresh(page, 60_000);
  expect(wharf.simPid).not.toBe(pid);
});

test('an impossible count from the API (pending -1) shows as "—" with a hint, never as the number', async ({ page, wharf }) => {
  await faults(wharf, { negativePending: ['web'] });
  try {
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    const pending = page.locator('[data-testid="service-row"][data-service="web"]').getByTestId('svc-pending');
    await expect(pending).toHaveAttribute('data-odd', 'true', { timeout: 60_000 });
    await expect(pending).toHaveText('—');
    await expect(pending).toHaveAttribute('title', /sent -1, which cannot be a count/);
    await expect(page.getByTestId('service-row').getByText('-1', { exact: true })).toHaveCount(0);
  } finally {
    await faults(wharf, { negativePending: [] });
  }
});
