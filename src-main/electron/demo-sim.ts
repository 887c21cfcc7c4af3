/**
 * The Demo account: the sim runs in a child process so a large scenario never stalls the
 * window. Inside Electron it is an Electron utility process (`utilityProcess.fork`): Node in
 * a Chromium-managed child, so the app never needs ELECTRON_RUN_AS_NODE and its RunAsNode fuse
 * can be off in the packaged app. Electron ends utility processes when the app quits.
 *
 * The sim's per-launch key pair comes back on its ready line (stdout pipe) and goes to core in
 * memory; it is never put on a command line, in the environment or in a file, and never
 * crosses to the renderer (core hands SDK clients a credential provider, nothing else).
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { DemoAccount } from '../core/options';
import { superviseSimProcess, type SimChild, type SimLauncher, type SimSupervisorHooks } from '../sim/embedded';

export interface RunningDemo {
  account: DemoAccount;
  close(): Promise<void>;
}

/** Starts the sim CLI as an Electron utility process, stdout and stderr piped. */
export const utilityLauncher: SimLauncher = ({ script, args, execArgv, env }) => {
  const child: UtilityProcess = utilityProcess.fork(script, args, { execArgv, env, stdio: 'pipe', serviceName: 'Wharf Demo sim' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const handle: SimChild = {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    stop: () => void child.kill(),
    // Utility processes have one way to end: kill() (SIGTERM, and Electron reaps the process).
    kill: () => void child.kill(),
    get exited() {
      return exited;
    },
    onExit: (listener) => void child.once('exit', (code) => listener(`code ${code}`)),
    onError: (listener) => void child.once('error', (type: string, location: string) => listener(new Error(`${type} at ${location}`))),
  };
  return handle;
};

const QUIET: SimSupervisorHooks = { stopped: () => {}, restarted: () => {}, gaveUp: () => {} };

/**
 * Starts the sim with `scenario`, and starts it again if it dies (`hooks` hear of it: the
 * shell tells core, which says so in the window); null (and a line on stderr) when it cannot
 * start at all.
 */
export async function startDemo(script: string, scenario = 'demo', hooks: SimSupervisorHooks = QUIET): Promise<RunningDemo | null> {
  try {
    const supervised = await superviseSimProcess({ script, scenario, launch: utilityLauncher }, hooks);
    const sim = supervised.current();
    return { account: { endpoint: sim.endpoint, scenario, region: sim.region, credentials: sim.credentials }, close: () => supervised.close() };
  } catch (err) {
    process.stderr.write(`Wharf: the Demo account's sim did not start (${err instanceof Error ? err.message : String(err)}); real profiles still work.\n`);
    return null;
  }
}
