// The system tools `npm test` needs beside node_modules, checked in a second or two before any
// test runs: Chromium for the e2e tests, Debian's AWS CLI and botocore models for the contract
// tests, and a node-pty that loads (else the compiler and make node-gyp needs to build it). On
// Debian or Ubuntu, as root or with password-less sudo, what is missing is installed with
// apt-get; elsewhere `npm test` stops with the one command to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const AWS_CLI = '/usr/bin/aws';
export const BOTOCORE_MODELS = '/usr/lib/python3/dist-packages/botocore/data/ecs';

/**
 * @typedef {{ name: string, ok: boolean, detail: string, packages: string[], after?: 'rebuild-node-pty' }} Tool
 */

/** Whether a command is on PATH. */
function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** node-pty's native module loads under `node` (run from the project root). */
export function nodePtyLoads(node, root) {
  const result = spawnSync(node, ['-e', "require('node-pty')"], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { ok: result.status === 0, error: `${result.stderr ?? ''}`.split('\n').find((l) => /Error/.test(l))?.trim() ?? '' };
}

/** Each tool, whether it is there, and the Debian packages that bring it. */
export function checkTools({ node, root, env = process.env }) {
  /** @type {Tool[]} */
  const tools = [];
  const chromium = env.CHROMIUM_PATH || CHROMIUM;
  tools.push({
    name: 'Chromium (e2e tests)',
    ok: existsSync(chromium),
    detail: chromium,
    // CHROMIUM_PATH names a browser of the user's: nothing to install, only a path to fix.
    packages: env.CHROMIUM_PATH ? [] : ['chromium'],
  });
  tools.push({ name: "Debian's AWS CLI (contract tests)", ok: existsSync(AWS_CLI), detail: AWS_CLI, packages: ['awscli'] });
  tools.push({ name: "Debian's botocore models (contract tests)", ok: existsSync(BOTOCORE_MODELS), detail: BOTOCORE_MODELS.replace(/\/ecs$/, ''), packages: ['python3-botocore'] });
  const pty = nodePtyLoads(node, root);
  if (pty.ok) {
    tools.push({ name: 'node-pty (the sim exec agent)', ok: true, detail: 'loads', packages: [] });
  } else {
    const missing = ['make', 'g++', 'python3'].filter((cmd) => !onPath(cmd));
    tools.push({
      name: 'node-pty (the sim exec agent)',
      ok: false,
      detail: `does not load (${pty.error || 'no native module'}): rebuilt with node-gyp${missing.length ? `, which needs ${missing.join(', ')}` : ''}`,
      packages: missing,
      after: 'rebuild-node-pty',
    });
  }
  return tools;
}

/**
 * How packages can be installed here: `how` is 'root' or 'sudo' when npm test may install them
 * itself, else null with `why`; `command` is how the user would run apt-get ('sudo', or 'root'
 * when there is no sudo).
 */
export function installAccess(platform = process.platform) {
  if (platform !== 'linux') return { how: null, why: 'not Linux', command: 'sudo' };
  if (!existsSync('/usr/bin/apt-get')) return { how: null, why: 'no apt-get (not Debian or Ubuntu)', command: 'sudo' };
  if (typeof process.getuid === 'function' && process.getuid() === 0) return { how: 'root', why: '', command: 'root' };
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  if (sudo.status === 0) return { how: 'sudo', why: '', command: 'sudo' };
  if (sudo.error) return { how: null, why: 'not root, and there is no sudo', command: 'root' };
  return { how: null, why: 'not root, and sudo asks for a password', command: 'sudo' };
}

/** The one command that installs `packages`: with sudo, or as root ("su -c '…'") where there is no sudo. */
export function installCommand(packages, how) {
  const apt = `apt-get install -y ${packages.join(' ')}`;
  return how === 'root' ? `su -c '${apt}'` : `sudo ${apt}`;
}

/**
 * What to do about missing tools (pure, unit-tested): the packages to install and the command
 * that would, or why npm test must stop (`stop`, with `command` the one to run, if any).
 */
export function planInstall({ missing, access, env = process.env }) {
  const packages = [...new Set(missing.flatMap((t) => t.packages))];
  const command = packages.length ? installCommand(packages, access.command) : null;
  const unfixable = missing.filter((t) => t.packages.length === 0 && !t.after);
  if (unfixable.length) {
    return { packages, command: null, stop: `${unfixable.map((t) => `${t.name} is not at ${t.detail}`).join('; ')}: fix CHROMIUM_PATH, or unset it to use Debian's chromium.` };
  }
  if (env.WHARF_TEST_INSTALL === '0' && packages.length) return { packages, command, stop: 'installing is off (WHARF_TEST_INSTALL=0).' };
  if (!access.how && packages.length) {
    const where = access.why.startsWith('not root') ? '' : " (the tests expect Debian's packages: run them on Debian or Ubuntu, or in CI)";
    return { packages, command, stop: `cannot install what is missing here: ${access.why}${where}.` };
  }
  return { packages, command, stop: null };
}

/** "Debian GNU/Linux 12 (bookworm)", for the report. */
export function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

/**
 * Installs `packages` with apt-get (update first: a fresh machine has no package lists),
 * printing each command. Returns true when apt-get succeeded.
 */
export function aptInstall(packages, how, log = console.log) {
  const sudo = how === 'root' ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get (unattended upgrades, a second npm test) holds the lock: wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [['apt-get', ...lock, 'update', '-qq'], ['apt-get', ...lock, 'install', '-y', '-qq', ...packages]]) {
    const cmd = [...sudo, ...args];
    log(`  $ ${cmd.join(' ')}`);
    const started = Date.now();
    const result = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env });
    log(`    ${result.status === 0 ? 'done' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (result.status !== 0) return false;
  }
  return true;
}
