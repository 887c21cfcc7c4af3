import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ExecuteCommandCommand,
  type Cluster,
  type Task,
} from '@aws-sdk/client-ecs';
import type { z } from 'zod';
import type { ExecSessionInfo, ExecState, execEvents } from '../../contract/domains/exec';
import { WharfError } from '../../contract/errors';
import { DataChannel, type ChannelClock } from './data-channel';
import { kmsDataKeyProvider } from './handshake';
import { explainExecError, preflight, type PreflightResult } from './preflight';

/**
 * Exec sessions by id, several at once: preflight, ExecuteCommand, the data channel, output
 * and state as events, and the audit trail (start and stop). Clients are injected so this
 * does not care how they are made; pass objects whose `send` reaches the current session's
 * clients when the profile may change underneath.
 */

type ExecEventName = keyof typeof execEvents;
export type ExecEmit = <E extends ExecEventName>(event: E, payload: z.output<(typeof execEvents)[E]>) => void;

export interface ExecAuditEntry {
  action: 'exec.open' | 'exec.close';
  /** `<task ARN>/<container>` */
  target: string;
  result: 'ok' | 'error';
  before: unknown;
  after: unknown;
  error?: string;
}

export interface ExecManagerDeps {
  // The SDK's ECSClient / KMSClient, or anything with the same `send`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ecs: { send(command: any): Promise<any> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kms?: { send(command: any): Promise<any> };
  emit: ExecEmit;
  audit?: (entry: ExecAuditEntry) => Promise<void>;
  clock?: ChannelClock;
  clientVersion?: string;
}

export interface StartExecInput {
  clusterArn: string;
  taskArn: string;
  container: string;
  command?: string;
  cols: number;
  rows: number;
}

interface LiveSession {
  info: ExecSessionInfo;
  input: StartExecInput;
  channel: DataChannel;
  pendingOutput: string;
  flushScheduled: boolean;
}

export const DEFAULT_EXEC_COMMAND = '/bin/sh';

export class ExecManager {
  private readonly sessions = new Map<string, LiveSession>();

  constructor(private readonly deps: ExecManagerDeps) {}

  async start(input: StartExecInput): Promise<ExecSessionInfo> {
    const command = input.command ?? DEFAULT_EXEC_COMMAND;
    const checked = await this.check(input);
    const target = `${input.taskArn}/${input.container}`;
    let session: { sessionId?: string; streamUrl?: string; tokenValue?: string } | undefined;
    try {
      const out = await this.deps.ecs.send(
        new ExecuteCommandCommand({ cluster: input.clusterArn, task: input.taskArn, container: input.container, command, interactive: true }),
      );
      session = out?.session;
    } catch (err) {
      const explained = explainExecError(err, { clusterName: checked.clusterName, containerName: input.container, serviceName: checked.serviceName });
      await this.audit({ action: 'exec.open', target, result: 'error', before: null, after: { command }, error: explained.message });
      throw explained;
    }
    if (!session?.sessionId || !session.streamUrl || !session.tokenValue) {
      throw new WharfError('AWS', 'ExecuteCommand returned no session to connect to.', { fix: 'Try again; if it persists, check the ECS service health.' });
    }
    const info: ExecSessionInfo = {
      sessionId: session.sessionId,
      clusterArn: input.clusterArn,
      clusterName: checked.clusterName,
      serviceName: checked.serviceName,
      taskArn: input.taskArn,
      taskId: checked.taskId,
      container: input.container,
      command,
      startedAt: Date.now(),
      state: 'connecting',
      encrypted: checked.kmsKeyId !== null,
      customerMessage: null,
    };
    await this.audit({ action: 'exec.open', target, result: 'ok', before: null, after: { sessionId: info.sessionId, command, encrypted: info.encrypted } });
    this.connect(info, { ...input, command }, { streamUrl: session.streamUrl, tokenValue: session.tokenValue, targetId: checked.targetId });
    return { ...info };
  }

  input(sessionId: string, data: string): boolean {
    const live = this.sessions.get(sessionId);
    if (!live || live.info.state === 'closed') return false;
    live.channel.input(data);
    return true;
  }

  resize(sessionId: string, cols: number, rows: number): boolean {
    const live = this.sessions.get(sessionId);
    if (!live || live.info.state === 'closed') return false;
    live.channel.resize(cols, rows);
    return true;
  }

  /** Ends the session if it is live and forgets it. */
  close(sessionId: string): boolean {
    const live = this.sessions.get(sessionId);
    if (!live) return false;
    live.channel.close();
    this.sessions.delete(sessionId);
    return true;
  }

  /** Reconnect is a new ExecuteCommand for the same task and container. */
  async reconnect(sessionId: string, cols: number, rows: number): Promise<ExecSessionInfo> {
    const live = this.sessions.get(sessionId);
    if (!live) throw new WharfError('NOT_FOUND', 'That exec session is gone.', { fix: 'Open a new shell from the task.' });
    this.close(sessionId);
    return this.start({ ...live.input, cols, rows });
  }

  list(): ExecSessionInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s.info }));
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  /** Describes the task and cluster (and an EC2 task's agent) and runs the preflight. */
  private async check(input: StartExecInput): Promise<PreflightResult> {
    const ctx = { clusterName: lastPart(input.clusterArn), containerName: input.container, serviceName: null };
    let task: Task | undefined;
    let cluster: Cluster | undefined;
    try {
      const [tasks, clusters] = await Promise.all([
        this.deps.ecs.send(new DescribeTasksCommand({ cluster: input.clusterArn, tasks: [input.taskArn] })),
        this.deps.ecs.send(new DescribeClustersCommand({ clusters: [input.clusterArn], include: ['CONFIGURATIONS'] })),
      ]);
      task = tasks?.tasks?.[0];
      cluster = clusters?.clusters?.[0];
    } catch (err) {
      throw explainExecError(err, ctx);
    }
    if (!cluster) throw explainExecError({ name: 'ClusterNotFoundException', message: 'Cluster not found.' }, ctx);
    return preflight({ task, cluster, containerName: input.container, agentVersion: await this.agentVersion(input.clusterArn, task) });
  }

  /** Best effort: an EC2 task's ECS agent version; unknown is not a refusal. */
  private async agentVersion(clusterArn: string, task: Task | undefined): Promise<string | undefined> {
    if (!task?.containerInstanceArn || task.launchType === 'FARGATE') return undefined;
    try {
      const out = await this.deps.ecs.send(new DescribeContainerInstancesCommand({ cluster: clusterArn, containerInstances: [task.containerInstanceArn] }));
      return out?.containerInstances?.[0]?.versionInfo?.agentVersion ?? undefined;
    } catch {
      return undefined;
    }
  }

  private connect(info: ExecSessionInfo, input: StartExecInput, stream: { streamUrl: string; tokenValue: string; targetId: string }): void {
    const live: LiveSession = { info, input, channel: undefined as unknown as DataChannel, pendingOutput: '', flushScheduled: false };
    live.channel = new DataChannel(
      {
        streamUrl: stream.streamUrl,
        tokenValue: stream.tokenValue,
        sessionId: info.sessionId,
        targetId: stream.targetId,
        cols: input.cols,
        rows: input.rows,
        kms: this.deps.kms ? kmsDataKeyProvider(this.deps.kms) : undefined,
        clock: this.deps.clock,
        clientVersion: this.deps.clientVersion,
      },
      {
        output: (text) => this.queueOutput(live, text),
        state: (state, reason) => this.onState(live, state, reason),
        customerMessage: (text) => {
          live.info.customerMessage = text;
        },
      },
    );
    this.sessions.set(info.sessionId, live);
    this.deps.emit('exec.state', { sessionId: info.sessionId, state: 'connecting' });
    live.channel.open();
  }

  /** Coalesces output per turn of the event loop: one event per burst, not per message. */
  private queueOutput(live: LiveSession, text: string): void {
    live.pendingOutput += text;
    if (live.flushScheduled) return;
    live.flushScheduled = true;
    setImmediate(() => this.flushOutput(live));
  }

  private flushOutput(live: LiveSession): void {
    live.flushScheduled = false;
    if (!live.pendingOutput) return;
    const data = live.pendingOutput;
    live.pendingOutput = '';
    this.deps.emit('exec.output', { sessionId: live.info.sessionId, data });
  }

  private onState(live: LiveSession, state: ExecState, reason?: string): void {
    live.info.state = state;
    if (reason) live.info.reason = reason;
    // Output before the close goes out before the closed state.
    if (state === 'closed') this.flushOutput(live);
    const event: z.output<(typeof execEvents)['exec.state']> = { sessionId: live.info.sessionId, state };
    if (reason) event.reason = reason;
    if (live.info.customerMessage) event.customerMessage = live.info.customerMessage;
    this.deps.emit('exec.state', event);
    if (state === 'closed') {
      void this.audit({
        action: 'exec.close',
        target: `${live.info.taskArn}/${live.info.container}`,
        result: 'ok',
        before: { sessionId: live.info.sessionId },
        after: { reason: reason ?? null, durationMs: Date.now() - live.info.startedAt },
      });
    }
  }

  private async audit(entry: ExecAuditEntry): Promise<void> {
    try {
      await this.deps.audit?.(entry);
    } catch {
      // The session matters more than its log line; the audit log reports its own failures.
    }
  }
}

function lastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
