import { DataChannel, type ChannelState, type DataChannelOptions } from '../../../src-main/core/exec/data-channel';
import type { CreateSessionInput, ExecAgent } from '../../../src-main/sim/exec-agent';

/** A DataChannel to the sim's agent that records what it sees, for tests and benches. */
export class ChannelProbe {
  output = '';
  states: Array<{ state: ChannelState; reason?: string }> = [];
  customerMessages: string[] = [];
  readonly channel: DataChannel;
  private waiters: Array<() => void> = [];
  /** Where the output stood when the last command line was typed. */
  private typedAt = 0;

  constructor(opts: DataChannelOptions) {
    this.channel = new DataChannel(opts, {
      output: (text) => {
        this.output += text;
        this.wake();
      },
      state: (state, reason) => {
        this.states.push({ state, reason });
        this.wake();
      },
      customerMessage: (text) => this.customerMessages.push(text),
    });
    this.channel.open();
  }

  /** Resolves when `test` holds, checked after every output or state change. */
  until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}. Output so far:\n${this.output.slice(-2000)}\nStates: ${JSON.stringify(this.states)}`)), timeoutMs);
      const check = () => {
        if (!test()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
    });
  }

  untilOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void> {
    const matches = () => (typeof pattern === 'string' ? this.output.includes(pattern) : pattern.test(this.output));
    return this.until(matches, `output ${String(pattern)}`, timeoutMs);
  }

  /**
   * Types a command line once the shell waits at its prompt. Typed earlier (while the shell
   * still starts, or still runs the previous command) the terminal echoes it before the
   * prompt is printed, and the command's output lands on the prompt's line (`web# 43 132`).
   */
  async command(line: string, timeoutMs?: number): Promise<void> {
    await this.untilPrompt(timeoutMs);
    this.typedAt = this.output.length;
    this.channel.input(`${line}\r`);
  }

  /** Resolves when the output since the last command line ends with the shell's prompt. */
  untilPrompt(timeoutMs?: number): Promise<void> {
    return this.until(() => endsWithPrompt(this.output.slice(this.typedAt)), 'the shell prompt', timeoutMs);
  }

  untilState(state: ChannelState, timeoutMs?: number): Promise<void> {
    return this.until(() => this.channel.state === state, `state ${state}`, timeoutMs);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** The sim's shells prompt with `<container># ` (src-main/sim/exec-agent/shell.ts). */
export function endsWithPrompt(output: string): boolean {
  return /# $/.test(output);
}

/**
 * A line of output, alone on its line or right after a prompt: for input typed before the
 * shell was ready on purpose, whose output then follows the prompt on the same line.
 */
export function outputLine(text: string): RegExp {
  return new RegExp(`(?:^|# )${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\r?$`, 'm');
}

export const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo';
export const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/demo/0123456789abcdef0123456789abcdef';
export const RUNTIME_ID = '0123456789abcdef0123456789abcdef-1234567890';

/** Creates a session in the agent and opens a channel to it. */
export function openProbe(agent: ExecAgent, extra: Partial<CreateSessionInput> & { cols?: number; rows?: number; channel?: Partial<DataChannelOptions> } = {}): { probe: ChannelProbe; sessionId: string } {
  const created = agent.createSession({
    clusterArn: CLUSTER_ARN,
    taskArn: TASK_ARN,
    containerName: 'web',
    runtimeId: RUNTIME_ID,
    command: '/bin/sh',
    ...extra,
  });
  const probe = new ChannelProbe({
    streamUrl: created.streamUrl,
    tokenValue: created.tokenValue,
    sessionId: created.sessionId,
    targetId: `ecs:demo_0123456789abcdef0123456789abcdef_${RUNTIME_ID}`,
    cols: extra.cols ?? 80,
    rows: extra.rows ?? 24,
    ...extra.channel,
  });
  return { probe, sessionId: created.sessionId };
}
