import type { Page } from '@playwright/test';
import { aws, expect, openWharf, simAdmin, test } from './fixtures';

/**
 * The inventory views against the AWS CLI reading the same sim in the same test. The sim's
 * clock moves (the demo's ledger crash-loops, api's new tasks pull), so each comparison reads
 * the CLI and the UI together and retries until they agree within the poll interval.
 */

interface CliDeployment { id: string; status: string; taskDefinition: string; desiredCount: number; runningCount: number; pendingCount: number; failedTasks: number; rolloutState?: string }
interface CliService { serviceName: string; desiredCount: number; runningCount: number; pendingCount: number; taskDefinition: string; deployments: CliDeployment[]; events: Array<{ id: string; message: string }> }
interface CliContainer { name: string; exitCode?: number; image: string }
interface CliTask { taskArn: string; stopCode?: string; stoppedReason?: string; lastStatus: string; containers: CliContainer[] }

const tdLabel = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

async function cliServices(endpoint: string, cluster: string): Promise<CliService[]> {
  const { serviceArns } = await aws<{ serviceArns: string[] }>(endpoint, 'ecs', 'list-services', '--cluster', cluster);
  const { services } = await aws<{ services: CliService[] }>(endpoint, 'ecs', 'describe-services', '--cluster', cluster, '--services', ...serviceArns);
  return services;
}

/** What the services table shows, row by row. */
async function tableRows(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('service-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((r) => {
        const cell = (id: string) => r.querySelector(`[data-testid="${id}"]`);
        const text = (id: string) => cell(id)?.textContent?.trim() ?? '';
        const rollout = cell('svc-rollout')?.getAttribute('data-rollout-state') ?? '';
        return [r.getAttribute('data-service') ?? '', `${text('svc-desired')}/${text('svc-running')}/${text('svc-pending')} ${rollout} ${text('svc-td')}`];
      }),
    ),
  );
}

function expectedRows(services: CliService[]): Record<string, string> {
  return Object.fromEntries(
    services.map((s) => {
      const primary = s.deployments.find((d) => d.status === 'PRIMARY');
      return [s.serviceName, `${s.desiredCount}/${s.runningCount}/${s.pendingCount} ${primary?.rolloutState ?? ''} ${tdLabel(s.taskDefinition)}`];
    }),
  );
}

async function setFaults(endpoint: string, faults: Record<string, unknown>): Promise<void> {
  await simAdmin(endpoint, '/__sim/faults', faults);
}

test.describe('inventory views equal what the AWS CLI reads from the same sim', () => {
  test.describe.configure({ timeout: 90_000 });

  test('services table: desired/running/pending, rollout state and task definition revision of every service', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    await expect(page.getByTestId('service-table')).toBeVisible();
    for (const cluster of ['prod-ec2', 'prod-fargate']) {
      await page.evaluate((h) => (window.location.hash = h), `/clusters/${cluster}/services`);
      await expect(page.getByTestId('service-count')).toHaveText(/\d+ services?/);
      await expect
        .poll(async () => {
          const [cli, ui] = await Promise.all([cliServices(sim, cluster), tableRows(page)]);
          const sorted = (o: Record<string, string>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
          const want = expectedRows(cli);
          return sorted(ui) === sorted(want) ? 'equal' : `ui ${sorted(ui)}\ncli ${sorted(want)}`;
        }, { timeout: 30_000, intervals: [1000] })
        .toBe('equal');
    }
  });

  test('service detail: deployments and events equal the CLI; the diff shows both revisions as registered', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-ec2/services/api');
    await expect(page.getByTestId('health-sentence')).toBeVisible();

    await expect
      .poll(async () => {
        const [[cli], ui] = await Promise.all([
          aws<{ services: CliService[] }>(sim, 'ecs', 'describe-services', '--cluster', 'prod-ec2', '--services', 'api').then((r) => r.services),
          page.getByTestId('deployment').evaluateAll((rows) =>
            rows.map((r) => {
              const t = (id: string) => r.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
              const rollout = r.querySelector('[data-testid="deployment-rollout"]')?.getAttribute('data-rollout-state') ?? '';
              return `${r.getAttribute('data-deployment')} ${t('deployment-status')} ${t('deployment-td')} ${rollout} ${t('deployment-running')}/${t('deployment-pending')}/${t('deployment-desired')}`;
            }),
          ),
        ]);
        const want = cli!.deployments.map((d) => `${d.id} ${d.status} ${tdLabel(d.taskDefinition)} ${d.rolloutState ?? ''} ${d.runningCount}/${d.pendingCount}/${d.desiredCount}`);
        return JSON.stringify(ui) === JSON.stringify(want) ? 'equal' : `ui ${JSON.stringify(ui)}\ncli ${JSON.stringify(want)}`;
      }, { timeout: 30_000, intervals: [1000] })
      .toBe('equal');

    await expect
      .poll(async () => {
        const [[cli], ui] = await Promise.all([
          aws<{ services: CliService[] }>(sim, 'ecs', 'describe-services', '--cluster', 'prod-ec2', '--services', 'api').then((r) => r.services),
          page.getByTestId('service-event').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-event-id')} ${r.querySelector('.message')?.textContent?.trim()}`)),
        ]);
        const want = cli!.events.slice(0, ui.length || 1).map((e) => `${e.id} ${e.message}`);
        return ui.length > 0 && JSON.stringify(ui) === JSON.stringify(want) ? 'equal' : `ui ${JSON.stringify(ui.slice(0, 3))}\ncli ${JSON.stringify(want.slice(0, 3))}`;
      }, { timeout: 30_000, intervals: [1000] })
      .toBe('equal');

    // The diff: while api rolls out, the old deployment's revision against the new one.
    const [cliService] = (await aws<{ services: CliService[] }>(sim, 'ecs', 'describe-services', '--cluster', 'prod-ec2', '--services', 'api')).services;
    const primary = cliService!.deployments.find((d) => d.status === 'PRIMARY')!;
    const old = cliService!.deployments.find((d) => d.status === 'ACTIVE')!;
    const describe = (arn: string) =>
      aws<{ taskDefinition: { cpu: string; memory: string; containerDefinitions: Array<{ name: string; image: string; portMappings?: Array<{ containerPort: number }> }> } }>(sim, 'ecs', 'describe-task-definition', '--task-definition', arn);
    const [left, right] = await Promise.all([describe(old.taskDefinition), describe(primary.taskDefinition)]);
    await expect(page.getByTestId('td-diff-left')).toHaveText(tdLabel(old.taskDefinition));
    await expect(page.getByTestId('td-diff-right')).toHaveText(tdLabel(primary.taskDefinition));
    const container = left.taskDefinition.containerDefinitions[0]!.name;
    const imageRow = page.locator(`[data-testid="td-diff-row"][data-key="Container ${container}/image"]`);
    await expect(imageRow.locator('.left')).toHaveText(left.taskDefinition.containerDefinitions[0]!.image);
    await expect(imageRow.locator('.right')).toHaveText(right.taskDefinition.containerDefinitions[0]!.image);
    await expect(imageRow).toHaveAttribute('data-change', left.taskDefinition.containerDefinitions[0]!.image === right.taskDefinition.containerDefinitions[0]!.image ? 'same' : 'changed');
    const cpuRow = page.locator('[data-testid="td-diff-row"][data-key="Task/cpu"]');
    await expect(cpuRow.locator('.left')).toContainText(`(${left.taskDefinition.cpu} units)`);
    await expect(cpuRow.locator('.right')).toContainText(`(${right.taskDefinition.cpu} units)`);
  });

  test('task detail: stop code, stopped reason and exit codes of a stopped task equal the CLI', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    const { taskArns } = await aws<{ taskArns: string[] }>(sim, 'ecs', 'list-tasks', '--cluster', 'prod-ec2', '--service-name', 'ledger', '--desired-status', 'STOPPED');
    expect(taskArns.length).toBeGreaterThan(0);
    const { tasks } = await aws<{ tasks: CliTask[] }>(sim, 'ecs', 'describe-tasks', '--cluster', 'prod-ec2', '--tasks', taskArns[0]!);
    const cli = tasks[0]!;
    const id = tdLabel(cli.taskArn);
    await openWharf(page, wharf, `/clusters/prod-ec2/tasks/${id}`);
    await expect(page.getByTestId('task-stop-code')).toHaveText(cli.stopCode ?? '—');
    await expect(page.getByTestId('task-stopped-reason')).toHaveText(cli.stoppedReason ?? '—');
    for (const c of cli.containers) {
      const box = page.locator(`[data-testid="task-container"][data-container="${c.name}"]`);
      if (c.exitCode === undefined) continue;
      await expect(box.getByTestId('container-exit')).toHaveAttribute('data-exit-code', String(c.exitCode));
      await expect(box.getByTestId('container-exit')).toContainText(`code ${c.exitCode}`);
    }
    // Exec is not enabled for ledger: the button says why rather than failing.
    await expect(page.getByTestId('action-exec')).toBeDisabled();
    await expect(page.getByTestId('exec-why')).toContainText('not enabled');
  });

  test('with 5xx faults on, the table keeps its rows and marks them stale, then recovers by itself', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-fargate/services');
    const rows = page.getByTestId('service-row');
    await expect(rows.first()).toBeVisible();
    const count = await rows.count();
    try {
      await setFaults(sim, { serverErrorRate: 1, latencyMs: 200 });
      await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 45_000 });
      await expect(page.getByTestId('stale-banner')).toContainText('retries by itself');
      await expect(rows).toHaveCount(count);
      await expect(page.getByTestId('service-table').getByText('stale').first()).toBeVisible();
    } finally {
      await setFaults(sim, { serverErrorRate: 0, latencyMs: 0 });
    }
    await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout: 45_000 });
    await expect(rows).toHaveCount(count);
  });

  test('expired credentials: the data stays, and the message names the fix', async ({ page, wharf }) => {
    const sim = wharf.simEndpoint!;
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    const rows = page.getByTestId('service-row');
    await expect(rows.first()).toBeVisible();
    const count = await rows.count();
    try {
      await setFaults(sim, { expireCredentialsAfterSeconds: 1 });
      const banner = page.getByTestId('stale-banner');
      await expect(banner).toContainText('have expired', { timeout: 45_000 });
      // The Demo account's own fix: it has no SSO or keys to renew (issue 14).
      await expect(page.getByTestId('stale-fix')).toContainText('turn off its expired-credentials fault');
      await expect(rows).toHaveCount(count);
    } finally {
      await setFaults(sim, { expireCredentialsAfterSeconds: 0 });
    }
  });
});
