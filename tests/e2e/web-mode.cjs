'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: Playwright's TypeScript loader and scripts/screenshots.mjs can both load it. */
// Starts Wharf's browser mode from the built app (`npm run build` first) on a free port,
// with a throwaway data folder and a fixed sim seed, and reads its ready line. Shared by the
// Playwright fixture and scripts/screenshots.mjs, so both drive the app the same way.
// With --expose-sim the ready line also carries the Demo sim's key pair (the sim verifies
// every signature) and the sim serves its /__sim admin routes, for tests that drive the sim
// directly; simCredentialsFor(endpoint) finds the pair of a sim this process started.
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { createInterface } = require('node:readline');

const ROOT = resolve(__dirname, '..', '..');
const ENTRY = join(ROOT, 'out', 'main', 'web.js');
const READY_TIMEOUT_MS = 30_000;

/** @param {{ seed?: number, scenario?: string, speed?: number, extraArgs?: string[], env?: Record<string, string>, files?: Record<string, string> }} [options] */
async function startWebMode(options = {}) {
  if (!existsSync(ENTRY)) {
    throw new Error(`${ENTRY} is missing: run \`npm run build\` first (npm test builds before the e2e step).`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-'));
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dataDir, name), text);
  const args = [ENTRY, '--ready-json', '--expose-sim', '--port', '0', '--data-dir', dataDir, '--seed', String(options.seed ?? 7)];
  if (options.scenario) args.push('--scenario', options.scenario);
  if (options.speed) args.push('--speed', String(options.speed));
  args.push(...(options.extraArgs ?? []));

  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));

  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  let ready;
  try {
    ready = await readReadyLine(child, exited, () => stderr, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw err;
  }
  const url = new URL(ready.url);
  const simCredentials = ready.simCredentials ?? null;
  if (ready.simEndpoint && simCredentials) simKeys.set(ready.simEndpoint, simCredentials);
  const wharf = {
    url: ready.url,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    simEndpoint: ready.simEndpoint,
    simCredentials,
    /** The Demo sim's process id (with --expose-sim), for tests that kill it; a restart changes it. */
    simPid: ready.simPid ?? null,
    dataDir,
    async stop() {
      if (ready.simEndpoint) simKeys.delete(ready.simEndpoint);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
  // Browser mode says when it restarted a dead Demo sim (new pid, new key pair, same port as a rule).
  child.stdout.on('data', (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.startsWith('{"simRestarted"')) continue;
      try {
        const restarted = JSON.parse(line);
        simKeys.set(restarted.simEndpoint, restarted.simCredentials);
        wharf.simEndpoint = restarted.simEndpoint;
        wharf.simCredentials = restarted.simCredentials;
        wharf.simPid = restarted.simPid ?? null;
      } catch {
        // a line cut in two chunks: the next restart says it again
      }
    }
  });
  return wharf;
}

function readReadyLine(child, exited, stderr, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`Browser mode printed no ready line within ${timeoutMs / 1000} s.\n${stderr()}`)), timeoutMs);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line);
        if (parsed.ready === true && typeof parsed.url === 'string') {
          clearTimeout(timer);
          lines.removeAllListeners('line');
          child.stdout.resume(); // keep draining so the server never blocks on a full pipe
          resolvePromise(parsed);
        }
      } catch {
        // not the ready line
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Browser mode exited (${signal ?? `code ${code}`}) before it was ready.\n${stderr()}`));
    });
  });
}

/** Key pairs of the sims started here, by endpoint. */
const simKeys = new Map();

/** The key pair of the Demo sim at `endpoint` (one this process started), for the AWS CLI or an SDK client. */
function simCredentialsFor(endpoint) {
  const keys = simKeys.get(endpoint);
  if (!keys) throw new Error(`No key pair known for the sim at ${endpoint}: only sims started by startWebMode in this process are.`);
  return keys;
}

module.exports = { startWebMode, simCredentialsFor };
