import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callContract, expect, goToRoute, openWharf, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * The audit log as an operator reads it, on the demo scenario: empty at first and saying what
 * will appear; a rollback made through the UI then shows as an entry whose before and after
 * are exactly what core wrote to audit.jsonl; a refused change (wrong confirmation) arrives
 * live, marked refused, with the reason. Its own Wharf, so the log starts empty.
 */
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7 }), WORKER_WHARF] });

interface FileEntry {
  action: string;
  result: string;
  before: unknown;
  after: unknown;
}

function auditFile(wharf: WebMode): FileEntry[] {
  return readFileSync(join(wharf.dataDir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FileEntry);
}

test('a rollback made in the UI shows with before and after; a refusal arrives live as refused', async ({ page, wharf, consoleProblems }) => {
  test.setTimeout(60_000);
  await openWharf(page, wharf, '/audit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  await expect(page.getByTestId('audit-empty')).toContainText('No changes recorded yet');

  // A change through the UI: roll checkout back to its previous immutable tag.
  await goToRoute(page, '/clusters/prod-fargate/services/checkout/rollback');
  const dialog = page.getByTestId('rollback-dialog');
  await dialog.locator('[data-testid="rollback-target-image"][data-tag="v3.7.0"]').click();
  await dialog.getByTestId('rollback-confirm-input').fill('checkout');
  await dialog.getByTestId('rollback-apply').click();
  await expect(dialog.getByTestId('rollout-state')).toBeVisible({ timeout: 15_000 });

  await goToRoute(page, '/audit');
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(1);
  const rollback = rows.first();
  await expect(rollback).toHaveAttribute('data-action', 'rollback.image');
  await expect(rollback).toHaveAttribute('data-result', 'ok');
  await expect(rollback).toHaveAttribute('data-target', /:service\/prod-fargate\/checkout$/);
  await expect(rollback).toContainText('Demo account');
  await expect(rollback).toContainText('us-east-1');
  await expect(rollback).toContainText('Roll back image');
  await expect(rollback.getByTestId('audit-target')).toHaveText('checkout · prod-fargate');
  await expect(rollback).toContainText('✓ok');
  await expect(rollback.getByTestId('audit-change')).toHaveText('v3.8.0 → v3.7.0');

  // j selects, Enter opens: before and after side by side, exactly what the file holds.
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  const detail = rollback.getByTestId('audit-detail');
  await expect(detail).toBeVisible();
  const written = auditFile(wharf);
  expect(written.map((e) => `${e.action} ${e.result}`)).toEqual(['rollback.image ok']);
  expect(JSON.parse((await detail.getByTestId('audit-before').textContent()) ?? '')).toEqual(written[0].before);
  expect(JSON.parse((await detail.getByTestId('audit-after').textContent()) ?? '')).toEqual(written[0].after);
  await expect(detail.getByTestId('audit-before')).toContainText('shop/checkout:v3.8.0');
  await expect(detail.getByTestId('audit-after')).toContainText('shop/checkout:v3.7.0');

  // A refused change (wrong confirmation) arrives while the view is open, at the top.
  const refusal = await callContract(page, 'actions.scale', { cluster: 'prod-fargate', service: 'checkout', desiredCount: 9, confirmation: 'checkou', requestId: 'e2e-scale-refused-2' });
  expect(refusal).toMatchObject({ ok: false, error: { code: 'NOT_CONFIRMED' } });
  await expect(rows).toHaveCount(2);
  const refused = rows.first();
  await expect(refused).toHaveAttribute('data-result', 'refused');
  await expect(refused).toHaveAttribute('data-action', 'scale');
  await expect(refused).toContainText('⊘refused');
  // The selection stayed on the rollback, which moved down one row.
  await expect(rows.nth(1)).toHaveAttribute('data-active', 'true');

  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  const refusedDetail = refused.getByTestId('audit-detail');
  await expect(refusedDetail.getByTestId('audit-error')).toContainText('The confirmation does not match: type "checkout" exactly');
  await expect(refusedDetail.getByTestId('audit-before')).toContainText('"desiredCount"');
  await expect(refusedDetail.getByTestId('audit-after')).toHaveText('null');
  await expect(refusedDetail).toContainText('Nothing changed');
  expect(auditFile(wharf).map((e) => `${e.action} ${e.result}`)).toEqual(['rollback.image ok', 'scale refused']);

  // "/" filters by result, action, target or profile.
  await page.keyboard.press('/');
  await expect(page.getByTestId('audit-filter').locator('input')).toBeFocused();
  await page.keyboard.type('refused');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-result', 'refused');
  await page.getByTestId('audit-filter').locator('input').fill('action:rollback');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-action', 'rollback.image');
  await expect(page.getByTestId('audit-start')).toBeVisible();

  expect(consoleProblems).toEqual([]);
});
