// `npm test`: every check, in order — typecheck (main and renderer), lint, vitest (unit,
// integration against the sim, contract tests with the AWS CLI and botocore models) and the
// Playwright e2e in system Chromium. All steps run even after a failure, so one run shows
// everything that is wrong; the last line counts tests passed and failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'wharf-test-'));
const only = process.argv.slice(2);
const steps = [
  { name: 'typecheck main', cmd: ['tsc', '-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'typecheck renderer', cmd: ['vue-tsc', '-p', 'tsconfig.web.json', '--noEmit'] },
  { name: 'typecheck e2e', cmd: ['tsc', '-p', 'tsconfig.e2e.json', '--noEmit'] },
  { name: 'lint', cmd: ['eslint', '--max-warnings', '0', '.'] },
  { name: 'dead exports', cmd: ['knip', '--no-progress'] },
  { name: 'vitest', cmd: ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`] },
  { name: 'build', cmd: ['electron-vite', 'build'] },
  { name: 'e2e', cmd: ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts'], env: { WHARF_PW_JSON: join(reports, 'e2e.json') } },
].filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)));

const failedSteps = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}`);
  const started = Date.now();
  const result = spawnSync('npx', ['--no-install', ...step.cmd], { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failedSteps.push(step.name);
  console.log(`=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
}

let passed = 0;
let failed = 0;
const vitest = readJson(join(reports, 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
}
const e2e = readJson(join(reports, 'e2e.json'));
if (e2e?.stats) {
  passed += e2e.stats.expected ?? 0;
  failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
}
// A failed typecheck, lint or build counts as a failed test too: it would fail CI.
const checkSteps = failedSteps.filter((s) => s !== 'vitest' && s !== 'e2e').length;
failed += checkSteps;
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedSteps.length ? 1 : 0);

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}
