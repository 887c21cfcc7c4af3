import { DescribeServiceDeploymentsCommand, ECSClient, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs';
import type { Page } from '@playwright/test';
import { callContract, expect, openWharf, simAdmin, test as base, browserMode, WORKER_WHARF } from './fixtures';
import { simCredentialsFor, type WebMode } from './web-mode.cjs';

/**
 * The Deployments view's countdowns run on AWS's clock (the session's skew, learnt from the
 * Date header of AWS's answers), not this machine's: the sim's clock is moved 10 minutes
 * ahead of the local one, and the paused blue/green's time to its timeout and the canary's bake
 * read what is left on the sim's clock, not 10 minutes more. Its own Wharf: the clock jump
 * would take the other deployment tests' paused hook past its timeout.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

const simNow = async (wharf: WebMode) => Date.parse((await simAdmin<{ now: string }>(wharf.simEndpoint, '/__sim/state')).now);

/** "9:58" or "1:02:03" back to seconds. */
function seconds(text: string): number {
  const m = /(\d+(?::\d\d){1,2})/.exec(text);
  if (!m) return Number.NaN;
  return m[1]!.split(':').reduce((s, part) => s * 60 + Number(part), 0);
}

test('with the sim 10 minutes ahead of this machine, the approval and bake countdowns read the time left on the sim\'s clock', async ({ page, wharf }) => {
  test.setTimeout(150_000);
  const ecs = new ECSClient({ endpoint: wharf.simEndpoint!, region: 'us-east-1', credentials: simCredentialsFor(wharf.simEndpoint!), maxAttempts: 2 });
  const { serviceDeployments } = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-fargate', service: 'storefront', maxResults: 1 }));
  const [sd] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }))).serviceDeployments!;
  const expiresAt = sd.lifecycleHookDetails!.find((h) => h.status === 'AWAITING_ACTION')!.expiresAt!.getTime();
  ecs.destroy();

  await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 10 * 60_000 });
  await openWharf(page, wharf, '/deployments');
  const storefront = page.locator('[data-testid="deployment-row"][data-service="storefront"]').first();
  await expect(storefront).toHaveAttribute('data-section', 'needs-action', { timeout: 90_000 });
  const cart = page.locator('[data-testid="deployment-row"][data-service="cart"]').first();
  await expect(cart.getByTestId('bake-countdown')).toBeVisible({ timeout: 60_000 });

  // Each countdown against the sim's clock (a few seconds for the renderer's one-second tick and
  // the skew learnt from the latest answer); the local clock would add the 10 minutes.
  await expect
    .poll(
      async () => {
        const now = await simNow(wharf);
        const shown = seconds((await storefront.getByTestId('countdown').textContent()) ?? '');
        const left = (expiresAt - now) / 1000;
        return Math.abs(shown - left) < 20 ? 'on the sim clock' : `shown ${shown}s, left ${Math.round(left)}s, local ${Math.round((expiresAt - Date.now()) / 1000)}s`;
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe('on the sim clock');
  expect((expiresAt - Date.now()) / 1000 - seconds((await storefront.getByTestId('countdown').textContent()) ?? '')).toBeGreaterThan(8 * 60);

  const bakeEndsAt = await cartBakeEndsAt(page);
  await expect
    .poll(
      async () => {
        const now = await simNow(wharf);
        const shown = seconds((await cart.getByTestId('bake-countdown').textContent()) ?? '');
        return Math.abs(shown - (bakeEndsAt - now) / 1000) < 20 ? 'on the sim clock' : `shown ${shown}s, left ${Math.round((bakeEndsAt - now) / 1000)}s`;
      },
      { timeout: 30_000, intervals: [2000] },
    )
    .toBe('on the sim clock');
});

/** The canary's bake end as core computed it (on AWS's clock), read through the contract. */
async function cartBakeEndsAt(page: Page): Promise<number> {
  const r = await callContract(page, 'deployments.list', {});
  const list = r.result as { deployments: Array<{ serviceName: string; status: string; bakeEndsAt: number | null }> };
  return list.deployments.find((d) => d.serviceName === 'cart' && d.status === 'IN_PROGRESS')!.bakeEndsAt!;
}
