import type { Page } from '@playwright/test';
import { aws, expect, openWharf, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * The all-clusters overview across regions, on the demo scenario (us-east-1, and eu-west-1's
 * quiet `eu-edge`): Settings adds eu-west-1, the overview lists both regions' clusters with
 * the counts the AWS CLI reads from the same sim, and opening `eu-edge` switches the session
 * to eu-west-1 and shows its services. Its own Wharf: the test changes settings and region.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

const EU = 'eu-west-1';

/** fixtures' aws() pins us-east-1 before the arguments; the CLI takes the last --region given. */
const awsIn = <T>(wharf: WebMode, region: string, ...args: string[]) => aws<T>(wharf.simEndpoint, ...args, '--region', region);

interface CliCluster {
  clusterName: string;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  registeredContainerInstancesCount: number;
}

const describeClusters = async (wharf: WebMode, region: string, names: string[]) =>
  (await awsIn<{ clusters: CliCluster[] }>(wharf, region, 'ecs', 'describe-clusters', '--clusters', ...names)).clusters;

const clusterNames = async (wharf: WebMode, region: string) =>
  (await awsIn<{ clusterArns: string[] }>(wharf, region, 'ecs', 'list-clusters')).clusterArns.map((arn) => arn.slice(arn.lastIndexOf('/') + 1));

/** The overview's rows: cluster name -> "region services/running/pending/instances". */
async function overviewRows(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('cluster-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((r) => {
        const text = (id: string) => r.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
        const region = text('cluster-region');
        return [r.getAttribute('data-cluster') ?? '', `${region} ${text('cluster-services')}/${text('cluster-running')}/${text('cluster-pending')}/${text('cluster-instances')}`];
      }),
    ),
  );
}

const rowOf = (region: string, c: CliCluster) =>
  `${region} ${c.activeServicesCount}/${c.runningTasksCount}/${c.pendingTasksCount}/${c.registeredContainerInstancesCount}`;

/** Picks a region in Settings' "Overview regions" select, as a person would: type, Enter. */
async function addOverviewRegion(page: Page, region: string): Promise<void> {
  const row = page.locator('.row').filter({ has: page.getByText('Overview regions', { exact: true }) });
  await row.locator('.n-base-selection').click();
  await page.keyboard.type(region);
  // Naive's menu options carry no ARIA role: found by their class and exact text.
  await page.locator('.n-base-select-option').getByText(region, { exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(row.locator('.n-base-selection')).toContainText(region);
}

test('the overview lists both regions with the CLI’s counts; opening eu-edge switches to eu-west-1 and shows its services', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(150_000);
  await openWharf(page, wharf, '/settings');
  const accountLine = page.getByTestId('account-line');
  await expect(accountLine.getByTestId('region-picker')).toHaveText(/us-east-1/);
  await addOverviewRegion(page, EU);

  await page.getByTestId('nav-overview').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('All clusters');

  // Every cluster of both regions, each with its region and the counts the CLI reads. The
  // us-east-1 counts move with the demo's rollouts and crash loop, so they are compared until
  // they agree: the overview answers from the pollers' cluster summaries, read every 60 s.
  const usNames = await clusterNames(wharf, 'us-east-1');
  const euNames = await clusterNames(wharf, EU);
  expect(euNames).toEqual(['eu-edge']);
  await expect(async () => {
    const expected = Object.fromEntries([
      ...(await describeClusters(wharf, 'us-east-1', usNames)).map((c) => [c.clusterName, rowOf('us-east-1', c)]),
      ...(await describeClusters(wharf, EU, euNames)).map((c) => [c.clusterName, rowOf(EU, c)]),
    ]);
    expect(await overviewRows(page)).toEqual(expected);
  }).toPass({ timeout: 75_000 });
  await expect(page.getByTestId('cluster-count')).toHaveText(`${usNames.length + 1} clusters`);

  // eu-edge is in another region: its link opens eu-west-1 first, then the cluster's services.
  await page.locator('[data-testid="cluster-row"][data-cluster="eu-edge"]').getByTestId('cluster-link').click();
  await expect(accountLine.getByTestId('region-picker')).toHaveText(new RegExp(EU));
  await expect(page).toHaveURL(/#\/clusters\/eu-edge\/services$/);
  const { serviceArns } = await awsIn<{ serviceArns: string[] }>(wharf, EU, 'ecs', 'list-services', '--cluster', 'eu-edge');
  const expectedServices = serviceArns.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).sort();
  expect(expectedServices).toHaveLength(4);
  await expect(page.getByTestId('service-table')).toBeVisible();
  await expect.poll(async () => (await page.getByTestId('svc-name').allTextContents()).map((t) => t.trim()).sort(), { timeout: 20_000 }).toEqual(expectedServices);
  await expect(page.getByTestId('session-error')).toHaveCount(0);
  expect(consoleProblems).toEqual([]);
});
