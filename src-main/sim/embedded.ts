/**
 * Starts the sim in a child process (off the main thread, so a large scenario never stalls a
 * window) for the Electron shell and browser mode: launches the CLI with `--ready-json --port 0`,
 * resolves on its ready line, rejects with its stderr if it exits first, and kills it on
 * close() and when this process exits.
 *
 * The sim makes its own random key pair and hands it back on the ready line, over the child's
 * stdout pipe: in memory only, never on a command line, in a file or in an environment another
 * user could read. The caller passes it to core (DemoAccount.credentials) and nowhere else.
 *
 * How the child is started is the caller's: a plain Node fork by default (browser mode);
 * the Electron shell passes a launcher over `utilityProcess` (electron/demo-sim.ts).
 */
import { fork as nodeFork } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The little of a child process the sim's owner needs; Node's ChildProcess and Electron's UtilityProcess both fit it. */
export interface SimChild {
  /** Its process id, once started. */
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** Asks it to stop (SIGTERM, or the platform's equivalent). */
  stop(): void;
  /** Stops it now (SIGKILL where there is one). */
  kill(): void;
  /** True once it has exited. */
  readonly exited: boolean;
  /** Called once when it exits: how, in words ("code 1", "SIGKILL"). */
  onExit(listener: (how: string) => void): void;
  /** Called when it could not be started at all. */
  onError(listener: (error: Error) => void): void;
}

export interface SimLaunch {
  script: string;
  args: string[];
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

export type SimLauncher = (launch: SimLaunch) => SimChild;

export interface SimProcessOptions {
  /** Path of the sim CLI (cli.ts under tsx, or its built .js). */
  script: string;
  scenario: string;
  speed?: number;
  seed?: number;
  /** Extra CLI flags, e.g. ['--no-throttle']. */
  args?: string[];
  /** Serve the sim's `/__sim/*` admin routes (tests only; the Demo account never does). */
  admin?: boolean;
  /** Defaults to ['--import', 'tsx'] for a .ts script. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How to start the child; default: Node's fork with a stdin pipe and an IPC channel. */
  launch?: SimLauncher;
  /** How long to wait for the ready line (default 30 s). */
  timeoutMs?: number;
}

/** What a client signs with. Hand it to core only; never to a renderer, a log or a file. */
export interface SimKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SimProcess {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: SimKeyPair;
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * Node's fork. The stdin pipe and the IPC channel are how the sim notices that this process
 * went away (cli.ts closes on either ending), so it never outlives its owner.
 */
export const forkLauncher: SimLauncher = ({ script, args, execArgv, env }) => {
  const child = nodeFork(script, args, { execArgv, env, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    stop: () => void child.kill('SIGTERM'),
    kill: () => void child.kill('SIGKILL'),
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    onExit: (listener) => void child.once('exit', (code, signal) => listener(signal ?? `code ${code}`)),
    onError: (listener) => void child.once('error', listener),
  };
};

export function startSimProcess(opts: SimProcessOptions): Promise<SimProcess> {
  const args = ['--scenario', opts.scenario, '--port', '0', '--ready-json', ...(opts.args ?? [])];
  if (opts.speed !== undefined) args.push('--speed', String(opts.speed));
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.admin) args.push('--admin');
  const execArgv = opts.execArgv ?? (opts.script.endsWith('.ts') ? ['--import', 'tsx'] : []);
  const child = (opts.launch ?? forkLauncher)({ script: opts.script, args, execArgv, env: opts.env ?? process.env });
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);

  let exited = false;
  const exitListeners: Array<(how: string) => void> = [];
  child.onExit((how) => {
    exited = true;
    for (const listener of exitListeners.splice(0)) listener(how);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      if (exited || child.exited) return resolve();
      const force = setTimeout(() => child.kill(), 3_000);
      exitListeners.push(() => {
        clearTimeout(force);
        resolve();
      });
      child.stop();
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
    child.onError((error) => fail(new Error(`The sim process could not start: ${error.message}`)));
    exitListeners.push((how) => fail(new Error(`The sim exited (${how}) before it was ready:\n${stderr.trim()}`)));
    if (!child.stdout) {
      fail(new Error('The sim process has no stdout pipe to report ready on.'));
      void close();
      return;
    }
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        const ready = JSON.parse(line) as { ready?: boolean; endpoint: string; region: string; accountId: string; credentials?: SimKeyPair };
        if (!ready.ready || typeof ready.credentials?.accessKeyId !== 'string' || typeof ready.credentials.secretAccessKey !== 'string') {
          throw new Error('not a ready line');
        }
        settled = true;
        clearTimeout(timer);
        child.stdout?.resume();
        const { accessKeyId, secretAccessKey } = ready.credentials;
        resolve({ endpoint: ready.endpoint, region: ready.region, accountId: ready.accountId, credentials: { accessKeyId, secretAccessKey }, pid: child.pid, close });
      } catch {
        // Never echo the line: it may hold the secret.
        fail(new Error("The sim's first line was not its ready line."));
        void close();
      }
    });
  });
}
