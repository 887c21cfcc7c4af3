/**
 * `npm run web`: Wharf in a browser. Starts the Demo account's sim in a child process (a plain
 * Node fork), the core, and the loopback server; prints the URL with its token. The sim's
 * per-launch key pair reaches core in memory (DemoAccount.credentials); it is printed only on
 * the --ready-json line and only with --expose-sim, for the tests that drive the sim directly.
 */
import { join } from 'node:path';
import { homedir } from 'node:os';
import { createCore } from '../core/core';
import { startSimProcess } from '../sim/embedded';
import { startWebServer } from './server';
import { parseWebArgs, WEB_HELP } from './args';
import { version } from '../../package.json';
import { BUILD_COMMIT } from '../core/app/build-info';

async function main(): Promise<void> {
  const args = parseWebArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(WEB_HELP);
    return;
  }
  const sim = args.demo
    ? await startSimProcess({
        script: join(__dirname, 'sim.js'),
        scenario: args.scenario,
        speed: args.speed,
        seed: args.seed,
        admin: args.exposeSim,
        args: [
          ...Object.entries(args.large).flatMap(([size, n]) => [`--${size}`, String(n)]),
          ...(args.ledgerIncidentIn === undefined ? [] : ['--ledger-incident-in', String(args.ledgerIncidentIn)]),
        ],
        timeoutMs: 120_000,
      })
    : null;
  const core = await createCore({
    version,
    commit: BUILD_COMMIT,
    updates: { state: 'off', detail: 'browser mode runs from the source: update it with git and npm install' },
    transport: 'web',
    dataDir: args.dataDir ?? process.env.WHARF_DATA_DIR ?? join(homedir(), '.config', 'wharf'),
    demo: sim ? { endpoint: sim.endpoint, scenario: args.scenario, region: sim.region, credentials: sim.credentials } : null,
    openDefaultSession: true,
    history: { workerScript: join(__dirname, 'history-worker.js') },
  });
  const server = await startWebServer({ core, rendererDir: join(__dirname, '..', 'renderer'), port: args.port });

  if (args.readyJson) {
    const exposed = args.exposeSim && sim ? { simCredentials: sim.credentials } : {};
    process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, simEndpoint: sim?.endpoint ?? null, ...exposed })}\n`);
  }
  process.stdout.write(`Wharf (browser mode) at ${server.url}\n`);
  if (sim) process.stdout.write(`Demo account: the sim (${args.scenario}) at ${sim.endpoint}\n`);

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close();
    await core.close();
    await sim?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`Wharf could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
