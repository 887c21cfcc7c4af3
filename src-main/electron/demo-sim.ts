/**
 * The Demo account: the sim runs in a child process so a large scenario never stalls the
 * window. Inside Electron, `process.execPath` is the Electron binary, so the child is forked
 * with ELECTRON_RUN_AS_NODE=1 to make it a plain Node process (set on the child only, never
 * on our own environment, which other children inherit).
 */
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import type { DemoAccount } from '../core/options';
import { startSimProcess } from '../sim/embedded';

export interface RunningDemo {
  account: DemoAccount;
  close(): Promise<void>;
}

export function forkAsNode(modulePath: string, args: readonly string[] = [], options: ForkOptions = {}): ChildProcess {
  return fork(modulePath, args, { ...options, env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' } });
}

/** Starts the sim with `scenario`; null (and a line on stderr) when it cannot start. */
export async function startDemo(script: string, scenario = 'demo'): Promise<RunningDemo | null> {
  try {
    const sim = await startSimProcess({ script, scenario, fork: forkAsNode });
    return { account: { endpoint: sim.endpoint, scenario, region: sim.region }, close: () => sim.close() };
  } catch (err) {
    process.stderr.write(`Wharf: the Demo account's sim did not start (${err instanceof Error ? err.message : String(err)}); real profiles still work.\n`);
    return null;
  }
}
