import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand, ECSClient, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import type { MethodName, ResultOf } from '../../../src-main/contract/api';
import type { WharfErrorShape } from '../../../src-main/contract/errors';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { startSim, type Exchange, type RunningSim } from '../../../src-main/sim';

/**
 * Core against the demo sim over real HTTP, the Demo account opened as a user would, through
 * the dispatcher the transports use. The sim's clock is frozen (speed 0) after replaying the
 * demo's two hours; `direct` clients read the sim without Wharf's code, to check answers.
 */
export interface LogsHarness {
  sim: RunningSim;
  core: WharfCore;
  exchanges: Exchange[];
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
  clusterArn(name: string): string;
  call<M extends MethodName>(method: M, args: unknown): Promise<{ ok: true; result: ResultOf<M> } | { ok: false; error: WharfErrorShape }>;
  ok<M extends MethodName>(method: M, args: unknown): Promise<ResultOf<M>>;
  /** Stopped tasks of a service, newest stop first, read directly from the sim. */
  stoppedTasks(cluster: string, service: string): Promise<Task[]>;
  close(): Promise<void>;
}

export async function startLogsHarness(): Promise<LogsHarness> {
  const exchanges: Exchange[] = [];
  const sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, throttle: false, onExchange: (e) => exchanges.push(e) });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-logs-'));
  const core = await createCore({ version: 'test', transport: 'web', dataDir, demo: { endpoint: sim.endpoint, scenario: 'demo', region: sim.region, credentials: sim.credentials }, env: { HOME: dataDir } });
  await core.services.sessions.open('Demo account');
  const { credentials } = sim;
  const ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials });
  const logs = new CloudWatchLogsClient({ endpoint: sim.endpoint, region: sim.region, credentials });
  let nextId = 1;
  const call: LogsHarness['call'] = async (method, args) => {
    const response = await core.call({ kind: 'call', id: nextId++, method, args }, { transport: 'test' });
    return response.ok ? { ok: true, result: response.result as never } : { ok: false, error: response.error };
  };
  return {
    sim,
    core,
    exchanges,
    ecs,
    logs,
    clusterArn: (name) => `arn:aws:ecs:${sim.region}:${sim.accountId}:cluster/${name}`,
    call,
    async ok(method, args) {
      const answer = await call(method, args);
      if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code}: ${answer.error.message}`);
      return answer.result;
    },
    async stoppedTasks(cluster, service) {
      const list = await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED' }));
      if (!list.taskArns?.length) return [];
      const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: list.taskArns }));
      return (described.tasks ?? []).sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0));
    },
    async close() {
      ecs.destroy();
      logs.destroy();
      await core.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
