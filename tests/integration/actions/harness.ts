import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { MethodName, ResultOf } from '../../../src-main/contract/api';
import type { AuditEntry } from '../../../src-main/contract/domains/audit';
import type { RolloutStatus } from '../../../src-main/contract/domains/actions';
import type { WharfErrorShape } from '../../../src-main/contract/errors';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type Exchange, type RunningSim } from '../../../src-main/sim';

/**
 * Core against the demo sim over real HTTP, through the dispatcher the transports use: the
 * Demo account is opened as a user would, every exchange the sim sees is recorded, and the
 * sim's clock is frozen (speed 0) so a test moves time itself.
 */
export interface Harness {
  sim: RunningSim;
  core: WharfCore;
  dataDir: string;
  exchanges: Exchange[];
  /** A plain SDK client on the same sim, to check results independently of Wharf's code. */
  ecs: ECSClient;
  call<M extends MethodName>(method: M, args: unknown): Promise<Answer<M>>;
  ok<M extends MethodName>(method: M, args: unknown): Promise<ResultOf<M>>;
  calls(operation: string): Exchange[];
  audit(): AuditEntry[];
  /** Advances the sim clock in steps until the rollout is no longer in progress. */
  followRollout(cluster: string, service: string, deploymentId: string | null, maxMinutes?: number): Promise<RolloutStatus>;
  close(): Promise<void>;
}

export type Answer<M extends MethodName> = { ok: true; result: ResultOf<M> } | { ok: false; error: WharfErrorShape };

export async function startHarness(opts: { readOnly?: boolean } = {}): Promise<Harness> {
  const exchanges: Exchange[] = [];
  const sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, throttle: false, onExchange: (e) => exchanges.push(e) });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-actions-'));
  const core = await createCore({ version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir } });
  if (opts.readOnly) await core.services.settings.update({ readOnlyProfiles: ['Demo account'] });
  await core.services.sessions.open('Demo account');
  const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  let nextId = 1;

  const call = async <M extends MethodName>(method: M, args: unknown): Promise<Answer<M>> => {
    const response = await core.call({ kind: 'call', id: nextId++, method, args }, { transport: 'test' });
    return response.ok ? { ok: true, result: response.result as ResultOf<M> } : { ok: false, error: response.error };
  };
  const ok = async <M extends MethodName>(method: M, args: unknown): Promise<ResultOf<M>> => {
    const answer = await call(method, args);
    if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code}: ${answer.error.message}`);
    return answer.result;
  };

  return {
    sim,
    core,
    dataDir,
    exchanges,
    ecs,
    call,
    ok,
    calls: (operation) => exchanges.filter((e) => e.operation === operation),
    audit: () => {
      try {
        return readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
      } catch {
        return [];
      }
    },
    async followRollout(cluster, service, deploymentId, maxMinutes = 30) {
      let status = await ok('actions.rollout', { cluster, service, ...(deploymentId ? { deploymentId } : {}) });
      for (let minute = 0; minute < maxMinutes * 2 && status.state === 'in-progress'; minute++) {
        sim.clock.advance(30_000);
        status = await ok('actions.rollout', { cluster, service, ...(deploymentId ? { deploymentId } : {}) });
      }
      return status;
    },
    async close() {
      ecs.destroy();
      await core.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
