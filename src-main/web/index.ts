/**
 * `npm run web`: Wharf in a browser. Starts the Demo account's sim in a child process (a plain
 * Node fork), the core, and the loopback server; prints the URL with its token. The sim's
 * per-launch key pair reaches core in memory (DemoAccount.credentials); it is printed only on
 * the --ready-json line and only with --expose-sim, for the tests that drive the sim directly.
 */
import { join } from 'node:path';
import { homedir } from 'node:os';
import { createCore } from '../core/core';
import { superviseSimProcess } from '../sim/embedded';
import { demoSimReporter, type DemoSimReporter } from '../core/status/demo-sim-reporter';
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
  // The Demo account's sim, started again if it dies (and core told, so the window says so).
  let report: DemoSimReporter | null = null;
  const supervised = args.demo
    ? await superviseSimProcess(
        {
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
        },
        {
          stopped: (how, n) => report?.stopped(how, n),
          restarted: (next, n) => {
            report?.restarted(next, n);
            // Tests that drive the sim learn its new pair the way they learnt the first.
            if (args.readyJson && args.exposeSim) process.stdout.write(`${JSON.stringify({ simRestarted: true, simEndpoint: next.endpoint, simCredentials: next.credentials, simPid: next.pid })}\n`);
          },
          gaveUp: (err, attempts) => report?.gaveUp(err, attempts),
        },
      )
    : null;
  const sim = supervised?.current() ?? null;
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
  report = demoSimReporter({ status: core.services.status, sessions: core.services.sessions });
  const server = await startWebServer({ core, rendererDir: join(__dirname, '..', 'renderer'), port: args.port });

  if (args.readyJson) {
    const exposed = args.exposeSim && sim ? { simCredentials: sim.credentials, simPid: sim.pid } : {};
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
    await supervised?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`Wharf could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
