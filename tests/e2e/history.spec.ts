import { expect, openWharf, test as base, browserMode, simAdmin, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * History on the demo with ledger's incident while Wharf watches (sim at 20x; a bad ledger
 * release 12 sim minutes (36 s) in, its tasks crash minutes after they start): the time bar dragged
 * to before the crash loop shows ledger healthy on payments-ledger:7, marked read-only with no
 * actions; "what changed" names the ledger deployment that started it, a link to its moment;
 * the events feed finds "unable to place" among every service's events, with counts. Its own
 * Wharf: the scenario differs from the shared one.
 */
const test = base.extend<object, { wharf: WebMode }>({
  wharf: [browserMode({ seed: 7, speed: 20, extraArgs: ['--ledger-incident-in', '12'] }), WORKER_WHARF],
});

test.describe.configure({ mode: 'serial' });

test('the time bar shows ledger healthy before the crash loop; what changed names the deployment that began it', async ({ page, wharf }) => {
  test.setTimeout(240_000);
  await openWharf(page, wharf, '/clusters/prod-ec2/services');
  const ledger = page.locator('[data-testid="service-row"][data-service="ledger"]');
  await expect(ledger).toBeVisible({ timeout: 30_000 });
  // Live: the bad release rolls out, its tasks crash, the Problems rules call it a crash loop.
  await expect(ledger.getByTestId('svc-status')).toHaveText(/crash.loop/, { timeout: 180_000 });
  await expect(ledger.getByTestId('svc-td')).toHaveText(/payments-ledger:8/);

  // Drag the time bar from now to ~12 s after Wharf began recording: before the release.
  const slider = page.getByTestId('time-slider');
  await expect(slider).toBeEnabled();
  const min = Number(await slider.getAttribute('min'));
  const max = Number(await slider.getAttribute('max'));
  const box = (await slider.boundingBox())!;
  const thumb = 8; // half a thumb: a range's values span its width less one thumb
  const xOf = (value: number) => box.x + thumb + ((value - min) / (max - min)) * (box.width - 2 * thumb);
  const y = box.y + box.height / 2;
  await page.mouse.move(xOf(max), y);
  await page.mouse.down();
  await page.mouse.move(xOf(min + 12_000), y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('past-banner')).toContainText(/as of \d\d:\d\d:\d\d — read-only/);
  await expect(page.locator('[data-past="true"]')).toBeVisible();
  await expect(ledger.getByTestId('svc-td')).toHaveText(/payments-ledger:7/, { timeout: 15_000 });
  await expect(ledger.getByTestId('svc-status')).not.toHaveText(/crash.loop|failed/);
  await expect(ledger.getByTestId('svc-running')).toHaveText('2');

  // The service page at that moment: no actions.
  await ledger.getByTestId('svc-name').click();
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('action-rollback')).toHaveCount(0);
  await expect(page.getByTestId('action-scale')).toHaveCount(0);
  // The deployments tab lists deployments now, and says so; its actions are off too.
  await page.locator('nav.cluster-bar a', { hasText: 'Deployments' }).click();
  await expect(page.getByTestId('past-note')).toContainText('deployments as they are now');
  await expect(page.getByTestId('row-approve').and(page.locator(':enabled'))).toHaveCount(0);
  await page.locator('nav.cluster-bar a', { hasText: 'Services' }).click();
  await ledger.getByTestId('svc-name').click();
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('action-rollback')).toHaveCount(0);
  // One of its tasks of then: the moment's tasks travel slim (what the tables and the map
  // read), so the task page asks history for its task whole: who started it is there.
  await page.getByTestId('service-tasks').getByTestId('task-link').first().click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f]+$/);
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('task-facts')).toContainText(/Started by\s*ecs-svc\//);
  await expect(page.getByTestId('task-state')).toBeVisible();
  await expect(page.getByTestId('task-logs-live')).toContainText('Now, not the moment shown');
  await page.goBack();
  await expect(page.getByTestId('service-tasks')).toBeVisible();
  // Its logs and the capacity chart are not history: they say they show now.
  await expect(page.getByTestId('service-logs-live')).toContainText('Now, not the moment shown');
  await expect(page.getByTestId('service-metrics-live')).toContainText('Now, not the moment shown');
  await page.locator('nav.cluster-bar a', { hasText: 'Capacity' }).click();
  await expect(page.getByTestId('past-banner')).toBeVisible();
  await expect(page.getByTestId('reservation-live')).toContainText('Now, not the moment shown');
  await page.goBack();
  await expect(page.getByTestId('service-tasks')).toBeVisible();

  // Back to now, then what changed in the last hour: the deployment of :8.
  await page.getByTestId('time-now').click();
  await expect(page.getByTestId('past-banner')).toHaveCount(0);
  await expect(page.getByTestId('action-rollback')).toBeVisible();
  // "N failed to start" lists the tasks it counted, as history recorded them, each a link.
  const current = page.getByTestId('deployment').filter({ hasText: 'payments-ledger:8' });
  await current.getByTestId('deployment-failed-toggle').click();
  const counted = current.getByTestId('deployment-counted-task');
  await expect(counted.first()).toContainText(/EssentialContainerExited.*exit 1/, { timeout: 15_000 });
  const countedId = (await counted.first().locator('a').innerText()).trim();
  await counted.first().locator('a').click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${countedId}`));
  await expect(page.getByTestId('task-stop-code')).toHaveText('EssentialContainerExited');
  await page.goBack();
  await page.getByTestId('open-what-changed').click();
  const list = page.getByTestId('what-changed-list');
  const started = list.locator('li[data-kind="deployment-started"]', { hasText: 'ledger: deployment started (payments-ledger:8' });
  await expect(started).toBeVisible({ timeout: 15_000 });
  await expect(list.locator('li[data-kind="task-definition-changed"]', { hasText: 'ledger: task definition payments-ledger:7 → payments-ledger:8' })).toBeVisible();
  await expect(page.getByTestId('what-changed-stopped')).toContainText('ledger');
  // Its moment is a link: the page then shows the cluster as of that change.
  await started.getByTestId('change-moment').click();
  await expect(page.getByTestId('past-banner')).toBeVisible();
});

test('the events feed finds "unable to place" among every service\'s events, with counts per kind and service', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/clusters/prod-ec2/events');
  const rows = page.getByTestId('events-row');
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  // The feed merges services: more than one service's events are there before a search.
  const before = await page.getByTestId('events-services').locator('button').count();
  expect(before).toBeGreaterThan(1);
  await page.getByTestId('events-search').locator('input').fill('unable to place');
  await expect(page.getByTestId('events-total')).toContainText(/\d+ events?/);
  // The search is debounced and read from core: wait until every row shown is a match (the
  // unsearched feed can begin with one too, so its first row proves nothing).
  await expect
    .poll(async () => {
      const texts = await rows.allInnerTexts();
      return texts.length > 1 && texts.every((t) => /unable to place/i.test(t));
    }, { timeout: 20_000 })
    .toBe(true);
  await expect(page.getByTestId('events-kinds').locator('[data-kind="unable-to-place"]')).toBeVisible();
  await expect(page.getByTestId('events-services')).toContainText('inference');

  // The feed of every watched cluster finds it too.
  await page.goto(`${wharf.url}#/events`);
  await page.getByTestId('events-search').locator('input').fill('unable to place');
  await expect
    .poll(async () => {
      const texts = await rows.allInnerTexts();
      return texts.length > 0 && texts.every((t) => /unable to place/i.test(t));
    }, { timeout: 20_000 })
    .toBe(true);
  await expect(page.getByTestId('events-services')).toContainText('inference');
});

test('a stopped task ECS no longer lists opens from history, with its reason, exit codes and logs; the event naming it links there', async ({ page, wharf }) => {
  test.setTimeout(180_000);
  await openWharf(page, wharf, '/clusters/prod-ec2/services/ledger');
  const current = page.getByTestId('deployment').filter({ hasText: 'payments-ledger:8' });
  await current.getByTestId('deployment-failed-toggle').click();
  const link = current.getByTestId('deployment-counted-task').first().locator('a');
  await expect(link).toBeVisible({ timeout: 15_000 });
  const taskId = /\/tasks\/([0-9a-f]+)$/.exec((await link.getAttribute('href')) ?? '')![1];

  // An hour and a minute later ECS lists it no more (the sim forgets stopped tasks after an hour).
  await simAdmin(wharf.simEndpoint, '/__sim/advance', { ms: 61 * 60_000 });
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(page.getByTestId('task-from-history')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('task-stop-code')).toHaveText('EssentialContainerExited');
  await expect(page.getByTestId('container-exit').first()).toHaveAttribute('data-exit-code', '1');
  await expect(page.getByTestId('task-logs')).toBeVisible();
  // Its logs too: ECS forgot the task, but its task definition names the streams CloudWatch keeps.
  await expect(page.getByTestId('task-logs').getByTestId('log-line').filter({ hasText: `(task ${taskId})` }).first()).toBeVisible({ timeout: 20_000 });

  // The service event that named it (when it started) links to the same page, from history.
  await page.goto(`${wharf.url}#/clusters/prod-ec2/events`);
  await page.getByTestId('events-search').locator('input').fill(taskId);
  const named = page.getByTestId('events-row').getByTestId('event-task-link').filter({ hasText: taskId });
  await expect(named.first()).toBeVisible({ timeout: 20_000 });
  await named.first().click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(page.getByTestId('task-from-history')).toBeVisible({ timeout: 15_000 });
});
