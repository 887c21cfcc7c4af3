import { defineConfig, type ReporterDescription } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumLocation } from './chromium.cjs';

// Playwright against browser mode in the system Chromium. One worker: the machine has two
// cores and each worker runs its own Wharf and sim. A missing Chromium stops the run in
// global set-up (one error, every test reported as not run), so `--list` works without one.
const reporters: ReporterDescription[] = [['list']];
if (process.env.WHARF_PW_JSON) reporters.push(['json', { outputFile: process.env.WHARF_PW_JSON }]);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: reporters,
  globalSetup: './global-setup.ts',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumLocation(), args: CHROMIUM_ARGS },
  },
});
