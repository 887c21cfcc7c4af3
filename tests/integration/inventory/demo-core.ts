import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InventoryDelta, Problem } from '../../../src-main/contract/domains/inventory';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type Exchange, type RunningSim } from '../../../src-main/sim';

export interface DemoCore {
  sim: RunningSim;
  core: WharfCore;
  close(): Promise<void>;
}

/**
 * The demo sim (seed 7) and a core with the Demo account open, as the renderer finds them:
 * the sim's exchanges, core's inventory deltas and each new Problems list go to the sinks.
 */
export async function startDemoCore(sinks: { exchanges: Exchange[]; deltas: InventoryDelta[]; onProblems(problems: Problem[]): void }): Promise<DemoCore> {
  const sim = await startSim({ scenario: 'demo', port: 0, seed: 7, onExchange: (e) => sinks.exchanges.push(e) });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-demo-core-'));
  const core = await createCore({ version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir } });
  core.events.subscribe((event, payload) => {
    if (event === 'inventory.delta') sinks.deltas.push(payload as InventoryDelta);
    if (event === 'problems.changed') sinks.onProblems((payload as { problems: Problem[] }).problems);
  });
  await core.services.sessions.open('Demo account');
  return {
    sim,
    core,
    async close() {
      await core.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` every 25 ms until it gives something truthy, and returns that. */
export async function until<T>(what: string, read: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
