import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, goToRoute, openWharf, test } from './fixtures';

test.describe('the app frame in browser mode', () => {
  test('loads with no console errors and shows the Demo account in the account line', async ({ page, wharf, consoleProblems }) => {
    await openWharf(page, wharf);
    const line = page.getByTestId('account-line');
    await expect(line.getByTestId('profile-picker')).toHaveText(/Demo account/);
    // The session is open: an account id in groups of four and a region, no error banner.
    await expect(line.getByTestId('account-id')).toHaveText(/^\s*\d{4} \d{4} \d{4}\s*$/);
    await expect(line.getByTestId('region-picker')).toHaveText(/[a-z]{2}-[a-z]+-\d/);
    await expect(page.getByTestId('session-error')).toHaveCount(0);
    await expect(page.getByTestId('status-sim')).toHaveText('sim: demo');
    await expect(page).toHaveTitle(/Demo account · \d{4} \d{4} \d{4} · [a-z]{2}-[a-z]+-\d — Wharf$/);
    // Give late failures (a rejected call, a lazy chunk) a moment to surface.
    await page.waitForTimeout(500);
    expect(consoleProblems).toEqual([]);
  });

  test('keeps the token out of cookies and the address bar, and still connects after a reload', async ({ page, wharf }) => {
    const first = page.waitForResponse((r) => r.url().startsWith(wharf.origin) && r.request().resourceType() === 'document');
    await openWharf(page, wharf, '/overview');
    expect((await first).headers()['set-cookie']).toBeUndefined();
    expect(await page.context().cookies()).toEqual([]);
    // The page removed the token from the address bar and kept the route.
    expect(page.url()).not.toContain(wharf.token);
    expect(new URL(page.url()).hash).toBe('#/overview');
    await page.reload();
    await expect(page.getByTestId('account-line').getByTestId('account-id')).toHaveText(/\d{4} \d{4} \d{4}/);
    expect(await page.context().cookies()).toEqual([]);
  });

  test('a page opened without the token says what to do, and gets no data', async ({ page, wharf }) => {
    await page.goto(`${wharf.origin}/#/overview`);
    await expect(page.getByTestId('connection-problem')).toContainText('opened without its token');
    await expect(page.getByTestId('connection-problem')).toContainText('npm run web');
    await expect(page.getByTestId('account-id')).not.toHaveText(/\d{4}/);
    // A wrong token: not accepted, said as plainly.
    await page.goto(`${wharf.origin}/?token=not-the-token#/overview`);
    await expect(page.getByTestId('connection-problem')).toContainText('did not accept this page');
    expect(page.url()).not.toContain('not-the-token');
  });

  test('refuses the contract to a socket without the token or with a wrong one', async ({ page, wharf }) => {
    await openWharf(page, wharf);
    const outcomes = await page.evaluate(async (token) => {
      const attempt = (protocols: string[]): Promise<string> =>
        new Promise((resolve) => {
          const ws = new WebSocket(`ws://${window.location.host}/ws`, protocols);
          ws.onopen = () => resolve((ws.close(), 'open'));
          ws.onerror = () => resolve('refused');
        });
      return {
        none: await attempt(['wharf.v1']),
        wrong: await attempt(['wharf.v1', 'wharf.token.not-the-token']),
        right: await attempt(['wharf.v1', `wharf.token.${token}`]),
      };
    }, wharf.token);
    expect(outcomes).toEqual({ none: 'refused', wrong: 'refused', right: 'open' });
  });

  test('every route draws a view without errors', async ({ page, wharf, consoleProblems }) => {
    await openWharf(page, wharf);
    // Views belong to their own issues and change; the frame's promise is that each route
    // draws one (a titled page) inside the frame, with nothing in the console.
    const routes: Array<[string, string]> = [
      ['/problems', 'Problems'],
      ['/overview', 'All clusters'],
      ['/clusters/prod-ec2/services', 'Services'],
      ['/clusters/prod-ec2/services/web', 'Service'],
      ['/clusters/prod-ec2/tasks', 'Tasks'],
      ['/clusters/prod-ec2/tasks/0123456789abcdef0123456789abcdef', 'Task'],
      ['/clusters/prod-ec2/instances', 'Instances'],
      ['/clusters/prod-ec2/placement', 'Placement'],
      ['/clusters/prod-ec2/capacity', 'Capacity'],
      ['/registry', 'Registry'],
      ['/audit', 'Audit log'],
      ['/settings', 'Settings'],
      ['/no/such/view', 'Not found'],
    ];
    for (const [hash, title] of routes) {
      await goToRoute(page, hash);
      // The window title follows the route; then the view's own heading must be drawn.
      await expect(page).toHaveTitle(new RegExp(`^${title} — `));
      await expect(page.locator('main h1').first(), hash).toBeVisible();
      await expect(page.getByTestId('account-line')).toBeVisible();
    }
    await expect(page.locator('main h1').first()).toHaveText('Not found');
    expect(consoleProblems).toEqual([]);
  });

  test('keyboard: ? lists the shortcuts, : jumps by fuzzy name, Esc goes back to the list', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/overview');
    await page.locator('body').press('?');
    const overlay = page.getByRole('dialog').filter({ hasText: 'Keyboard shortcuts' });
    await expect(overlay).toContainText('Jump to anything');
    await expect(overlay).toContainText('Filter the current list');
    await page.keyboard.press('Escape');
    await expect(overlay).toHaveCount(0);

    await page.keyboard.press(':');
    const query = page.getByRole('combobox', { name: 'Jump to' });
    await expect(query).toBeFocused();
    await query.fill('sett');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/settings$/);

    // g then p goes to Problems; Esc goes from a service up to the list; 2 opens the Tasks tab.
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await expect(page).toHaveURL(/#\/problems$/);
    await goToRoute(page, '/clusters/prod-ec2/services/web');
    await expect(page).toHaveTitle(/^Service — /);
    await page.locator('body').press('Escape');
    await expect(page).toHaveURL(/#\/clusters\/prod-ec2\/services$/);
    await page.locator('body').press('2');
    await expect(page).toHaveURL(/#\/clusters\/prod-ec2\/tasks$/);
  });

  test('keyboard on a list: j/k move the highlighted row, / filters, Enter opens it, Esc goes back', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/clusters/prod-ec2/services');
    const rows = page.getByTestId('service-row');
    await expect(rows.first()).toBeVisible();
    const active = page.locator('[data-testid="service-row"][data-active]');
    const body = page.locator('body');
    // No row is highlighted at first; j takes the first, two more the third, k back to the second.
    await expect(active).toHaveCount(0);
    for (const key of ['j', 'j', 'j', 'k']) await body.press(key);
    await expect(active).toHaveCount(1);
    await expect(active).toHaveAttribute('aria-rowindex', '3'); // the header is row 1
    const name = await active.getAttribute('data-service');
    await body.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/clusters/prod-ec2/services/${name}$`));
    await body.press('Escape');
    await expect(page).toHaveURL(/#\/clusters\/prod-ec2\/services$/);

    await body.press('/');
    const filter = page.getByTestId('service-filter').locator('input');
    await expect(filter).toBeFocused();
    await filter.fill('web');
    await expect(page.getByTestId('service-count')).toHaveText(/^1 of \d+ services$/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-service', 'web');
  });

  test('About Wharf: version, commit, and that browser mode runs on Node with no Electron; Esc closes it', async ({ page, wharf, consoleProblems }) => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    await openWharf(page, wharf, '/problems');
    await page.getByTestId('about-button').click();
    const dialog = page.getByTestId('about-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`Wharf ${version}`);
    await expect(page.getByTestId('about-version')).toHaveText(version);
    // Written in by the build: a commit, not "unknown".
    await expect(page.getByTestId('about-commit')).toHaveText(/^[0-9a-f]{7,40}( \(modified\))?$/);
    await expect(page.getByTestId('about-mode')).toHaveText('browser mode (npm run web)');
    // Browser mode is served by the same Node that runs these tests (web-mode.cjs uses process.execPath).
    await expect(page.getByTestId('about-node')).toContainText(`Node ${process.versions.node}`);
    await expect(page.getByTestId('about-browser')).toHaveText(/^Chrom(e|ium) \d+$/);
    await expect(page.getByTestId('about-summary')).toContainText('Browser mode: no Electron.');
    await expect(page.getByTestId('about-updates')).toHaveText(/^off: /);
    await expect(page.getByTestId('about-electron')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/#\/problems$/);
    expect(consoleProblems).toEqual([]);
  });

  test('follows the OS colour scheme', async ({ page, wharf }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openWharf(page, wharf);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

test.describe('the frame around the views', () => {
  test('a profile marked production gets a red frame, and unmarking it (typed confirmation) removes it', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/overview');
    await expect(page.getByTestId('account-id')).toHaveText(/\d{4} \d{4} \d{4}/);
    const frame = page.locator('.frame');
    await expect(frame).not.toHaveAttribute('data-production', /.*/);

    await page.keyboard.press(':');
    await page.getByRole('combobox', { name: 'Jump to' }).fill('mark production');
    await page.keyboard.press('Enter');
    await expect(frame).toHaveAttribute('data-production', 'true');
    await expect(page.getByTestId('account-line')).toContainText('production');

    await page.keyboard.press(':');
    await page.getByRole('combobox', { name: 'Jump to' }).fill('unmark');
    await page.keyboard.press('Enter');
    // Removing a production mark lowers a safety setting: confirmed by typing the profile's name.
    const dialog = page.getByTestId('settings-safety-dialog');
    await expect(dialog).toContainText('Demo account is no longer marked production');
    await expect(frame).toHaveAttribute('data-production', 'true');
    await expect(page.getByTestId('settings-safety-apply')).toBeDisabled();
    await page.getByTestId('settings-safety-confirm-input').fill('Demo account');
    await page.getByTestId('settings-safety-apply').click();
    await expect(frame).not.toHaveAttribute('data-production', /.*/);
    await expect(dialog).toHaveCount(0);
  });

  test('Ctrl+J raises and lowers the dock; shortcuts wait while typing in a field', async ({ page, wharf }) => {
    await openWharf(page, wharf, '/overview');
    await page.keyboard.press('Control+j');
    await expect(page.getByTestId('dock')).toBeVisible();
    await page.keyboard.press('Control+j');
    await expect(page.getByTestId('dock')).toHaveCount(0);

    // "?" typed into the jump box is text, not the shortcut overlay.
    await page.keyboard.press(':');
    const query = page.getByRole('combobox', { name: 'Jump to' });
    await query.press('?');
    await expect(query).toHaveValue('?');
    await expect(page.getByRole('dialog').filter({ hasText: 'Keyboard shortcuts' })).toHaveCount(0);
  });
});
