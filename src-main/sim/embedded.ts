/**
 * Starts the sim in a child process (off the main thread, so a large scenario never stalls a
 * window) for the Electron shell and browser mode: forks the CLI with `--ready-json --port 0`,
 * resolves on its ready line, rejects with its stderr if it exits first, and kills it on
 * close() and when this process exits.
 */
import { fork as nodeFork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SimProcessOptions {
  /** Path of the sim CLI (cli.ts under tsx, or its built .js). */
  script: string;
  scenario: string;
  speed?: number;
  seed?: number;
  /** Extra CLI flags, e.g. ['--no-throttle']. */
  args?: string[];
  /** Defaults to ['--import', 'tsx'] for a .ts script. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  fork?: (script: string, args: string[], options: ForkOptions) => ChildProcess;
  /** How long to wait for the ready line (default 30 s). */
  timeoutMs?: number;
}

export interface SimProcess {
  endpoint: string;
  region: string;
  accountId: string;
  close(): Promise<void>;
}

export function startSimProcess(opts: SimProcessOptions): Promise<SimProcess> {
  const args = ['--scenario', opts.scenario, '--port', '0', '--ready-json', ...(opts.args ?? [])];
  if (opts.speed !== undefined) args.push('--speed', String(opts.speed));
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  const execArgv = opts.execArgv ?? (opts.script.endsWith('.ts') ? ['--import', 'tsx'] : []);
  const child = (opts.fork ?? nodeFork)(opts.script, args, {
    execArgv,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const close = () =>
    new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });

  return new Promise<SimProcess>((resolve, reject) => {
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8_000);
    });
    const timer = setTimeout(() => {
      fail(new Error(`The sim did not report ready within ${opts.timeoutMs ?? 30_000} ms. Its output:\n${stderr}`));
      void close();
    }, opts.timeoutMs ?? 30_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`The sim process could not start: ${error.message}`)));
    child.once('exit', (code, signal) => fail(new Error(`The sim exited (${signal ?? `code ${code}`}) before it was ready:\n${stderr.trim()}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        const ready = JSON.parse(line) as { ready?: boolean; endpoint: string; region: string; accountId: string };
        if (!ready.ready) throw new Error('not a ready line');
        settled = true;
        clearTimeout(timer);
        child.stdout?.resume();
        resolve({ endpoint: ready.endpoint, region: ready.region, accountId: ready.accountId, close });
      } catch {
        fail(new Error(`The sim's first line was not its ready line: ${line}`));
        void close();
      }
    });
  });
}
