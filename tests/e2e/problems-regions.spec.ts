import { aws, callContract, expect, openWharf, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Problems across the regions the user watches, on the demo scenario: with eu-west-1 among the
 * overview regions, the Problems view (opened in us-east-1) lists eu-west-1's edge-purge
 * (EC2 launch type in a cluster without instances: stuck at 0 of 2) tagged with its region,
 * among us-east-1's problems, worst first; opening it switches the account line to eu-west-1
 * and shows the service. Its own Wharf: the test changes settings and region.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

const EU = 'eu-west-1';
const PURGE = 'arn:aws:ecs:eu-west-1:123456789012:service/eu-edge/edge-purge';
const RANK: Record<string, number> = { critical: 0, error: 1, warning: 2 };

interface CliService {
  serviceName: string;
  desiredCount: number;
  runningCount: number;
  events: Array<{ message: string }>;
}

test('the Problems view lists eu-west-1’s problem tagged eu-west-1; opening it switches the region and shows the service', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(90_000);
  await openWharf(page, wharf, '/problems');
  const accountLine = page.getByTestId('account-line');
  await expect(accountLine.getByTestId('region-picker')).toHaveText(/us-east-1/);
  await expect(page.getByTestId('problem-row').first()).toBeVisible({ timeout: 20_000 });
  // Before eu-west-1 is watched, no problem of it and no region tag.
  await expect(page.getByTestId('problem-region')).toHaveCount(0);

  expect((await callContract(page, 'settings.update', { overviewRegions: [EU] })).ok).toBe(true);

  // What the CLI reads in eu-west-1: edge-purge below its desired count, nothing placed.
  const [purge] = (await aws<{ services: CliService[] }>(wharf.simEndpoint, 'ecs', 'describe-services', '--cluster', 'eu-edge', '--services', 'edge-purge', '--region', EU)).services;
  expect(purge).toMatchObject({ desiredCount: 2, runningCount: 0 });

  const row = page.locator(`[data-testid="problem-row"][data-target="${PURGE}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('problem-region')).toHaveText(EU);
  await expect(row).toContainText(`0 of ${purge.desiredCount} tasks`);
  // us-east-1's problems stay, untagged; the order is worst first across both regions.
  const untagged = page.getByTestId('problem-row').filter({ hasNot: page.getByTestId('problem-region') });
  expect(await untagged.count()).toBeGreaterThan(0);
  expect(await page.getByTestId('problem-region').count()).toBe(await page.locator(`[data-testid="problem-row"][data-target*=":${EU}:"]`).count());
  const severities = (await page.locator('[data-testid="problem-row"] .sev').allTextContents()).map((t) => RANK[t.replace(/[^a-z]/g, '')]);
  expect(severities.every((s) => s !== undefined)).toBe(true);
  expect(severities).toEqual([...severities].sort((a, b) => a - b));

  await row.getByTestId('problem-link').click();
  await expect(accountLine.getByTestId('region-picker')).toHaveText(new RegExp(EU));
  await expect(page).toHaveURL(/#\/clusters\/eu-edge\/services\/edge-purge$/);
  await expect(page.locator('main h1').first()).toHaveText('edge-purge');
  // The service as eu-west-1's sim has it: its latest event, "unable to place", is on the page.
  const latest = purge.events[0].message;
  expect(latest).toMatch(/No Container Instances were found in your cluster/);
  await expect(page.getByTestId('service-event').first()).toContainText('No Container Instances were found in your cluster', { timeout: 20_000 });
  await expect(page.getByTestId('session-error')).toHaveCount(0);
  expect(consoleProblems).toEqual([]);
});
