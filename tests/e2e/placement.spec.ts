import type { Page } from '@playwright/test';
import { aws, expect, openWharf, test } from './fixtures';

/**
 * Placement and capacity on the demo scenario, against the AWS CLI reading the same sim. The
 * sim's clock moves (ledger crash-loops, emailer's failing tasks start and stop), so each
 * comparison waits until the page shows a state the CLI read (untilPageShowsSimState).
 */

interface CliResource { name: string; integerValue?: number }
interface CliInstance { containerInstanceArn: string; ec2InstanceId: string; registeredResources: CliResource[]; remainingResources: CliResource[]; attributes?: Array<{ name: string; value?: string }> }
interface CliTask { taskArn: string; lastStatus: string; availabilityZone?: string; capacityProviderName?: string; launchType?: string }

const lastPart = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const resource = (list: CliResource[], name: string) => list.find((r) => r.name === name)?.integerValue ?? 0;

/** id → "section cpuReserved/cpuRegistered memReserved/memRegistered", from the CLI. */
async function cliInstances(endpoint: string, cluster: string): Promise<Record<string, string>> {
  const { containerInstanceArns } = await aws<{ containerInstanceArns: string[] }>(endpoint, 'ecs', 'list-container-instances', '--cluster', cluster);
  const { containerInstances } = await aws<{ containerInstances: CliInstance[] }>(endpoint, 'ecs', 'describe-container-instances', '--cluster', cluster, '--container-instances', ...containerInstanceArns);
  return Object.fromEntries(
    containerInstances.map((ci) => {
      const reg = ci.registeredResources;
      const rem = ci.remainingResources;
      const zone = ci.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value;
      const section = ci.ec2InstanceId.startsWith('mi-') ? 'external' : `zone:${zone}`;
      const cpu = `${resource(reg, 'CPU') - resource(rem, 'CPU')}/${resource(reg, 'CPU')}`;
      const mem = `${resource(reg, 'MEMORY') - resource(rem, 'MEMORY')}/${resource(reg, 'MEMORY')}`;
      return [lastPart(ci.containerInstanceArn), `${section} ${cpu} ${mem}`];
    }),
  );
}

async function describeTasks(endpoint: string, cluster: string, desired: 'RUNNING' | 'STOPPED'): Promise<CliTask[]> {
  const { taskArns } = await aws<{ taskArns: string[] }>(endpoint, 'ecs', 'list-tasks', '--cluster', cluster, '--desired-status', desired);
  const out: CliTask[] = [];
  for (let i = 0; i < taskArns.length; i += 100) {
    const { tasks } = await aws<{ tasks: CliTask[] }>(endpoint, 'ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...taskArns.slice(i, i + 100));
    out.push(...tasks);
  }
  return out;
}

/** The same keys with the same values, in any order. */
function same(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const sorted = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1)));
  return sorted(a) === sorted(b);
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

async function tableInstances(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid="placement-row"][data-kind="instance"]').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((r) => {
        const a = (n: string) => r.getAttribute(`data-${n}`) ?? '';
        return [a('instance-id'), `${a('section')} ${a('cpu-reserved')}/${a('cpu-registered')} ${a('mem-reserved')}/${a('mem-registered')}`];
      }),
    ),
  );
}

async function tablePools(page: Page): Promise<Record<string, number>> {
  return page.locator('[data-testid="placement-row"][data-kind="pool"]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [`${r.getAttribute('data-zone')}|${r.getAttribute('data-provider')}`, Number(r.getAttribute('data-task-count'))])),
  );
}

async function providerCounts(page: Page): Promise<Record<string, number>> {
  return page.getByTestId('capacity-provider').evaluateAll((cards) =>
    Object.fromEntries(cards.map((c) => [c.getAttribute('data-provider') ?? '', Number(c.getAttribute('data-task-count'))]).filter(([, n]) => (n as number) > 0)),
  );
}

/**
 * Waits until the page's figures equal one of the CLI's readings of the last `windowMs`: the
 * page lags the sim by up to a poll and the sim moves on meanwhile. One CLI reading against one
 * page reading raced on a loaded machine, where a pass of four CLI calls took longer than the
 * sim stood still: they never agreed in 30 s.
 */
async function untilPageShowsSimState<T extends Record<string, unknown>>(what: string, readCli: () => Promise<T>, readPage: () => Promise<T>, timeoutMs = 60_000, windowMs = 30_000): Promise<void> {
  const readings: Array<{ at: number; cli: T }> = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    readings.push({ at: Date.now(), cli: await readCli() });
    const ui = await readPage();
    if (readings.some((r) => r.at >= Date.now() - windowMs && same(ui, r.cli))) return;
    if (Date.now() > deadline) {
      throw new Error(`${what}: the page showed no state the CLI read in the last ${windowMs / 1000} s. Last CLI: ${JSON.stringify(readings.at(-1)!.cli)}; page: ${JSON.stringify(ui)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

test.describe('placement and capacity equal what the AWS CLI reads from the same sim', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the map shows every EC2 instance grouped by zone, with the reserved and registered figures of DescribeContainerInstances', async ({ page, wharf, consoleProblems }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-ec2/placement');
    const map = page.getByTestId('placement-map');
    await expect(map).toBeVisible();
    await expect(map).toHaveAttribute('data-instances', '9');
    await expect.poll(async () => Number(await map.getAttribute('data-draws'))).toBeGreaterThan(0);
    expect(await map.locator('canvas').count()).toBeGreaterThan(0);

    await page.getByTestId('placement-layout-table').click();
    await expect(page.getByTestId('placement-table')).toBeVisible();
    await untilPageShowsSimState('instances', () => cliInstances(sim, 'prod-ec2'), () => tableInstances(page));

    // Grouped by zone in name order, ECS Anywhere last; the DRAINING instance marked in words.
    const sections = await page.locator('tbody[data-section]').evaluateAll((bodies) => bodies.map((b) => b.getAttribute('data-section')));
    expect(sections).toEqual(['zone:us-east-1a', 'zone:us-east-1b', 'zone:us-east-1c', 'external']);
    await expect(page.locator('[data-testid="placement-row"][data-condition="draining"]')).toContainText('▲ DRAINING');
    expect(consoleProblems).toEqual([]);
  });

  test('Fargate tasks are grouped by zone and capacity provider, as DescribeTasks places them', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-fargate/placement');
    await expect(page.getByTestId('placement-map')).toBeVisible();
    await page.getByTestId('placement-layout-table').click();
    await untilPageShowsSimState(
      'Fargate pools',
      async () => {
        // Live tasks: desired RUNNING, plus those told to stop that are not STOPPED yet.
        const [running, stopped] = await Promise.all([describeTasks(sim, 'prod-fargate', 'RUNNING'), describeTasks(sim, 'prod-fargate', 'STOPPED')]);
        const all = [...running, ...stopped].filter((t) => t.lastStatus !== 'STOPPED');
        return countBy(all, (t) => `${t.availabilityZone}|${t.capacityProviderName ?? 'FARGATE'}`);
      },
      () => tablePools(page),
    );
  });

  test('the capacity view counts tasks per provider as DescribeTasks names their capacityProviderName', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-fargate/capacity');
    for (const cluster of ['prod-fargate', 'prod-ec2']) {
      await go(page, `/clusters/${cluster}/capacity`);
      await expect(page.getByTestId('capacity-view')).toBeVisible();
      await untilPageShowsSimState(
        `${cluster} providers`,
        async () => countBy(await describeTasks(sim, cluster, 'RUNNING'), (t) => t.capacityProviderName ?? `launch type ${t.launchType}`),
        () => providerCounts(page),
      );
    }
    // The demo's Spot interruption of image-resizer is listed, with its stop reason (other
    // services' interruptions may be listed before it: the newest come first).
    await go(page, '/clusters/prod-fargate/capacity');
    await expect(page.getByTestId('spot-interruption').filter({ hasText: 'image-resizer' }).first()).toContainText('Spot Task was interrupted');
  });

  test('highlighting a service opens its spread and headroom: the GPU service has no room left', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/clusters/prod-ec2/placement');
    await page.getByTestId('placement-legend').locator('[data-service="inference"]').click();
    const panel = page.getByTestId('headroom-panel');
    await expect(panel).toContainText('inference');
    await expect(panel).toContainText('distinctInstance, memberOf(attribute:ecs.instance-type =~ g4dn.*)');
    // One GPU instance, already running one task of it (distinctInstance): none fits.
    await expect(page.getByTestId('headroom-sentence')).toHaveAttribute('data-placed', '0');
    await expect(page.getByTestId('headroom-sentence')).toContainText('No — none fits now');
    await expect(page).toHaveURL(/service=inference/);

    await page.getByTestId('placement-legend').locator('[data-service="web"]').click();
    await expect(page.getByTestId('headroom-sentence')).toHaveAttribute('data-placed', '1');
    await expect(page.getByTestId('headroom-placement')).toHaveCount(1);
    // Its tasks per zone as bars: the fullest zone's bar fills its track, the counts add up.
    const zones = page.getByTestId('spread-zones').locator('li');
    await expect(zones.first()).toBeVisible();
    const drawn = await zones.evaluateAll((rows) => rows.map((r) => ({ n: Number(r.getAttribute('data-count')), fill: r.querySelector<HTMLElement>('.fill')!.getBoundingClientRect().width, track: r.querySelector<HTMLElement>('.track')!.getBoundingClientRect().width })));
    const most = Math.max(...drawn.map((z) => z.n));
    expect(most).toBeGreaterThan(0);
    for (const z of drawn) expect(Math.abs(z.fill - (z.track * z.n) / most)).toBeLessThan(1.5);
  });
});
