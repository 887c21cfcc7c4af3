import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startWebMode, type WebMode } from './web-mode.cjs';

// Its own Wharf, with an AWS config holding an SSO profile whose login never happened (the
// HOME folder is empty, so there is no token cache): opening it must fail with the fix, and
// the Demo account must stay open.
test.describe('a profile that cannot open', () => {
  let home: string;
  let wharf: WebMode;

  test.beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'wharf-e2e-home-'));
    const config = join(home, 'aws-config');
    writeFileSync(
      config,
      [
        '[profile prod-admin]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Admin',
        'region = eu-west-1',
        '',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.invalid/start',
        'sso_region = eu-west-1',
        '',
      ].join('\n'),
    );
    wharf = await startWebMode({
      seed: 7,
      env: { HOME: home, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'), AWS_PROFILE: '' },
    });
  });

  test.afterAll(async () => {
    await wharf?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('says what failed and the fix, and keeps the last good session', async ({ page }) => {
    await page.goto(wharf.url);
    const line = page.getByTestId('account-line');
    await expect(line.getByTestId('account-id')).toHaveText(/\d{4} \d{4} \d{4}/);
    await expect(line.getByTestId('profile-picker')).toHaveText(/Demo account/);

    await line.getByTestId('profile-picker').click();
    await page.getByText('prod-admin', { exact: true }).click();

    const banner = page.getByTestId('session-error');
    await expect(banner).toContainText('Could not open prod-admin');
    await expect(banner.locator('code')).toHaveText('aws sso login --profile prod-admin');
    await expect(banner).toContainText('Still showing Demo account');
    await expect(line.getByTestId('profile-picker')).toHaveText(/Demo account/);

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
  });
});
