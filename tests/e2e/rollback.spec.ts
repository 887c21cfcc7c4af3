import { execFileSync } from 'node:child_process';
import { awsEnv, expect, openWharf, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * The rollback as an operator does it, on the demo scenario: pick the previous immutable tag
 * of checkout, see a one-line image change, type the service name, confirm; the AWS CLI then
 * shows a new revision identical to the old in every field but the image, and the UI follows
 * the deployment to COMPLETED. Browser mode's sim runs at 60x so the rollout takes seconds.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7, speed: 60 }), WORKER_WHARF] });

const AWS = process.env.AWS_CLI ?? '/usr/bin/aws';
/** What ECS sets itself on a revision; everything else must be equal. */
const READ_ONLY = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy', 'deregisteredAt', 'deleteRequestedAt'];

function aws(wharf: WebMode, args: string[]): unknown {
  if (!wharf.simEndpoint) throw new Error('Browser mode did not report its sim endpoint.');
  const out = execFileSync(AWS, ['--endpoint-url', wharf.simEndpoint, '--region', 'us-east-1', '--output', 'json', ...args], {
    env: awsEnv(wharf.simEndpoint),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

function serviceTaskDefinition(wharf: WebMode): string {
  const res = aws(wharf, ['ecs', 'describe-services', '--cluster', 'prod-fargate', '--services', 'checkout']) as { services: Array<{ taskDefinition: string }> };
  return res.services[0].taskDefinition;
}

function describeTd(wharf: WebMode, arn: string): { td: Record<string, unknown>; tags: Array<{ key: string; value: string }> } {
  const res = aws(wharf, ['ecs', 'describe-task-definition', '--task-definition', arn, '--include', 'TAGS']) as { taskDefinition: Record<string, unknown>; tags?: Array<{ key: string; value: string }> };
  return { td: res.taskDefinition, tags: res.tags ?? [] };
}

test('roll checkout back to its previous immutable tag, then see it COMPLETED', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(90_000);
  const before = serviceTaskDefinition(wharf);
  await openWharf(page, wharf, '/clusters/prod-fargate/services/checkout/rollback');

  const dialog = page.getByTestId('rollback-dialog');
  const first = dialog.getByTestId('rollback-target-image').first();
  await expect(first).toHaveAttribute('data-tag', 'v3.7.0');
  await expect(first).toContainText('immutable');
  await first.click();

  await expect(dialog.getByTestId('rollback-sentence')).toHaveText('Roll checkout back from v3.8.0 to v3.7.0 in Demo account / us-east-1');
  const rows = dialog.getByTestId('rollback-diff-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('containerDefinitions[app].image');
  await expect(rows.first()).toContainText('shop/checkout:v3.8.0');
  await expect(rows.first()).toContainText('shop/checkout:v3.7.0');

  const apply = dialog.getByTestId('rollback-apply');
  await expect(apply).toBeDisabled();
  await dialog.getByTestId('rollback-confirm-input').fill('checkou');
  await expect(apply).toBeDisabled();
  await dialog.getByTestId('rollback-confirm-input').fill('checkout');
  await apply.click();

  const state = dialog.getByTestId('rollout-state');
  await expect(state).toHaveAttribute('data-state', 'in-progress', { timeout: 15_000 }).catch(() => {});
  await expect(state).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  await expect(state).toContainText('COMPLETED');

  // The AWS CLI sees a new revision that is the old one in every field but the image.
  const after = serviceTaskDefinition(wharf);
  expect(after).not.toBe(before);
  const old = describeTd(wharf, before);
  const made = describeTd(wharf, after);
  const strip = (td: Record<string, unknown>) => Object.fromEntries(Object.entries(td).filter(([k]) => !READ_ONLY.includes(k)));
  const [a, b] = [strip(old.td), strip(made.td)];
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  const oldContainers = a.containerDefinitions as Array<Record<string, unknown>>;
  const newContainers = b.containerDefinitions as Array<Record<string, unknown>>;
  expect(newContainers.map((c, i) => ({ ...c, image: oldContainers[i].image }))).toEqual(oldContainers);
  expect(newContainers[0].image).toMatch(/shop\/checkout:v3\.7\.0$/);
  expect({ ...b, containerDefinitions: null }).toEqual({ ...a, containerDefinitions: null });
  expect(made.tags.filter((t) => t.key !== 'wharf:operation')).toEqual(old.tags.filter((t) => t.key !== 'wharf:operation'));
  expect(made.tags.some((t) => t.key === 'wharf:operation')).toBe(true);

  expect(consoleProblems).toEqual([]);
});

test('the registry shows the release history with the deployed image marked', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/registry?repo=shop/checkout');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registry');
  await expect(page.getByTestId('registry-repository').filter({ hasText: 'shop/checkout' })).toBeVisible();
  const images = page.getByTestId('registry-image');
  await expect(images).toHaveCount(8);
  const deployed = page.locator('[data-testid="registry-image"][data-deployed="true"]');
  await expect(deployed.first()).toContainText('checkout · deployed');
  await expect(images.first()).toContainText(/\d+(\.\d)? MiB/);
});

test('a rollback to an image that cannot start says FAILED and rolled back, plainly', async ({ page, wharf }) => {
  test.setTimeout(120_000);
  await openWharf(page, wharf, '/clusters/prod-ec2/services/api/rollback');
  const dialog = page.getByTestId('rollback-dialog');
  // v2.6.0's layers were never pushed completely: its tasks fail to start.
  await dialog.locator('[data-testid="rollback-target-image"][data-tag="v2.6.0"]').click();
  await expect(dialog.getByTestId('rollback-sentence')).toContainText('to v2.6.0');
  await dialog.getByTestId('rollback-confirm-input').fill('api');
  await dialog.getByTestId('rollback-apply').click();
  const state = dialog.getByTestId('rollout-state');
  await expect(state).toHaveAttribute('data-state', 'rolled-back', { timeout: 100_000 });
  await expect(state).toContainText('FAILED · rolled back');
  await expect(dialog.getByTestId('rollout-sentence')).toHaveText(/^FAILED and rolled back:/);
});
