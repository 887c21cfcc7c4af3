import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecSessionInfo } from '../../../src-main/contract/domains/exec';
import { WharfError } from '../../../src-main/contract/errors';
import { ExecManager, type ExecAuditEntry } from '../../../src-main/core/exec/exec-manager';
import { startSim, type RunningSim } from '../../../src-main/sim';
import { adminFetch } from '../sim/harness';
import { endsWithPrompt } from './channel-harness';

/**
 * Core's ExecManager with real SDK clients against the sim over HTTP: DescribeTasks and
 * DescribeClusters for the preflight, ExecuteCommand, KMS GenerateDataKey, and the sim's
 * agent behind the returned streamUrl.
 */

let sim: RunningSim;
let ecs: ECSClient;
let kms: KMSClient;
let agentAdmin: string;

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', speed: 0, seed: 7, admin: true });
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials };
  ecs = new ECSClient(config);
  kms = new KMSClient(config);
  const state = (await (await adminFetch(sim, '/__sim/state')).json()) as { execAgent: string };
  agentAdmin = state.execAgent;
});

afterAll(async () => {
  ecs?.destroy();
  kms?.destroy();
  await sim?.close();
});

/** A manager that records its events per session. */
function manager() {
  const output = new Map<string, string>();
  const states: Array<{ sessionId: string; state: string; reason?: string; customerMessage?: string }> = [];
  const audit: ExecAuditEntry[] = [];
  const exec = new ExecManager({
    ecs,
    kms,
    emit: (event, payload) => {
      if (event === 'exec.output') {
        const p = payload as { sessionId: string; data: string };
        output.set(p.sessionId, (output.get(p.sessionId) ?? '') + p.data);
      } else {
        states.push(payload as (typeof states)[number]);
      }
    },
    audit: async (entry) => {
      audit.push(entry);
    },
  });
  const until = async (test: () => boolean, what: string) => {
    const end = Date.now() + 10_000;
    while (!test()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; states ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const untilOutput = (s: ExecSessionInfo, re: RegExp) => until(() => re.test(output.get(s.sessionId) ?? ''), String(re));
  // Types a command line once the shell shows its prompt (typed earlier, its output would land
  // on the prompt's line): the prompt after where the output stood when the last line was typed.
  const typedAt = new Map<string, number>();
  const command = async (s: ExecSessionInfo, line: string) => {
    const since = () => (output.get(s.sessionId) ?? '').slice(typedAt.get(s.sessionId) ?? 0);
    await until(() => endsWithPrompt(since()), `the prompt of ${s.sessionId}`);
    typedAt.set(s.sessionId, (output.get(s.sessionId) ?? '').length);
    exec.input(s.sessionId, `${line}\r`);
  };
  return { exec, output, states, audit, until, untilOutput, command };
}

async function runningTask(cluster: string, service: string): Promise<{ taskArn: string; clusterArn: string; container: string }> {
  const list = await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }));
  const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: list.taskArns ?? [] }));
  const task = described.tasks?.find((t) => t.lastStatus === 'RUNNING');
  if (!task?.taskArn || !task.clusterArn) throw new Error(`no running task in ${cluster}/${service}`);
  return { taskArn: task.taskArn, clusterArn: task.clusterArn, container: task.containers?.[0]?.name ?? '' };
}

async function agentSession(sessionId: string): Promise<{ state: string } | undefined> {
  const body = (await (await adminFetch(sim, '/admin/exec-sessions', undefined, agentAdmin)).json()) as { sessions: Array<{ sessionId: string; state: string }> };
  return body.sessions.find((s) => s.sessionId === sessionId);
}

describe('exec through the sim', () => {
  it('opens a shell in a Fargate task, runs a command, resizes, and closes the session in the sim', async () => {
    const m = manager();
    const target = await runningTask('prod-fargate', 'checkout');
    const session = await m.exec.start({ ...target, cols: 80, rows: 24 });
    expect(session).toMatchObject({ state: 'connecting', clusterName: 'prod-fargate', serviceName: 'checkout', command: '/bin/sh', encrypted: false });
    await m.until(() => m.exec.list()[0]?.state === 'open', 'open');

    await m.command(session, 'echo wharf-$((6*7))');
    await m.untilOutput(session, /^wharf-42\r?$/m);

    m.exec.resize(session.sessionId, 120, 40);
    await m.command(session, 'stty size');
    await m.untilOutput(session, /^40 120\r?$/m);

    expect((await agentSession(session.sessionId))?.state).toBe('running');
    expect(m.exec.close(session.sessionId)).toBe(true);
    await expect.poll(async () => (await agentSession(session.sessionId))?.state).toBe('ended');
    expect(m.exec.list()).toEqual([]);
    expect(m.audit.map((a) => `${a.action}:${a.result}`)).toEqual(['exec.open:ok', 'exec.close:ok']);
    expect(m.states.at(-1)).toMatchObject({ sessionId: session.sessionId, state: 'closed', reason: 'You closed the session.' });
  });

  it('runs a KMS-encrypted session where the cluster names an exec KMS key', async () => {
    const m = manager();
    const target = await runningTask('prod-ec2', 'web');
    const session = await m.exec.start({ ...target, cols: 80, rows: 24 });
    expect(session.encrypted).toBe(true);
    await m.until(() => m.exec.list()[0]?.state === 'open', 'open');
    expect(m.exec.list()[0].customerMessage).toMatch(/encrypted/i);
    await m.command(session, 'echo wharf-$((6*7))');
    await m.untilOutput(session, /^wharf-42\r?$/m);
    m.exec.closeAll();
  });

  it('several sessions at once keep their output apart', async () => {
    const m = manager();
    const a = await m.exec.start({ ...(await runningTask('prod-fargate', 'checkout')), cols: 80, rows: 24 });
    const b = await m.exec.start({ ...(await runningTask('prod-ec2', 'api')), cols: 80, rows: 24 });
    await m.until(() => m.exec.list().every((s) => s.state === 'open'), 'both open');
    await m.command(a, 'echo only-in-a');
    await m.command(b, 'echo only-in-b');
    await m.untilOutput(a, /^only-in-a\r?$/m);
    await m.untilOutput(b, /^only-in-b\r?$/m);
    expect(m.output.get(a.sessionId)).not.toContain('only-in-b');
    expect(m.output.get(b.sessionId)).not.toContain('only-in-a');
    m.exec.closeAll();
  });

  it('refuses, before calling ExecuteCommand, a task whose service has exec off', async () => {
    const m = manager();
    const target = await runningTask('prod-ec2', 'ledger');
    const err = await m.exec.start({ ...target, cols: 80, rows: 24 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WharfError);
    expect(err).toMatchObject({ code: 'PRECONDITION', message: 'Exec is not enabled on this task.' });
    expect((err as WharfError).fix).toContain('aws ecs update-service --cluster prod-ec2 --service ledger --enable-execute-command --force-new-deployment');
    expect(m.audit).toEqual([]);
  });

  it('reconnect is a new ExecuteCommand for the same container', async () => {
    const m = manager();
    const first = await m.exec.start({ ...(await runningTask('prod-fargate', 'checkout')), cols: 80, rows: 24 });
    await m.until(() => m.exec.list()[0]?.state === 'open', 'open');
    const second = await m.exec.reconnect(first.sessionId, 100, 30);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.taskArn).toBe(first.taskArn);
    await expect.poll(async () => (await agentSession(first.sessionId))?.state).toBe('ended');
    await m.until(() => m.exec.list()[0]?.state === 'open', 'reopened');
    await m.command(second, 'stty size');
    await m.untilOutput(second, /^30 100\r?$/m);
    m.exec.closeAll();
  });

  it('the sim KMS: GenerateDataKey then Decrypt with the same encryption context only', async () => {
    const context = { 'aws:ssm:SessionId': 'ecs-execute-command-0123', 'aws:ssm:TargetId': 'ecs:c_t_r' };
    const key = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/exec', NumberOfBytes: 64, EncryptionContext: context }));
    expect(key.Plaintext?.length).toBe(64);
    expect(key.KeyId).toBe(`arn:aws:kms:${sim.region}:${sim.accountId}:alias/exec`);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: context }));
    expect(Buffer.from(opened.Plaintext!)).toEqual(Buffer.from(key.Plaintext!));
    const wrong = await kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: { ...context, 'aws:ssm:TargetId': 'other' } })).catch((e: Error) => e);
    expect((wrong as Error).name).toBe('InvalidCiphertextException');
  });
});
