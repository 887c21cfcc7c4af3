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
  /** The port to listen on (default 0: any free one); a restart asks for the one it had. */
  port?: number;
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
  /** Called once if the process ends on its own after it was ready (not by close()). */
  onExit(listener: (how: string) => void): void;
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
  const args = ['--scenario', opts.scenario, '--port', String(opts.port ?? 0), '--ready-json', ...(opts.args ?? [])];
  if (opts.speed !== undefined) args.push('--speed', String(opts.speed));
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.admin) args.push('--admin');
  const execArgv = opts.execArgv ?? (opts.script.endsWith('.ts') ? ['--import', 'tsx'] : []);
  const child = (opts.launch ?? forkLauncher)({ script: opts.script, args, execArgv, env: opts.env ?? process.env });
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);

  let exited = false;
  let closing = false;
  let exitHow: string | null = null;
  const exitListeners: Array<(how: string) => void> = [];
  /** Told when the sim ends on its own after it was ready. */
  const unexpectedExit: Array<(how: string) => void> = [];
  child.onExit((how) => {
    exited = true;
    exitHow = how;
    process.removeListener('exit', killOnExit);
    for (const listener of exitListeners.splice(0)) listener(how);
    if (!closing) for (const listener of unexpectedExit.splice(0)) listener(how);
  });
  const onExit = (listener: (how: string) => void) => {
    if (exited) {
      if (!closing) listener(exitHow ?? 'exited');
    } else unexpectedExit.push(listener);
  };
  const close = () =>
    new Promise<void>((resolve) => {
      closing = true;
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
        resolve({ endpoint: ready.endpoint, region: ready.region, accountId: ready.accountId, credentials: { accessKeyId, secretAccessKey }, pid: child.pid, close, onExit });
      } catch {
        // Never echo the line: it may hold the secret.
        fail(new Error("The sim's first line was not its ready line."));
        void close();
      }
    });
  });
}

/** What the owner of a supervised sim is told. */
export interface SimSupervisorHooks {
  /** The sim ended on its own (`how`: "code 1", "SIGKILL"); a restart follows. */
  stopped(how: string, restarts: number): void;
  /** It runs again, on the same port when that was free, with a new key pair. */
  restarted(sim: SimProcess, restarts: number): void;
  /** It could not be started again after `attempts` tries in a row: it stays down. */
  gaveUp(error: Error, attempts: number): void;
}

export interface SupervisedSim {
  /** The sim running now (or last): its endpoint and key pair change with a restart. */
  current(): SimProcess;
  /** Restarts so far. */
  restarts(): number;
  close(): Promise<void>;
}

/** Waits between restart attempts; after the last, the sim stays down. */
export const RESTART_DELAYS_MS = [250, 1_000, 3_000, 10_000];

/**
 * The Demo account's sim, started and kept running: if it dies (a crash, the OOM killer, a
 * stray kill), it is started again at once on the same port (a new key pair: core is handed
 * it), and the owner is told at each step so the window can say what happened instead of
 * "check the network". close() ends it for good.
 */
export async function superviseSimProcess(opts: SimProcessOptions, hooks: SimSupervisorHooks): Promise<SupervisedSim> {
  let sim = await startSimProcess(opts);
  let restarts = 0;
  let closed = false;
  const port = Number(new URL(sim.endpoint).port) || undefined;

  const watch = (running: SimProcess) =>
    running.onExit((how) => {
      if (closed) return;
      restarts += 1;
      hooks.stopped(how, restarts);
      void restart(0);
    });

  const restart = async (attempt: number): Promise<void> => {
    if (closed) return;
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAYS_MS[attempt] ?? 0));
    if (closed) return;
    try {
      // The same port when it is free (bookmarks, an exec tab's endpoint); any other one if not.
      const next = await startSimProcess({ ...opts, port }).catch(() => startSimProcess({ ...opts, port: 0 }));
      if (closed) {
        await next.close();
        return;
      }
      sim = next;
      watch(next);
      hooks.restarted(next, restarts);
    } catch (err) {
      if (attempt + 1 < RESTART_DELAYS_MS.length) return restart(attempt + 1);
      hooks.gaveUp(err instanceof Error ? err : new Error(String(err)), attempt + 1);
    }
  };

  watch(sim);
  return {
    current: () => sim,
    restarts: () => restarts,
    close: async () => {
      closed = true;
      await sim.close();
    },
  };
}
