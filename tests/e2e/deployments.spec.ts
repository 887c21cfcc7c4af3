import { ContinueServiceDeploymentCommand, ECSClient, DescribeServiceDeploymentsCommand, ListServiceDeploymentsCommand, StopServiceDeploymentCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { Page } from '@playwright/test';
import { callContract, expect, goToRoute, openWharf, simAdmin, test as base, browserMode, WORKER_WHARF } from './fixtures';
import { simCredentialsFor, type WebMode } from './web-mode.cjs';

/**
 * The Deployments view on the demo scenario: the paused blue/green approved from its row
 * (typed name; traffic shifts; SUCCESSFUL, as the SDK reads the same sim and the audit view
 * lists once), the canary rolled back in its bake, the countdown moving, and a read-only
 * profile refused for both. Its own Wharf: these tests change the sim.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

function ecsOf(wharf: WebMode): ECSClient {
  return new ECSClient({ endpoint: wharf.simEndpoint!, region: 'us-east-1', credentials: simCredentialsFor(wharf.simEndpoint!), maxAttempts: 2 });
}

async function latestDeployment(ecs: ECSClient, service: string) {
  const { serviceDeployments } = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-fargate', service, maxResults: 1 }));
  const [d] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeployments![0].serviceDeploymentArn!] }))).serviceDeployments!;
  return d;
}

const row = (page: Page, service: string) => page.locator(`[data-testid="deployment-row"][data-service="${service}"]`).first();

async function openDeployments(page: Page, wharf: WebMode): Promise<void> {
  await openWharf(page, wharf, '/overview');
  await page.getByTestId('nav-deployments').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deployments');
  // Found as the inventory reads the clusters, then followed by the deployments domain.
  await expect(row(page, 'storefront')).toHaveAttribute('data-section', 'needs-action', { timeout: 90_000 });
}

test('a read-only profile: Approve and Roll back are disabled with the reason, and core refuses both', async ({ page, wharf }) => {
  test.setTimeout(150_000);
  await openDeployments(page, wharf);
  expect((await callContract(page, 'settings.update', { readOnlyProfiles: ['Demo account'] })).ok).toBe(true);
  const storefront = row(page, 'storefront');
  await expect(storefront.getByTestId('row-approve')).toBeDisabled();
  await expect(storefront.getByTestId('row-rollback')).toBeDisabled();
  await expect(storefront.getByTestId('row-approve')).toHaveAttribute('title', /Demo account is read-only/);
  const ecs = ecsOf(wharf);
  const d = await latestDeployment(ecs, 'storefront');
  const hookId = d.lifecycleHookDetails?.[0]?.hookId ?? 'ecs-pause-none';
  const approve = await callContract(page, 'deployments.continue', { serviceDeploymentArn: d.serviceDeploymentArn, hookId, action: 'CONTINUE', confirmation: 'storefront', requestId: 'e2e-ro-approve-1' });
  const stop = await callContract(page, 'deployments.stop', { serviceDeploymentArn: d.serviceDeploymentArn, stopType: 'ROLLBACK', confirmation: 'storefront', requestId: 'e2e-ro-stop-001' });
  expect([approve.error?.code, stop.error?.code]).toEqual(['READ_ONLY', 'READ_ONLY']);
  expect((await latestDeployment(ecs, 'storefront')).status).toBe('IN_PROGRESS');
  expect((await callContract(page, 'settings.update', { readOnlyProfiles: [], confirmation: 'Demo account' })).ok).toBe(true);
  ecs.destroy();

  // The service page says what the Deployments view says (one verdict), not "rolling".
  await openWharf(page, wharf, '/clusters/prod-fargate/services/storefront');
  await expect(page.getByTestId('service-state')).toContainText('awaiting approval', { timeout: 30_000 });
  await expect(page.getByTestId('health-sentence')).toContainText('A blue/green deployment waits for approval at post test traffic shift');
  await expect(page.getByTestId('service-deployment-card')).toContainText('awaiting approval');

  // The one verdict everywhere: the services list, the palette and the overview say it too, in
  // the Deployments view's colour (degraded), not "rolling".
  await goToRoute(page, '/clusters/prod-fargate/services');
  const listed = page.locator('[data-testid="service-row"][data-service="storefront"]').getByTestId('svc-status');
  await expect(listed).toContainText('awaiting approval', { timeout: 30_000 });
  await expect(listed).toHaveClass(/wh-state-degraded/);
  await page.keyboard.press(':');
  await page.getByRole('combobox', { name: 'Jump to' }).fill('prod-fargate / storefront');
  const item = page.getByRole('option').filter({ hasText: 'storefront' }).first();
  await expect(item.getByTestId('palette-hint')).toContainText('awaiting approval');
  await page.keyboard.press('Escape');
  await goToRoute(page, '/overview');
  const fargate = page.locator('[data-testid="cluster-row"][data-cluster="prod-fargate"]').getByTestId('cluster-health');
  await expect(fargate).toContainText('storefront: awaiting approval', { timeout: 30_000 });
  await expect(page.getByTestId('nav-deployments')).toBeVisible();
});

test('the canary in its bake is rolled back from its page: Stop & roll back, typed name; traffic goes back', async ({ page, wharf }) => {
  test.setTimeout(150_000);
  const ecs = ecsOf(wharf);
  await openDeployments(page, wharf);
  const cart = row(page, 'cart');
  await expect(cart).toHaveAttribute('data-section', 'in-progress');
  await expect(cart.getByTestId('bake-countdown')).toBeVisible({ timeout: 30_000 });
  await cart.click();
  await expect(page.getByTestId('deployment-panel')).toHaveAttribute('data-stage', 'PRODUCTION_TRAFFIC_SHIFT', { timeout: 20_000 });
  await expect(page.getByTestId('detail-bake')).toContainText('bake ends in');
  await page.getByTestId('detail-stop-rollback').click();
  await expect(page.getByTestId('stop-rollback-sentence')).toHaveText('Stop the deployment of cart and roll back in Demo account / us-east-1');
  await page.getByTestId('stop-rollback-confirm-input').fill('cart');
  await page.getByTestId('stop-rollback-apply').click();
  await expect(page.getByTestId('stop-rollback-dialog')).toBeHidden({ timeout: 15_000 });
  await expect.poll(async () => (await latestDeployment(ecs, 'cart')).status, { timeout: 60_000 }).toBe('ROLLBACK_SUCCESSFUL');
  await expect(page.getByTestId('detail-verdict')).toContainText('rolled back', { timeout: 30_000 });
  ecs.destroy();
});

test('the linear deployment steps: its row and its page show production traffic moving 10 % a step as the sim moves on', async ({ page, wharf }) => {
  test.setTimeout(180_000);
  await openDeployments(page, wharf);
  const pricing = row(page, 'pricing');
  await expect(pricing).toHaveAttribute('data-section', 'in-progress');
  await expect(pricing).toContainText('LINEAR');
  const prodOf = async () => Number(/prod (\d+(?:\.\d+)?)%/.exec((await pricing.textContent()) ?? '')?.[1] ?? NaN);
  await expect.poll(prodOf, { timeout: 30_000 }).toBeGreaterThan(0);
  const seen = [await prodOf()];
  // Each step: the Lambda gate (about 15 s) and a 3-minute step bake; the sim's clock is moved on a step at a time.
  for (let step = 0; step < 2; step++) {
    await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 3.5 * 60_000 });
    await expect.poll(prodOf, { timeout: 45_000 }).toBeGreaterThan(seen[seen.length - 1]);
    seen.push(await prodOf());
  }
  // Whole steps of 10 % (on a slow machine the sim's own clock may pass more than one step between two reads).
  expect(seen.map((w) => w % 10)).toEqual([0, 0, 0]);
  await pricing.click();
  const panel = page.getByTestId('deployment-panel');
  await expect(panel).toHaveAttribute('data-stage', 'PRODUCTION_TRAFFIC_SHIFT', { timeout: 20_000 });
  const strip = page.getByTestId('stage-strip');
  for (const done of ['SCALE_UP', 'TEST_TRAFFIC_SHIFT']) await expect(strip.locator(`[data-stage="${done}"]`)).toHaveAttribute('data-state', 'done');
  await expect(strip.locator('[data-stage="PRODUCTION_TRAFFIC_SHIFT"]')).toHaveAttribute('data-state', 'now');
  await expect(strip.locator('[data-stage="BAKE_TIME"]')).toHaveAttribute('data-state', 'todo');
});

test('the paused blue/green is first, its countdown moves; approved from its row, traffic shifts and it ends SUCCESSFUL (SDK and audit view)', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(210_000);
  const ecs = ecsOf(wharf);
  await openDeployments(page, wharf);
  const storefront = row(page, 'storefront');
  await expect(page.getByTestId('deployment-row').first()).toHaveAttribute('data-service', 'storefront');
  const countdown = storefront.getByTestId('countdown');
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? '', { timeout: 5_000 });
  expect(first).toMatch(/◔ \d{1,2}:\d\d/);

  await storefront.getByTestId('row-approve').click();
  const dialog = page.getByTestId('approve-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('approve-sentence')).toHaveText('Approve the paused deployment of storefront in Demo account / us-east-1');
  const apply = page.getByTestId('approve-apply');
  await expect(apply).toBeDisabled();
  await page.getByTestId('approve-confirm-input').fill('storefront');
  await expect(apply).toBeEnabled();
  await page.getByTestId('approve-confirm-input').press('Enter');
  await expect(dialog).toBeHidden({ timeout: 15_000 });

  // The production rule moves to the new revision; the row says so.
  await expect.poll(async () => (await latestDeployment(ecs, 'storefront')).targetServiceRevision?.requestedProductionTrafficWeight, { timeout: 30_000 }).toBe(100);
  await expect(storefront).toContainText('prod 100%', { timeout: 30_000 });
  // Past the 10-minute bake: the sim's clock is moved on; the deployment ends SUCCESSFUL.
  await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 11 * 60_000 });
  await expect.poll(async () => (await latestDeployment(ecs, 'storefront')).status, { timeout: 30_000 }).toBe('SUCCESSFUL');
  await expect(page.locator('[data-testid="deployment-row"][data-service="storefront"][data-status="SUCCESSFUL"]')).toHaveAttribute('data-section', 'finished', { timeout: 30_000 });

  await page.getByTestId('nav-audit').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  // One approval done (the read-only test before left its refusal beside it).
  const entry = page.locator('[data-testid="audit-row"][data-action="deployment.continue"][data-result="ok"]');
  await expect(entry).toHaveCount(1, { timeout: 15_000 });
  ecs.destroy();
  expect(consoleProblems).toEqual([]);
});

test('a new blue/green release is seen stage by stage on its page, pauses at its hook, and is rolled back from its row (SDK and audit view)', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(210_000);
  const ecs = ecsOf(wharf);
  const before = (await latestDeployment(ecs, 'storefront')).serviceDeploymentArn;
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'storefront', forceNewDeployment: true }));
  await expect.poll(async () => (await latestDeployment(ecs, 'storefront')).serviceDeploymentArn, { timeout: 15_000 }).not.toBe(before);

  await openWharf(page, wharf, '/overview');
  await page.getByTestId('nav-deployments').click();
  const storefront = row(page, 'storefront');
  await expect(storefront).not.toHaveAttribute('data-section', 'finished', { timeout: 90_000 });
  await storefront.click();
  const panel = page.getByTestId('deployment-panel');
  await expect(panel).toHaveAttribute('data-status', /IN_PROGRESS|PENDING/, { timeout: 20_000 });

  // The sim's clock moves 15 s at a time; every stage the page shows is recorded, up to the pause.
  const order = ['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'];
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        const stage = (await panel.getAttribute('data-stage')) ?? '';
        if (stage && seen[seen.length - 1] !== stage) seen.push(stage);
        const paused = stage === 'POST_TEST_TRAFFIC_SHIFT' && (await page.getByTestId('detail-countdown').count()) > 0;
        if (!paused) await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 15_000 });
        return paused;
      },
      { timeout: 120_000, intervals: [1_500] },
    )
    .toBe(true);
  expect(seen.length).toBeGreaterThanOrEqual(2);
  expect(seen.map((st) => order.indexOf(st))).toEqual([...seen.map((st) => order.indexOf(st))].sort((a, b) => a - b));
  expect(seen.every((st) => order.includes(st))).toBe(true);
  const strip = page.getByTestId('stage-strip');
  for (const done of ['SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT']) await expect(strip.locator(`[data-stage="${done}"]`)).toHaveAttribute('data-state', 'done');
  // Every stage the page showed has the time it began (the others get theirs from ECS's service events when the inventory next reads them).
  for (const stage of seen) await expect(strip.locator(`[data-stage="${stage}"] .time`)).not.toBeEmpty();
  await expect(strip.locator('[data-stage="POST_TEST_TRAFFIC_SHIFT"]')).toHaveAttribute('data-state', 'now');
  await expect(strip.locator('[data-stage="PRODUCTION_TRAFFIC_SHIFT"]')).toHaveAttribute('data-state', 'todo');

  // Rolled back from the control room's row: typed name, then test traffic goes back to blue.
  await page.getByTestId('nav-deployments').click();
  await expect(storefront).toHaveAttribute('data-section', 'needs-action', { timeout: 20_000 });
  await storefront.getByTestId('row-rollback').click();
  await expect(page.getByTestId('hook-rollback-sentence')).toHaveText('Roll back the paused deployment of storefront in Demo account / us-east-1');
  await page.getByTestId('hook-rollback-confirm-input').fill('storefront');
  await page.getByTestId('hook-rollback-apply').click();
  await expect(page.getByTestId('hook-rollback-dialog')).toBeHidden({ timeout: 15_000 });
  await expect
    .poll(
      async () => {
        const d = await latestDeployment(ecs, 'storefront');
        if (d.status !== 'ROLLBACK_SUCCESSFUL') await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 15_000 });
        return d.status;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe('ROLLBACK_SUCCESSFUL');
  await expect(page.locator('[data-testid="deployment-row"][data-service="storefront"][data-status="ROLLBACK_SUCCESSFUL"]').first()).toHaveAttribute('data-section', 'finished', { timeout: 30_000 });

  await page.getByTestId('nav-audit').click();
  await expect(page.locator('[data-testid="audit-row"][data-action="deployment.rollback"][data-result="ok"]')).toHaveCount(1, { timeout: 15_000 });
  ecs.destroy();
  expect(consoleProblems).toEqual([]);
});

/** Starts a deployment of `service` that pauses at a PAUSE hook after its scale-up (unless one already waits). */
async function pausedDeployment(ecs: ECSClient, service: string, shift: 'CANARY' | 'LINEAR'): Promise<void> {
  const d = await latestDeployment(ecs, service);
  if (d.status === 'IN_PROGRESS' && d.lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION')) return;
  if (d.status === 'IN_PROGRESS') await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, stopType: 'ABORT' }));
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod-fargate',
      service,
      forceNewDeployment: true,
      deploymentConfiguration: {
        strategy: shift,
        bakeTimeInMinutes: 5,
        ...(shift === 'CANARY' ? { canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 30 } } : { linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 3 } }),
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_SCALE_UP'], timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' } } as never],
      },
    }),
  );
}

test('two paused deployments approved in one confirmation: the dialog lists each, each runs once and is audited, both end SUCCESSFUL (SDK)', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(240_000);
  const ecs = ecsOf(wharf);
  // Only these two wait: the demo's paused storefront (when this test runs alone) is rolled back first.
  const sf = await latestDeployment(ecs, 'storefront');
  const sfHook = sf.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION');
  if (sf.status === 'IN_PROGRESS' && sfHook) await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: sf.serviceDeploymentArn, hookId: sfHook.hookId, action: 'ROLLBACK' }));
  await pausedDeployment(ecs, 'cart', 'CANARY');
  await pausedDeployment(ecs, 'pricing', 'LINEAR');
  const waiting = async (service: string) => (await latestDeployment(ecs, service)).lifecycleHookDetails?.some((h) => h.status === 'AWAITING_ACTION') ?? false;
  await expect
    .poll(
      async () => {
        const both = (await waiting('cart')) && (await waiting('pricing'));
        if (!both) await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 15_000 });
        return both;
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(true);

  await openWharf(page, wharf, '/overview');
  await page.getByTestId('nav-deployments').click();
  for (const s of ['cart', 'pricing']) await expect(row(page, s)).toHaveAttribute('data-section', 'needs-action', { timeout: 90_000 });
  await expect(row(page, 'storefront')).not.toHaveAttribute('data-section', 'needs-action', { timeout: 30_000 });
  // The bar acts on what is shown: a filter narrows it, and says so.
  const approveAll = page.getByTestId('bulk-approve');
  await page.getByTestId('deployments-filter').locator('input').fill('cart');
  await expect(approveAll).toHaveText('Approve 1 shown awaiting…');
  await page.getByTestId('deployments-filter').locator('input').fill('');
  await expect(approveAll).toHaveText('Approve all awaiting (2)…');
  await approveAll.click();
  await expect(page.getByTestId('bulk-sentence')).toHaveText('Approve 2 paused deployments in Demo account');
  const targets = page.getByTestId('bulk-target');
  await expect(targets).toHaveCount(2);
  for (const s of ['cart', 'pricing']) {
    const t = page.locator(`[data-testid="bulk-target"][data-service="${s}"]`);
    await expect(t).toContainText('prod-fargate · us-east-1');
    await expect(t).toContainText(/\d\d:\d\d UTC \(◔ [\d:]+\), then rolls back/);
  }
  const apply = page.getByTestId('bulk-apply');
  await page.getByTestId('bulk-confirm-input').fill('approve 3');
  await expect(apply).toBeDisabled();
  await page.getByTestId('bulk-confirm-input').fill('approve 2');
  await expect(apply).toBeEnabled();
  await page.getByTestId('bulk-confirm-input').press('Enter');
  for (const s of ['cart', 'pricing']) await expect(page.locator(`[data-testid="bulk-target"][data-service="${s}"]`)).toHaveAttribute('data-result', 'done', { timeout: 30_000 });
  await expect(apply).toBeDisabled();
  const arns = { cart: (await latestDeployment(ecs, 'cart')).serviceDeploymentArn!, pricing: (await latestDeployment(ecs, 'pricing')).serviceDeploymentArn! };
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('bulk-dialog')).toBeHidden();

  // Both go on to the end: the sim's clock is moved past their canary bake and bake time.
  await expect
    .poll(
      async () => {
        const statuses = [(await latestDeployment(ecs, 'cart')).status, (await latestDeployment(ecs, 'pricing')).status];
        if (statuses.some((st) => st !== 'SUCCESSFUL')) await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 5 * 60_000 });
        return statuses;
      },
      { timeout: 90_000, intervals: [1_500] },
    )
    .toEqual(['SUCCESSFUL', 'SUCCESSFUL']);

  await page.getByTestId('nav-audit').click();
  for (const arn of Object.values(arns)) await expect(page.locator(`[data-testid="audit-row"][data-action="deployment.continue"][data-result="ok"][data-target="${arn}"]`)).toHaveCount(1, { timeout: 15_000 });
  ecs.destroy();
  expect(consoleProblems).toEqual([]);
});
