import type { Page } from '@playwright/test';
import { expect, goToRoute, openWharf, test } from './fixtures';

/**
 * The signals read at a glance tell the truth (issue 14), on the demo scenario: the one
 * health verdict everywhere, and every bar drawn at the width it stands for.
 */

test.describe('one health verdict everywhere', () => {
  test.describe.configure({ timeout: 90_000 });

  test('ledger crash-loops under a completed deployment: failed in the list, the header, the deployment card, the palette and the overview', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    const ledger = page.locator('[data-testid="service-row"][data-service="ledger"]');
    // The sim's crash loop needs a few minutes of stops; the rule counts them within 10 min.
    await expect(ledger.getByTestId('svc-status')).toContainText('crash-looping', { timeout: 60_000 });
    await expect(ledger.getByTestId('svc-status')).toHaveClass(/wh-state-failed/);
    // Its deployment completed, but the list does not say ✓ over a crash loop.
    await expect(ledger.getByTestId('svc-rollout')).toHaveAttribute('data-rollout-state', 'COMPLETED');
    await expect(ledger.getByTestId('svc-rollout-mark')).not.toHaveText('✓');
    await expect(ledger.getByTestId('svc-rollout-mark')).toHaveClass(/wh-state-failed/);

    await ledger.getByTestId('svc-name').click();
    await expect(page.getByTestId('service-state')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('service-state')).toContainText('crash-looping');
    await expect(page.getByTestId('health-sentence')).toContainText('Crash loop');
    const primary = page.getByTestId('deployment').filter({ has: page.getByTestId('deployment-status').filter({ hasText: 'PRIMARY' }) });
    await expect(primary.getByTestId('deployment-rollout')).toHaveText(/completed · crash-looping/);
    await expect(primary.getByTestId('deployment-rollout')).toHaveAttribute('data-state', 'failed');
    // Its bar is not a full green bar: it takes the verdict's colour.
    await expect(primary.locator('.running')).toHaveClass(/fill-failed/);

    await page.keyboard.press(':');
    await page.getByRole('combobox', { name: 'Jump to' }).fill('prod-ec2 / ledger');
    const item = page.getByRole('option').filter({ hasText: 'ledger' }).first();
    await expect(item.getByTestId('palette-hint')).toContainText('crash-looping');
    await page.keyboard.press('Escape');

    await goToRoute(page, '/overview');
    const cluster = page.locator('[data-testid="cluster-row"][data-cluster="prod-ec2"]');
    await expect(cluster.getByTestId('cluster-health')).toHaveAttribute('data-state', 'failed');
    await expect(cluster.getByTestId('cluster-health')).not.toContainText('no problems');
  });
});

/**
 * Every element marked `data-bar-fill` (services' rollout bars, deployment bars, instance
 * meters, capacity cards, load progress, the rollback tracker) against the share it stands
 * for: its drawn width over its track's. A style CSS drops ("21 %") draws a bar full and fails.
 */
async function barWidths(page: Page): Promise<Array<{ expected: number; drawn: number; track: number; where: string }>> {
  return page.locator('[data-bar-fill]').evaluateAll((fills) =>
    fills
      .filter((f) => (f as HTMLElement).offsetParent !== null)
      .map((f) => {
        const track = f.parentElement!.getBoundingClientRect().width;
        const drawn = f.getBoundingClientRect().width;
        const expected = Number.parseFloat(f.getAttribute('data-expect-width') ?? 'NaN');
        const owner = f.closest('[data-testid]')?.getAttribute('data-testid') ?? f.parentElement!.className;
        return { expected, drawn, track, where: owner };
      }),
  );
}

test.describe('bars are drawn at the width they stand for', () => {
  test.describe.configure({ timeout: 120_000 });

  test('across the services list, a service, the instances and the capacity cards', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    const pages: Array<[string, string]> = [
      ['/clusters/prod-ec2/services', 'service-row'],
      ['/clusters/prod-ec2/services/api', 'deployment'],
      ['/clusters/prod-ec2/instances', 'instance-row'],
      ['/clusters/prod-ec2/capacity', 'capacity-provider'],
      ['/clusters/prod-fargate/capacity', 'capacity-provider'],
      ['/clusters/prod-fargate/services/checkout', 'deployment'],
    ];
    let measured = 0;
    let partial = 0;
    for (const [route, ready] of pages) {
      await goToRoute(page, route);
      await expect(page.getByTestId(ready).first()).toBeVisible({ timeout: 30_000 });
      for (const bar of await barWidths(page)) {
        expect(bar.expected, `${route} ${bar.where}: a bar without its expected width`).not.toBeNaN();
        // Within a pixel and a half of its share of the track (borders and rounding).
        expect(Math.abs(bar.drawn - (bar.track * bar.expected) / 100), `${route} ${bar.where}: drawn ${bar.drawn}px of ${bar.track}px, expected ${bar.expected}%`).toBeLessThan(1.5);
        measured++;
        if (bar.expected > 0 && bar.expected < 100) partial++;
      }
    }
    // Enough bars, and some partly filled: a rule that drew every bar full or empty would not pass.
    expect(measured).toBeGreaterThan(20);
    expect(partial).toBeGreaterThan(5);
  });
});
