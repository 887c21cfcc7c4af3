// Screenshots of Wharf's main screens, dark and light, into docs/screenshots/ (the README
// shows them). Builds nothing: run `npm run build` first. Starts browser mode like the e2e
// fixture (demo scenario, seed 7) and drives the system Chromium.
//
//   node scripts/screenshots.mjs            every screen
//   node scripts/screenshots.mjs settings   only the screens whose name starts with an argument
//
// Add a screen by adding an entry to SCREENS: a name, the route, and optionally what to do
// on the page before the picture (open an overlay, pick a row) and after it (undo a region switch).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import e2eWebMode from '../tests/e2e/web-mode.cjs';
import e2eChromium from '../tests/e2e/chromium.cjs';

const { startWebMode } = e2eWebMode;
const { CHROMIUM_ARGS, chromiumPath } = e2eChromium;
const OUT = resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

/** @type {Array<{ name: string, route: string, scenario?: string, widths?: number[], prepare?: (page: import('playwright-core').Page) => Promise<void>, after?: (page: import('playwright-core').Page) => Promise<void> }>} */
const SCREENS = [
  { name: 'overview', route: '/overview' },
  { name: 'problems', route: '/problems' },
  { name: 'services', route: '/clusters/prod-ec2/services' },
  { name: 'service', route: '/clusters/prod-ec2/services/api', prepare: (page) => page.getByTestId('health-sentence').waitFor() },
  {
    name: 'service-diff',
    route: '/clusters/prod-ec2/services/api',
    prepare: async (page) => {
      await page.getByTestId('td-diff').scrollIntoViewIfNeeded();
    },
  },
  {
    // The exact change of an image rollback: the tag marked inside the image URI.
    name: 'rollback-diff',
    route: '/clusters/prod-fargate/services/checkout',
    prepare: async (page) => {
      await page.getByTestId('action-rollback').click();
      await page.getByTestId('rollback-target-image').first().click();
      await page.getByTestId('diff-word').first().waitFor();
    },
  },
  { name: 'tasks', route: '/clusters/prod-ec2/tasks', prepare: (page) => page.getByTestId('task-row').first().waitFor() },
  {
    name: 'task',
    route: '/clusters/prod-ec2/tasks',
    prepare: async (page) => {
      // A task the crash loop stopped: stop code, reason and exit code in words.
      await page.getByTestId('task-row').filter({ hasText: 'stopped with error' }).first().getByTestId('task-link').click();
      await page.getByTestId('task-sentence').waitFor();
    },
  },
  { name: 'instances', route: '/clusters/prod-ec2/instances', prepare: (page) => page.getByTestId('instance-row').first().waitFor() },
  { name: 'settings', route: '/settings' },
  // Placement: the EC2 cluster with one service picked out (spread and headroom beside it).
  { name: 'placement', route: '/clusters/prod-ec2/placement?service=api', prepare: (page) => page.getByTestId('headroom-sentence').waitFor() },
  { name: 'placement-fargate', route: '/clusters/prod-fargate/placement', prepare: (page) => page.getByTestId('placement-map').waitFor() },
  // The dense map at `large` (500 instances, 2,000 services), at two widths: the whole
  // cluster sorted fullest first, and one service highlighted (only its instances, counted).
  { name: 'placement-dense', scenario: 'large', widths: [1440, 1280], route: '/clusters/large/placement', prepare: (page) => largeLoaded(page) },
  {
    name: 'placement-dense-highlight',
    scenario: 'large',
    widths: [1440, 1280],
    route: '/clusters/large/placement?service=svc-0050',
    prepare: async (page) => {
      await largeLoaded(page);
      await page.getByTestId('placement-highlight-count').waitFor();
      await page.getByTestId('headroom-sentence').waitFor({ timeout: 60_000 });
    },
  },
  { name: 'capacity', route: '/clusters/prod-fargate/capacity', prepare: (page) => page.getByTestId('spot-interruption').first().waitFor() },
  {
    name: 'capacity-ec2',
    route: '/clusters/prod-ec2/capacity',
    prepare: async (page) => {
      await page.getByTestId('cluster-reservation').locator('svg text').filter({ hasText: 'target' }).first().waitFor();
      await page.getByTestId('cluster-reservation').scrollIntoViewIfNeeded();
    },
  },
  // eu-edge's Auto Scaling provider has managed scaling off: the reservation chart says it has no data.
  {
    name: 'capacity-no-data',
    route: '/clusters/prod-ec2/capacity',
    prepare: async (page) => {
      await page.getByTestId('region-picker').click();
      await page.locator('.n-base-select-option').getByText('eu-west-1', { exact: true }).click();
      await page.getByTestId('region-picker').filter({ hasText: 'eu-west-1' }).waitFor();
      await page.evaluate(() => (globalThis.location.hash = '/clusters/eu-edge/capacity'));
      await page.getByTestId('reservation-no-data').waitFor({ timeout: 30_000 });
      await page.getByTestId('cluster-reservation').scrollIntoViewIfNeeded();
    },
    // The session is core's: back to us-east-1 for the screens after this one.
    after: async (page) => {
      await page.getByTestId('region-picker').click();
      await page.locator('.n-base-select-option').getByText('us-east-1', { exact: true }).click();
      await page.getByTestId('region-picker').filter({ hasText: 'us-east-1' }).waitFor();
    },
  },
  // The registry: shop/checkout (enhanced scanning), its newest image's CVEs open.
  {
    name: 'registry',
    route: '/registry?repo=shop/checkout',
    prepare: async (page) => {
      await page.getByTestId('registry-scan').first().click();
      await page.getByTestId('registry-cve').first().waitFor();
    },
  },
  // The profile switcher: each profile's region, account once known, and marks.
  {
    name: 'profiles',
    route: '/overview',
    prepare: async (page) => {
      await page.getByTestId('profile-picker').click();
      await page.getByTestId('profile-option').first().waitFor();
    },
  },
  // EKS beside ECS: the overview's cards, a cluster's page, its pod placement map (pending
  // pods and headroom beside it), and a cluster whose Kubernetes API refuses the demo's identity.
  {
    name: 'eks-overview',
    route: '/overview',
    prepare: async (page) => {
      await page.locator('[data-testid="eks-cluster-card"][data-cluster="shop-eks"]').getByTestId('eks-cluster-nodes').filter({ hasText: 'Ready' }).waitFor({ timeout: 30_000 });
      await page.getByTestId('overview-eks').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'eks-cluster',
    route: '/eks/us-east-1/shop-eks',
    prepare: async (page) => {
      await page.getByTestId('eks-nodegroup').first().waitFor();
      await page.locator('[data-testid="eks-nodegroup"][data-name="spot-batch"]').filter({ hasText: '1 / 2' }).waitFor({ timeout: 30_000 });
      // Past the cluster's problems (the Problems view has them): node groups, Fargate, add-ons, insights.
      await page.getByTestId('eks-nodegroups').evaluate((el) => el.closest('section, div')?.scrollIntoView({ block: 'start' }));
    },
  },
  { name: 'eks-placement', route: '/eks/us-east-1/shop-eks/placement', prepare: (page) => page.getByTestId('eks-headroom-sentence').waitFor({ timeout: 30_000 }) },
  { name: 'eks-refused', route: '/eks/us-east-1/data-eks', prepare: (page) => page.locator('[data-testid="eks-access-banner"][data-state="unauthorized"]').waitFor({ timeout: 30_000 }) },
  // The deployment control room: the paused blue/green first with its countdown, then failing, in
  // progress and finished; and the paused blue/green's own page (stage strip, traffic, targets, diff).
  { name: 'deployments', route: '/deployments', prepare: (page) => page.locator('[data-testid="deployment-row"][data-service="storefront"][data-section="needs-action"]').waitFor({ timeout: 60_000 }) },
  {
    name: 'deployment-bluegreen',
    route: '/deployments',
    prepare: async (page) => {
      await page.locator('[data-testid="deployment-row"][data-service="storefront"][data-section="needs-action"]').click({ timeout: 60_000 });
      await page.getByTestId('detail-countdown').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="deployment-panel"] [data-testid="stage-strip"]').waitFor();
    },
  },
  {
    name: 'shortcuts',
    route: '/overview',
    prepare: async (page) => {
      await page.keyboard.press('?');
      await page.getByRole('dialog').filter({ hasText: 'Keyboard shortcuts' }).waitFor();
    },
  },
  {
    name: 'jump',
    route: '/overview',
    prepare: async (page) => {
      await page.keyboard.press(':');
      await page.getByRole('combobox', { name: 'Jump to' }).fill('se');
    },
  },
  // History: by now Wharf has recorded a few minutes of the demo.
  { name: 'history-past', route: '/clusters/prod-ec2/services', prepare: (page) => pastMoment(page, 0.3) },
  { name: 'history-placement', route: '/clusters/prod-ec2/placement', prepare: async (page) => { await pastMoment(page, 0.9); await page.getByTestId('placement-map').waitFor(); } },
  {
    name: 'history-changes',
    route: '/clusters/prod-ec2/services',
    prepare: async (page) => {
      await page.getByTestId('service-row').first().waitFor();
      await page.getByTestId('open-what-changed').click();
      await page.getByTestId('what-changed-list').locator('li').first().or(page.getByTestId('what-changed-stopped').locator('li').first()).waitFor({ timeout: 60_000 });
    },
  },
  { name: 'history-events', route: '/clusters/prod-ec2/events', prepare: (page) => page.getByTestId('events-row').first().waitFor() },
  {
    // The circuit breaker's "N failed to start", opened: the tasks it counted, as history recorded them.
    name: 'history-counted',
    route: '/clusters/prod-ec2/services/ledger',
    prepare: async (page) => {
      await page.getByTestId('deployment-failed-toggle').first().click({ timeout: 120_000 });
      await page.getByTestId('deployment-counted-task').first().waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'about',
    route: '/overview',
    prepare: async (page) => {
      await page.getByTestId('about-button').click();
      await page.getByTestId('about-commit').waitFor();
    },
  },
  {
    // Last: its entries come from changes to checkout (undone again), which the other screens need not see.
    name: 'audit',
    route: '/audit',
    prepare: async (page) => {
      await page.getByTestId('audit-empty').or(page.getByTestId('audit-row').first()).waitFor();
      if ((await page.getByTestId('audit-row').count()) === 0) await seedAuditLog(page);
      await page.getByTestId('audit-row').nth(2).waitFor();
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await page.getByTestId('audit-detail').waitFor();
    },
  },
];

/** Waits until the large cluster's 500 instances and (nearly) all its 10,000 tasks are in. */
async function largeLoaded(page) {
  await page.waitForFunction(() => Number(globalThis.document.querySelector('[data-testid="placement-dense"]')?.getAttribute('data-instances')) === 500, undefined, { timeout: 300_000, polling: 500 });
  await page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: 300_000 });
}

/** Moves the time bar to `fraction` of the recorded stretch and waits for that moment's services. */
async function pastMoment(page, fraction) {
  const slider = page.getByTestId('time-slider');
  await page.waitForFunction(() => {
    const el = globalThis.document.querySelector('[data-testid="time-slider"]');
    return el && !el.disabled && Number(el.max) - Number(el.min) > 20_000;
  }, undefined, { timeout: 120_000 });
  const min = Number(await slider.getAttribute('min'));
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(Math.round(min + (max - min) * fraction)));
  await page.getByTestId('past-banner').waitFor();
  await page.waitForFunction(() => !/reading history/.test(globalThis.document.querySelector('[data-testid="past-banner"]')?.textContent ?? 'reading history'));
  await page.getByTestId('service-row').first().or(page.getByTestId('placement-map')).waitFor();
}

/**
 * Three audit entries on checkout, made as any browser-mode client would (its own socket on
 * the contract): a refused scale (wrong confirmation), a scale up, and the scale back down.
 */
async function seedAuditLog(page) {
  const call = (method, args) =>
    page.evaluate(
      ({ method, args }) =>
        new Promise((resolve, reject) => {
          const token = globalThis.sessionStorage.getItem('wharf.token') ?? '';
          const ws = new WebSocket(`ws://${globalThis.location.host}/ws`, ['wharf.v1', `wharf.token.${token}`]);
          ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, args }));
          ws.onerror = () => reject(new Error('The contract socket failed.'));
          ws.onmessage = (e) => {
            const message = JSON.parse(String(e.data));
            if (message.kind === 'result' && message.id === 1) resolve((ws.close(), message));
          };
        }),
      { method, args },
    );
  const service = { cluster: 'prod-fargate', service: 'checkout' };
  await call('actions.scale', { ...service, desiredCount: 9, confirmation: 'checkou', requestId: 'screenshot-scale-0' });
  const { result } = await call('audit.list', { limit: 1 });
  const desired = result.entries[0].before.desiredCount;
  await call('actions.scale', { ...service, desiredCount: desired + 1, confirmation: 'checkout', requestId: 'screenshot-scale-1' });
  await call('actions.scale', { ...service, desiredCount: desired, confirmation: 'checkout', requestId: 'screenshot-scale-2' });
}

async function main() {
  const only = process.argv.slice(2);
  const screens = SCREENS.filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)));
  mkdirSync(OUT, { recursive: true });
  for (const scenario of [...new Set(screens.map((s) => s.scenario ?? 'demo'))]) {
    await shoot(scenario, screens.filter((s) => (s.scenario ?? 'demo') === scenario));
  }
}

/** The screens of one scenario, in one browser mode; a screen with `widths` once per width (its name carries the width). */
async function shoot(scenario, screens) {
  // The machine's own ~/.aws stays out of the pictures: a few example profiles instead (none
  // named `default`, so the Demo account still opens first).
  const awsDir = mkdtempSync(join(tmpdir(), 'wharf-screens-aws-'));
  writeFileSync(
    join(awsDir, 'config'),
    [
      '[profile prod-admin]', 'region = eu-west-1', 'sso_session = corp', 'sso_account_id = 111122223333', 'sso_role_name = Admin', 'wharf_production = true', '',
      '[profile prod-readonly]', 'region = eu-west-1', 'sso_session = corp', 'sso_account_id = 111122223333', 'sso_role_name = ReadOnly', 'wharf_production = true', '',
      '[profile staging]', 'region = us-east-2', 'role_arn = arn:aws:iam::444455556666:role/Deploy', 'source_profile = prod-admin', '',
      '[profile sandbox]', 'region = us-west-2', 'credential_process = /usr/local/bin/sandbox-creds', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.invalid/start', 'sso_region = eu-west-1', '',
    ].join('\n'),
  );
  const env = { AWS_CONFIG_FILE: join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'), AWS_PROFILE: '' };
  const wharf = await startWebMode({ seed: 7, env, ...(scenario === 'demo' ? {} : { scenario }) });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    for (const colorScheme of ['dark', 'light']) {
      const page = await browser.newPage({ viewport: VIEWPORT, colorScheme, deviceScaleFactor: 1 });
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      for (const screen of screens) {
        for (const width of screen.widths ?? [VIEWPORT.width]) {
          await page.setViewportSize({ width, height: VIEWPORT.height });
          // A fresh load per screen: a hash-only change would not wait for the view to load.
          await page.goto('about:blank');
          await page.goto(`${wharf.url}#${screen.route}`);
          // Wait for the session: the account line shows an account id once the profile is open.
          await page.getByTestId('account-id').filter({ hasText: /\d{4} \d{4}/ }).waitFor({ timeout: 20_000 });
          await page.mouse.move(0, VIEWPORT.height - 1); // no hover effects in the picture
          if (screen.prepare) await screen.prepare(page);
          await page.waitForTimeout(400); // let transitions finish
          const file = join(OUT, `${screen.name}${screen.widths ? `-${width}` : ''}-${colorScheme}.png`);
          await page.screenshot({ path: file });
          console.log(`wrote ${file}`);
          if (screen.after) await screen.after(page);
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await wharf.stop();
    rmSync(awsDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
