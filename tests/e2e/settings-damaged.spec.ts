import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callContract, expect, goToRoute, openWharf, test as base, browserMode, WORKER_WHARF } from './fixtures';
import type { WebMode } from './web-mode.cjs';

/**
 * Wharf started on a settings.json cut short by a crash: the window says so in a banner
 * (what was recovered and is in force — here the production mark, so the frame stays red —,
 * where the damaged copy is kept, that nothing in AWS changes while the read-only marks are
 * unknown), nothing overwrites the file, and "Keep what was recovered" writes it back.
 */
const DAMAGED = '{\n  "apiBudgetShare": 0.5,\n  "overviewRegions": ["eu-west-1"],\n  "productionProfiles": ["Demo account"],\n  "theme": "dark",\n  "readOnlyProfiles": ["Demo acc';
const test = base.extend<object, { wharf: WebMode }>({ wharf: [browserMode({ seed: 7, files: { 'settings.json': DAMAGED } }), WORKER_WHARF] });

test('a damaged settings.json is reported, kept aside and not overwritten; the production mark stays; keeping what was recovered writes it back', async ({ page, wharf }) => {
  test.setTimeout(90_000);
  await openWharf(page, wharf, '/overview');
  const banner = page.getByTestId('settings-problem');
  await expect(banner).toContainText('Wharf could not read its settings file.');
  await expect(banner).toContainText('In force now, recovered from it: API budget, Overview regions, Production profiles and Theme.');
  await expect(banner).toContainText('Read-only profiles was cut short: only the entries before the damage are kept. On defaults: Exec in read-only profiles, Muted clusters, History: days kept and History: size on disk.');
  await expect(page.getByTestId('settings-problem-held')).toBeVisible();
  const kept = (await page.getByTestId('settings-problem-kept').textContent())!.trim();
  expect(kept).toMatch(/settings\.json\.corrupt-/);
  expect(readFileSync(kept, 'utf8')).toBe(DAMAGED);
  await expect(page.locator('.frame')).toHaveAttribute('data-production', 'true');

  // Nothing changes in AWS while the read-only marks are unknown, and no setting is written over the file.
  const scale = await callContract(page, 'actions.scale', { cluster: 'prod-fargate', service: 'checkout', desiredCount: 9, confirmation: 'checkout', requestId: 'e2e-damaged-scale-1' });
  expect(scale.error).toMatchObject({ code: 'READ_ONLY', message: expect.stringMatching(/settings.json could not be read/) });
  await goToRoute(page, '/settings');
  await page.getByRole('radio', { name: 'Light' }).click({ force: true });
  await expect(page.getByRole('alert').filter({ hasText: 'Settings not saved' })).toContainText('does not overwrite it until you decide');
  expect(readFileSync(join(wharf.dataDir, 'settings.json'), 'utf8')).toBe(DAMAGED);

  await page.getByTestId('settings-problem-keep').click();
  await expect(banner).toHaveCount(0);
  const written = JSON.parse(readFileSync(join(wharf.dataDir, 'settings.json'), 'utf8'));
  expect(written).toMatchObject({ productionProfiles: ['Demo account'], overviewRegions: ['eu-west-1'], theme: 'dark', readOnlyProfiles: [] });
  await expect(page.locator('.frame')).toHaveAttribute('data-production', 'true');
  expect(readFileSync(kept, 'utf8')).toBe(DAMAGED);

  await goToRoute(page, '/audit');
  await expect(page.locator('[data-testid="audit-row"][data-action="settings.resolve"]')).toHaveCount(1);
});
