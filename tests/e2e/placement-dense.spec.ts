import type { Page } from '@playwright/test';
import { test as base, aws, browserMode, expect, openWharf, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * The dense placement map at `large` (500 instances, 10,000 tasks, 2,000 services) in
 * browser mode, against the AWS CLI reading the same sim: the map opens dense, a highlighted
 * service keeps exactly the instances DescribeTasks places it on (count and cells), and a
 * cell opens the card map at its instance.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7, scenario: 'large' }), WORKER_WHARF] });

interface CliTask { taskArn: string; lastStatus: string; containerInstanceArn?: string }

const lastPart = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** Container instance id → how many live tasks of `service` DescribeTasks places on it. */
async function cliPlacement(endpoint: string, service: string): Promise<Record<string, number>> {
  const { taskArns } = await aws<{ taskArns: string[] }>(endpoint, 'ecs', 'list-tasks', '--cluster', 'large', '--service-name', service);
  const { tasks } = await aws<{ tasks: CliTask[] }>(endpoint, 'ecs', 'describe-tasks', '--cluster', 'large', '--tasks', ...taskArns);
  const out: Record<string, number> = {};
  for (const t of tasks) {
    if (t.lastStatus === 'STOPPED' || !t.containerInstanceArn) continue;
    const id = lastPart(t.containerInstanceArn);
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

/** The cells the dense map shows, with the highlighted service's count on each. */
async function pageCells(page: Page): Promise<Record<string, number>> {
  return page.getByTestId('placement-cell').evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-instance-id') ?? '', Number(c.getAttribute('data-highlighted'))])));
}

const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

test.describe('the dense placement map at 500 instances', () => {
  test.describe.configure({ timeout: 300_000 });

  test('opens dense, highlights exactly the instances DescribeTasks places a service on, and a cell opens its card', async ({ page, wharf, consoleProblems }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/large/placement');
    const dense = page.getByTestId('placement-dense');
    await expect(page.getByTestId('placement-layout')).toHaveAttribute('data-layout', 'cells', { timeout: 60_000 });
    await expect(dense).toHaveAttribute('data-instances', '500', { timeout: 180_000 });
    await expect(page.getByTestId('load-progress')).toHaveCount(0, { timeout: 240_000 });
    await expect(page.getByTestId('placement-cell')).toHaveCount(500);
    // Grouped by zone: three zones of the large cluster's Auto Scaling group.
    expect(await page.getByTestId('placement-dense-group').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-section')))).toEqual(['zone:us-east-1a', 'zone:us-east-1b', 'zone:us-east-1c']);

    // Hover: the cell's figures, as the card would give them.
    const first = page.getByTestId('placement-cell').first();
    await first.hover();
    const tip = page.getByTestId('placement-cell-tip');
    await expect(tip).toContainText('vCPU');
    await expect(tip).toContainText(`${await first.getAttribute('data-cpu')} %`);

    // Scrolled away, then a service picked in the legend's picker.
    await dense.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const service = 'svc-0050';
    await page.getByTestId('placement-highlight').click();
    await page.keyboard.type(service);
    await page.locator('.n-base-select-option').getByText(service, { exact: true }).click();
    await expect(dense).toHaveAttribute('data-highlight', service);

    const expected = await cliPlacement(sim, service);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    await expect.poll(async () => sorted(await pageCells(page))).toBe(sorted(expected));
    const count = page.getByTestId('placement-highlight-count');
    await expect(count).toHaveAttribute('data-instances', String(Object.keys(expected).length));
    await expect(count).toHaveAttribute('data-tasks', String(Object.values(expected).reduce((a, b) => a + b, 0)));
    await expect(count).toContainText(`on ${Object.keys(expected).length} of 500 instances`);
    // Scrolled to them: every highlighted cell is on screen.
    for (const cell of await page.getByTestId('placement-cell').all()) await expect(cell).toBeInViewport();

    // A click opens the card map at that instance, ringed and scrolled into view.
    const target = page.getByTestId('placement-cell').last();
    const arn = (await target.getAttribute('data-arn'))!;
    await target.click();
    await expect(page.getByTestId('placement-layout')).toHaveAttribute('data-layout', 'cards');
    const map = page.getByTestId('placement-map');
    await expect(map).toHaveAttribute('data-focus', arn);
    await expect(page).toHaveURL(new RegExp(`instance=${lastPart(arn)}`));
    await expect
      .poll(() => map.evaluate((el) => {
        const y = Number(el.getAttribute('data-focus-y'));
        return y >= el.scrollTop && y < el.scrollTop + el.clientHeight;
      }))
      .toBe(true);
    expect(consoleProblems).toEqual([]);
  });
});
