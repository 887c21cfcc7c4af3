import type { Page } from '@playwright/test';
import { DescribeImageScanFindingsCommand, ECRClient } from '@aws-sdk/client-ecr';
import { aws, expect, goToRoute, openWharf, test } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * The registry's scan findings, per image, against `aws ecr describe-image-scan-findings` on
 * the same sim (the CLI follows every page itself): enhanced scanning for shop/checkout,
 * basic for shop/api; and the services each repository is run by. Then the capacity
 * reservation chart: its target labels drawn whole, and a provider without data saying so.
 * The system CLI (2.9) predates `fixedInVersion`, so that one column is checked against the
 * SDK (which knows it) on the same sim.
 */

/** "CVE|package" → fixed-in version (or "no fix yet"), read with the SDK. */
// Each test reads the CLI and the page on a machine whose two cores are shared.
test.describe.configure({ timeout: 60_000 });

async function sdkFixedIn(wharf: WebMode, repositoryName: string, imageDigest: string): Promise<Record<string, string>> {
  const ecr = new ECRClient({ endpoint: wharf.simEndpoint!, region: 'us-east-1', credentials: wharf.simCredentials! });
  const out: Record<string, string> = {};
  let nextToken: string | undefined;
  do {
    const page = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest }, nextToken, maxResults: 2 }));
    for (const f of page.imageScanFindings?.enhancedFindings ?? []) {
      for (const p of f.packageVulnerabilityDetails?.vulnerablePackages ?? []) {
        out[`${f.packageVulnerabilityDetails?.vulnerabilityId}|${p.name}`] = p.fixedInVersion && p.fixedInVersion !== 'NotAvailable' ? p.fixedInVersion : 'no fix yet';
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

interface CliEnhanced { severity: string; packageVulnerabilityDetails: { vulnerabilityId: string; sourceUrl?: string; vulnerablePackages: Array<{ name: string; version: string; release?: string; fixedInVersion?: string }> } }
interface CliBasic { name: string; severity: string; uri?: string; attributes: Array<{ key: string; value: string }> }
interface CliFindings { imageScanStatus: { status: string }; imageScanFindings: { findings?: CliBasic[]; enhancedFindings?: CliEnhanced[] } }
interface CliImage { imageDigest: string; imageTags?: string[]; imagePushedAt: string; imageScanStatus?: { status: string } }

/** The newest image of `repository` that the sim scanned with findings, by the CLI. */
async function newestScanned(endpoint: string, repository: string): Promise<CliImage> {
  const { imageDetails } = await aws<{ imageDetails: Array<CliImage & { imageScanFindingsSummary?: { findingSeverityCounts?: Record<string, number> } }> }>(endpoint, 'ecr', 'describe-images', '--repository-name', repository);
  const scanned = imageDetails.filter((d) => Object.values(d.imageScanFindingsSummary?.findingSeverityCounts ?? {}).some((n) => n > 0));
  scanned.sort((a, b) => Date.parse(b.imagePushedAt) - Date.parse(a.imagePushedAt));
  return scanned[0];
}

/** Each CVE row as "id|package|installed|fixed|severity", from the page. */
async function pageRows(page: Page): Promise<string[]> {
  const rows = page.getByTestId('registry-cve');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => ((td.querySelector('.word') ?? td).textContent ?? '').replace(/\s+/g, ' ').trim());
      return `${cells[1].replace(/ ↗$/, '')}|${cells[2]}|${cells[3]}|${cells[4]}|${cells[0]}`;
    }),
  );
}

async function openFindings(page: Page, repository: string, digest: string): Promise<void> {
  await goToRoute(page, `/registry?repo=${encodeURIComponent(repository)}`);
  const row = page.locator(`[data-testid="registry-image"][data-digest="${digest}"]`);
  await row.getByTestId('registry-scan').click();
  await expect(page.getByTestId('registry-findings')).toBeVisible();
  await expect(page.getByTestId('registry-cve').first()).toBeVisible();
}

test('an enhanced scan lists the CVEs the CLI reads: severity, package, installed and fixed-in version, advisory link', async ({ page, wharf, consoleProblems }) => {
  const image = await newestScanned(wharf.simEndpoint!, 'shop/checkout');
  const cli = await aws<CliFindings>(wharf.simEndpoint, 'ecr', 'describe-image-scan-findings', '--repository-name', 'shop/checkout', '--image-id', `imageDigest=${image.imageDigest}`);
  expect(cli.imageScanStatus.status).toBe('ACTIVE');
  const fixedIn = await sdkFixedIn(wharf, 'shop/checkout', image.imageDigest);
  const expected = (cli.imageScanFindings.enhancedFindings ?? []).flatMap((f) =>
    f.packageVulnerabilityDetails.vulnerablePackages.map((p) => {
      const id = f.packageVulnerabilityDetails.vulnerabilityId;
      const installed = `${p.version}${p.release ? `-${p.release}` : ''}`;
      return `${id}|${p.name}|${installed}|${fixedIn[`${id}|${p.name}`]}|${f.severity}`;
    }),
  );
  expect(Object.keys(fixedIn)).toHaveLength(expected.length);
  expect(expected.length).toBeGreaterThan(0);

  await openWharf(page, wharf, '/registry');
  await openFindings(page, 'shop/checkout', image.imageDigest);
  const findings = page.getByTestId('registry-findings');
  await expect(findings).toContainText('Enhanced scanning (Amazon Inspector)');
  expect((await pageRows(page)).sort()).toEqual(expected.sort());
  // Most severe first, and each CVE links to the advisory page the scan named.
  const severities = await page.getByTestId('registry-cve').evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent?.trim()));
  expect(severities[0]).toContain('CRITICAL');
  const first = cli.imageScanFindings.enhancedFindings!.find((f) => f.severity === 'CRITICAL')!;
  await expect(page.locator(`[data-testid="registry-cve"][data-id="${first.packageVulnerabilityDetails.vulnerabilityId}"] a`)).toHaveAttribute('href', first.packageVulnerabilityDetails.sourceUrl!);
  // The open image is in the address, so a reload comes back to the same findings.
  await expect(page).toHaveURL(new RegExp(`image=${encodeURIComponent(image.imageDigest).replace(/%3A/i, '(%3A|:)')}`));
  expect(consoleProblems).toEqual([]);
});

test("a basic scan lists the CLI's CVEs with package and installed version, and says it reports no fixed-in version", async ({ page, wharf }) => {
  const image = await newestScanned(wharf.simEndpoint!, 'shop/api');
  const cli = await aws<CliFindings>(wharf.simEndpoint, 'ecr', 'describe-image-scan-findings', '--repository-name', 'shop/api', '--image-id', `imageDigest=${image.imageDigest}`);
  const attr = (f: CliBasic, key: string) => f.attributes.find((a) => a.key === key)?.value;
  const expected = (cli.imageScanFindings.findings ?? []).map((f) => `${f.name}|${attr(f, 'package_name')}|${attr(f, 'package_version')}|not reported|${f.severity}`);
  expect(expected.length).toBeGreaterThan(0);

  await openWharf(page, wharf, '/registry');
  await openFindings(page, 'shop/api', image.imageDigest);
  await expect(page.getByTestId('registry-findings')).toContainText('Basic scanning does not report the version that fixes a finding');
  expect((await pageRows(page)).sort()).toEqual(expected.sort());
  // Closing takes the image out of the address.
  await page.getByRole('button', { name: 'Close the findings' }).click();
  await expect(page.getByTestId('registry-findings')).toHaveCount(0);
  await expect(page).not.toHaveURL(/image=/);
});

test("each repository names the services its images run in, as the services' task definitions say", async ({ page, wharf }) => {
  // Independently: the checkout service's task definition names a shop/checkout image.
  const { services } = await aws<{ services: Array<{ taskDefinition: string }> }>(wharf.simEndpoint, 'ecs', 'describe-services', '--cluster', 'prod-fargate', '--services', 'checkout');
  const { taskDefinition } = await aws<{ taskDefinition: { containerDefinitions: Array<{ image: string }> } }>(wharf.simEndpoint, 'ecs', 'describe-task-definition', '--task-definition', services[0].taskDefinition);
  expect(taskDefinition.containerDefinitions.some((c) => c.image.includes('/shop/checkout:'))).toBe(true);

  await openWharf(page, wharf, '/registry');
  const repoRow = page.locator('[data-testid="registry-repository"][data-name="shop/checkout"]');
  await expect(repoRow.getByTestId('registry-repository-users')).toHaveText('checkout');
  await repoRow.click();
  const runBy = page.getByTestId('registry-run-by');
  await expect(runBy).toContainText('Run by checkout in prod-fargate');
  await runBy.getByTestId('registry-user').filter({ hasText: 'checkout' }).click();
  await expect(page).toHaveURL(/#\/clusters\/prod-fargate\/services\/checkout$/);
});

/** The target labels' boxes and the chart's, in page pixels. */
async function targetLabelBoxes(page: Page) {
  return page.getByTestId('cluster-reservation').locator('.metric-chart').evaluate((host) => {
    const outer = host.getBoundingClientRect();
    const labels = [...host.querySelectorAll('text')].filter((t) => /target \d+ %/.test(t.textContent ?? ''));
    return {
      chart: { left: outer.left, right: outer.right, top: outer.top, bottom: outer.bottom },
      labels: labels.map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    };
  });
}

test('the capacity reservation chart draws each target label whole inside the chart, at 1440 and 1280 px', async ({ page, wharf }) => {
  const { capacityProviders } = await aws<{ capacityProviders: Array<{ name: string; autoScalingGroupProvider: { managedScaling: { status: string; targetCapacity: number } } }> }>(
    wharf.simEndpoint, 'ecs', 'describe-capacity-providers', '--capacity-providers', 'prod-ec2-general', 'prod-ec2-gpu',
  );
  const targets = capacityProviders.map((p) => `${p.name} target ${p.autoScalingGroupProvider.managedScaling.targetCapacity} %`).sort();

  await openWharf(page, wharf, '/clusters/prod-ec2/capacity');
  const chart = page.getByTestId('cluster-reservation');
  await expect(chart).not.toHaveAttribute('data-points', '0');
  await expect.poll(async () => (await targetLabelBoxes(page)).labels.map((l) => l.text).sort()).toEqual(targets);
  for (const width of [1440, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expect.poll(async () => {
      const { chart: c, labels } = await targetLabelBoxes(page);
      return labels.filter((l) => l.left < c.left || l.right > c.right || l.top < c.top || l.bottom > c.bottom).map((l) => l.text);
    }, { message: `every target label inside the chart at ${width} px` }).toEqual([]);
    // ... and none printed over another.
    const { labels } = await targetLabelBoxes(page);
    const overlapping = labels.filter((a, i) => labels.some((b, j) => j !== i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
    expect(overlapping.map((l) => l.text)).toEqual([]);
  }
});

test('a reservation chart without data says so: eu-edge-ec2 has managed scaling off', async ({ page, wharf }) => {
  // eu-edge (eu-west-1): its Auto Scaling provider has managed scaling off, so CloudWatch has
  // no CapacityProviderReservation for it; the CLI says both.
  const edge = await aws<{ capacityProviders: Array<{ autoScalingGroupProvider: { managedScaling: { status: string } } }> }>(wharf.simEndpoint, 'ecs', 'describe-capacity-providers', '--capacity-providers', 'eu-edge-ec2', '--region', 'eu-west-1');
  expect(edge.capacityProviders[0].autoScalingGroupProvider.managedScaling.status).toBe('DISABLED');
  const now = Math.floor(Date.now() / 1000);
  const metric = await aws<{ MetricDataResults: Array<{ Values: number[] }> }>(wharf.simEndpoint, 'cloudwatch', 'get-metric-data', '--region', 'eu-west-1', '--start-time', String(now - 6 * 3600), '--end-time', String(now), '--metric-data-queries',
    JSON.stringify([{ Id: 'r', MetricStat: { Metric: { Namespace: 'AWS/ECS/ManagedScaling', MetricName: 'CapacityProviderReservation', Dimensions: [{ Name: 'ClusterName', Value: 'eu-edge' }, { Name: 'CapacityProviderName', Value: 'eu-edge-ec2' }] }, Period: 300, Stat: 'Average' } }]));
  expect(metric.MetricDataResults[0].Values).toEqual([]);

  await openWharf(page, wharf, '/clusters/prod-ec2/capacity');
  await page.getByTestId('region-picker').click();
  // Naive's menu options carry no ARIA role: found by their class and exact text.
  await page.locator('.n-base-select-option').getByText('eu-west-1', { exact: true }).click();
  await expect(page.getByTestId('region-picker')).toHaveText(/eu-west-1/);
  await goToRoute(page, '/clusters/eu-edge/capacity');
  await expect(page.getByTestId('reservation-no-data')).toHaveText('No reservation data in the last 6h: managed scaling is off for eu-edge-ec2, and CloudWatch publishes CapacityProviderReservation only while it is on.');
  await expect(page.getByTestId('cluster-reservation').locator('.metric-chart')).toHaveCount(0);
  // The session is shared with the specs that run next in this worker: back to us-east-1.
  await page.getByTestId('region-picker').click();
  await page.locator('.n-base-select-option').getByText('us-east-1', { exact: true }).click();
  await expect(page.getByTestId('region-picker')).toHaveText(/us-east-1/);
});
