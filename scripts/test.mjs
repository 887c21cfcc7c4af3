// `npm test`: every check, in order — typecheck (main, renderer, e2e), lint, dead exports
// (knip), vitest (unit, integration against the sim, contract tests with the AWS CLI and
// botocore models), the build, the package check (electron-builder around a stand-in
// Electron: scripts/dist-check.mjs) and
// the Playwright e2e in system Chromium. Before any of it:
// 1. Node 22 (what Electron 45 runs): on an older Node it installs Node 22 from the npm
//    registry under node_modules/.cache and runs again under it (scripts/node22.mjs);
// 2. the system tools (scripts/test-tools.mjs): Chromium, Debian's AWS CLI and botocore
//    models, a node-pty that loads. What is missing is installed with apt-get where it can be
//    (Debian/Ubuntu, root or password-less sudo); elsewhere it stops at once with the command.
// All steps run even after a failure, so one run shows everything that is wrong; the last
// line counts tests passed and failed, and counts as failed whatever did not run
// (scripts/test-count.mjs).
//
//   npm test                  everything
//   npm test -- vitest e2e    only the steps whose names start so
//   WHARF_TEST_INSTALL=0      never install: stop with the command instead
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rerunUnderNode22, SetupError, npmCommand } from './node22.mjs';
import { aptInstall, checkTools, installAccess, osName, planInstall } from './test-tools.mjs';
import { countListedE2e, summarize } from './test-count.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const started = Date.now();
const log = (line = '') => console.log(line);
const elapsed = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function stop(message, command) {
  log(`\nnpm test: ${message}`);
  if (command) log(`Run:\n\n    ${command}\n\nthen \`npm test\` again.`);
  log('\ntests: not run');
  process.exit(2);
}

// ---- 1. Node 22 ----
try {
  await rerunUnderNode22({ root: ROOT, script: fileURLToPath(import.meta.url), log: (l) => log(`npm test: ${l}`) });
} catch (err) {
  if (err instanceof SetupError) stop(err.message);
  throw err;
}

// ---- 2. System tools ----
const only = process.argv.slice(2);
const steps = [
  { name: 'typecheck main', kind: 'check', bin: ['typescript', 'tsc'], args: ['-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'typecheck renderer', kind: 'check', bin: ['vue-tsc', 'vue-tsc'], args: ['-p', 'tsconfig.web.json', '--noEmit'] },
  { name: 'typecheck e2e', kind: 'check', bin: ['typescript', 'tsc'], args: ['-p', 'tsconfig.e2e.json', '--noEmit'] },
  { name: 'lint', kind: 'check', bin: ['eslint', 'eslint'], args: ['--max-warnings', '0', '.'] },
  { name: 'dead exports', kind: 'check', bin: ['knip', 'knip'], args: ['--no-progress'] },
  { name: 'vitest', kind: 'vitest', bin: ['vitest', 'vitest'], args: ['run', '--reporter=default', '--reporter=json'] },
  { name: 'build', kind: 'check', bin: ['electron-vite', 'electron-vite'], args: ['build'] },
  // electron-builder packs the build around a stand-in Electron, and the package is checked.
  { name: 'package check', kind: 'check', script: 'scripts/dist-check.mjs', args: [], after: 'build' },
  { name: 'e2e', kind: 'e2e', bin: ['@playwright/test', 'playwright'], args: ['test', '-c', 'tests/e2e/playwright.config.ts'], after: 'build' },
].filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)));

log(`npm test on Node ${process.version}, ${osName()}: checking the tools the tests need`);
const toolsStarted = Date.now();
let tools = checkTools({ node: process.execPath, root: ROOT });
const printTools = () => tools.forEach((t) => log(`  ${t.ok ? 'ok     ' : 'MISSING'} ${t.name}: ${t.detail}`));
printTools();
const missing = tools.filter((t) => !t.ok);
if (missing.length) {
  const access = installAccess();
  const plan = planInstall({ missing, access, env: process.env });
  if (plan.stop) stop(plan.stop, plan.command);
  const { packages, command } = plan;
  if (packages.length) {
    log(`\nInstalling ${packages.join(', ')} with apt-get (${access.how === 'root' ? 'as root' : 'with sudo'}; Chromium takes a minute or two):`);
    if (!aptInstall(packages, access.how, log)) stop('apt-get failed (its message is above).', command);
  }
  if (missing.some((t) => t.after === 'rebuild-node-pty')) {
    const npm = npmCommand();
    log('\nRebuilding node-pty for this Node:');
    log('  $ npm rebuild node-pty');
    const rebuilt = spawnSync(npm.cmd, [...npm.args, 'rebuild', 'node-pty'], { cwd: ROOT, stdio: 'inherit', shell: npm.shell });
    if (rebuilt.status !== 0) stop('node-pty could not be rebuilt (the compiler\'s message is above).', 'npm rebuild node-pty');
  }
  tools = checkTools({ node: process.execPath, root: ROOT });
  log('Now:');
  printTools();
  if (tools.some((t) => !t.ok)) stop('some tools are still missing after installing them.', command);
}
log(`Tools checked in ${elapsed(toolsStarted)}.`);

// ---- 3. The steps ----
const reports = mkdtempSync(join(tmpdir(), 'wharf-test-'));
const VITEST_JSON = join(reports, 'vitest.json');
const E2E_JSON = join(reports, 'e2e.json');
const results = [];
const timings = [];

for (const step of steps) {
  const dependency = step.after && results.find((r) => r.name === step.after);
  if (dependency && dependency.status !== 'ok') {
    log(`\n=== ${step.name}: not run (the ${step.after} failed, and it would test a stale build)`);
    results.push({ name: step.name, kind: step.kind, status: 'not run', why: `the ${step.after} failed` });
    continue;
  }
  log(`\n=== ${step.name}`);
  const stepStarted = Date.now();
  const args = [...step.args];
  const env = { ...process.env };
  if (step.kind === 'vitest') args.push(`--outputFile.json=${VITEST_JSON}`);
  if (step.kind === 'e2e') env.WHARF_PW_JSON = E2E_JSON;
  let entry;
  try {
    entry = step.script ? join(ROOT, step.script) : binOf(...step.bin);
  } catch (err) {
    // A step that cannot start is a failed step, counted and named, not a crash of npm test.
    log(`=== ${step.name}: FAILED (cannot start: ${err.message})`);
    results.push({ name: step.name, kind: step.kind, status: 'failed', why: `cannot start: ${err.message}` });
    continue;
  }
  const result = spawnSync(process.execPath, [entry, ...args], { cwd: ROOT, stdio: 'inherit', env });
  const status = result.status === 0 ? 'ok' : 'failed';
  results.push({ name: step.name, kind: step.kind, status });
  timings.push(`${step.name} ${elapsed(stepStarted)}`);
  log(`=== ${step.name}: ${status === 'ok' ? 'ok' : 'FAILED'} (${elapsed(stepStarted)})`);
}

// ---- 4. The count ----
const e2eStep = results.find((r) => r.kind === 'e2e');
const summary = summarize({
  steps: results,
  vitest: readJson(VITEST_JSON),
  e2e: readJson(E2E_JSON),
  e2eListed: e2eStep && e2eStep.status !== 'ok' ? listE2eTests() : null,
});
rmSync(reports, { recursive: true, force: true });
log(`\nSteps: ${timings.join(', ')}; ${elapsed(started)} in all.`);
if (summary.notes.length) log(summary.notes.map((n) => `  ${n}`).join('\n'));
log(`\n${summary.line}`);
process.exit(results.every((r) => r.status === 'ok') && summary.failed === 0 ? 0 : 1);

/** A package's command-line script, run with this Node (never a `node` found on PATH). */
function binOf(pkg, name) {
  // Read the manifest from node_modules directly: some packages (knip) do not export
  // './package.json', so require.resolve cannot reach it.
  const direct = join(ROOT, 'node_modules', pkg, 'package.json');
  const manifestPath = existsSync(direct) ? direct : require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin[name];
  return join(dirname(manifestPath), rel);
}

/** How many e2e tests there are (for those that did not run), or null when Playwright cannot say. */
function listE2eTests() {
  const env = { ...process.env };
  delete env.WHARF_PW_JSON;
  const listed = spawnSync(process.execPath, [binOf('@playwright/test', 'playwright'), 'test', '-c', 'tests/e2e/playwright.config.ts', '--list', '--reporter=json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    return countListedE2e(JSON.parse(listed.stdout));
  } catch {
    return null;
  }
}

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}
