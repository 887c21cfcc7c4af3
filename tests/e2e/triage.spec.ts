import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { expect, goToRoute, openWharf, test } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * On-call triage on the demo scenario, in browser mode: the crash-looping `ledger` service's
 * stopped task shows the last lines its container wrote before exiting; its crash-loop
 * notification is listed once however often the data refreshes; the service page's CPU and
 * memory chart draws what the sim's GetMetricData answers for the same window.
 */
function simClients(wharf: WebMode) {
  if (!wharf.simEndpoint || !wharf.simCredentials) throw new Error('browser mode started without the Demo account');
  // The sim verifies signatures: sign with the pair it made for this launch.
  const credentials = wharf.simCredentials;
  return {
    ecs: new ECSClient({ endpoint: wharf.simEndpoint, region: 'us-east-1', credentials }),
    cloudwatch: new CloudWatchClient({ endpoint: wharf.simEndpoint, region: 'us-east-1', credentials }),
  };
}

/** The ledger service's most recently stopped task, read from the sim without Wharf. */
async function lastStoppedLedgerTask(ecs: ECSClient): Promise<{ id: string; stoppedAt: number }> {
  const list = await ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'ledger', desiredStatus: 'STOPPED' }));
  const { tasks = [] } = await ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: list.taskArns ?? [] }));
  const stopped = tasks.filter((t) => t.stoppedAt && t.stopCode === 'EssentialContainerExited').sort((a, b) => b.stoppedAt!.getTime() - a.stoppedAt!.getTime());
  if (!stopped.length) throw new Error('the demo has no stopped ledger task yet');
  return { id: stopped[0].taskArn!.split('/').pop()!, stoppedAt: stopped[0].stoppedAt!.getTime() };
}

test.describe('on-call triage', () => {
  test('the crash-looping service\'s stopped task shows its container\'s last lines before the exit', async ({ page, wharf }) => {
    const { ecs } = simClients(wharf);
    const task = await lastStoppedLedgerTask(ecs);
    await openWharf(page, wharf, `/clusters/prod-ec2/tasks/${task.id}`);
    const logs = page.getByTestId('task-logs');
    await expect(logs).toBeVisible({ timeout: 20_000 });
    const lines = logs.getByTestId('log-line');
    // The last line the sim wrote for this task before ECS stopped it, and the cause above it.
    await expect(lines.filter({ hasText: `process exited with code 1 (task ${task.id})` })).toHaveCount(1);
    await expect(lines.filter({ hasText: 'FATAL: could not connect to database at db.internal:5432 after 3 attempts' })).toHaveCount(1);
    await expect(lines.last()).toContainText(`process exited with code 1 (task ${task.id})`);
    // Opened "around the time it stopped".
    await expect(logs.getByTestId('log-range')).toContainText('Around the stop');

    // A search (FilterLogEvents) keeps only the matching lines.
    await logs.getByTestId('log-search').locator('input').fill('FATAL');
    await logs.getByTestId('log-search').locator('input').press('Enter');
    await expect(lines).toHaveCount(1);
    await expect(lines.first()).toContainText('FATAL: could not connect');

    // A tail in the dock stays open while the user moves on.
    await logs.getByRole('button', { name: 'Tail in dock' }).click();
    const tails = page.getByTestId('log-tails');
    await expect(tails.getByTestId('log-line').filter({ hasText: `process exited with code 1 (task ${task.id})` })).toHaveCount(1);
    await goToRoute(page, '/clusters/prod-ec2/services');
    await expect(tails).toBeVisible();
    ecs.destroy();
  });

  test('the crash loop is notified once across several polls and a reload', async ({ page, wharf }) => {
    // The first load of the cluster, its problems, then several polls: more than the default 30 s.
    test.setTimeout(60_000);
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    const bell = page.getByTestId('notification-bell');
    await expect(page.getByTestId('notification-unread')).toBeVisible({ timeout: 30_000 });
    const ledgerLoop = (p: typeof page) => p.getByTestId('notification-item').and(p.locator('[data-kind="crash-loop"][data-problem$=":service/prod-ec2/ledger"]'));

    await bell.click();
    await expect(page.getByTestId('notification-panel')).toBeVisible();
    await expect(ledgerLoop(page)).toHaveCount(1);
    await page.keyboard.press('Escape');

    // Several polls (the focused cluster refreshes every few seconds) and `r` refreshes.
    for (let i = 0; i < 3; i++) {
      await page.locator('body').press('r');
      await page.waitForTimeout(2000);
    }
    await page.reload();
    await expect(page.getByTestId('status-bar')).toBeVisible();
    await page.getByTestId('notification-bell').click();
    await expect(page.getByTestId('notification-panel')).toBeVisible();
    await expect(ledgerLoop(page)).toHaveCount(1);
    await expect(ledgerLoop(page)).toContainText('ledger: crash loop');
  });

  test('the service page\'s CPU/memory chart draws the sim\'s GetMetricData series', async ({ page, wharf }) => {
    const { cloudwatch } = simClients(wharf);
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    await goToRoute(page, '/clusters/prod-ec2/services/web');
    const chart = page.getByTestId('service-metrics');
    await expect(chart).toBeVisible({ timeout: 20_000 });
    await expect(chart).not.toHaveAttribute('data-cpu-points', '0', { timeout: 15_000 });
    await expect(chart.locator('canvas').first()).toBeVisible();

    const start = Number(await chart.getAttribute('data-start'));
    const end = Number(await chart.getAttribute('data-end'));
    const period = Number(await chart.getAttribute('data-period'));
    const dimensions = [{ Name: 'ClusterName', Value: 'prod-ec2' }, { Name: 'ServiceName', Value: 'web' }];
    const direct = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(end),
        MetricDataQueries: ['CPUUtilization', 'MemoryUtilization'].map((name, i) => ({
          Id: `m${i}`,
          MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: name, Dimensions: dimensions }, Period: period, Stat: 'Average' },
        })),
      }),
    );
    const [cpu, memory] = direct.MetricDataResults ?? [];
    // The sim's clock moves on between the chart's query and this one, and the current period
    // may have gained its point since: count what CloudWatch holds up to the chart's last point.
    const upTo = async (series: typeof cpu, attr: string) => {
      const last = Number(await chart.getAttribute(attr));
      return (series.Timestamps ?? []).filter((t) => t.getTime() <= last).length;
    };
    const cpuPoints = await upTo(cpu, 'data-cpu-last');
    const memoryPoints = await upTo(memory, 'data-memory-last');
    expect(cpuPoints).toBeGreaterThan(30);
    expect(cpu.Values!.length - cpuPoints).toBeLessThanOrEqual(1);
    await expect(chart).toHaveAttribute('data-cpu-points', String(cpuPoints));
    await expect(chart).toHaveAttribute('data-memory-points', String(memoryPoints));
    await expect(page.getByTestId('service-metrics-summary')).toContainText(`CPU: ${cpuPoints} points`);

    // Another range asks again, with its own period.
    await chart.getByRole('radio', { name: '24h' }).click();
    await expect(chart).toHaveAttribute('data-period', '600');
    await expect(chart).not.toHaveAttribute('data-cpu-points', '0');
    cloudwatch.destroy();
  });
});
