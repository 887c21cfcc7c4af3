import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsService } from '../../../src-main/sim/kms/kms-service';
import { ExecAgent } from '../../../src-main/sim/exec-agent';
import type { DataKeyProvider } from '../../../src-main/core/exec/handshake';
import { openProbe, outputLine, type ChannelProbe } from './channel-harness';

// The sim's KMS operations called in-process (the SDK-over-HTTP path is in exec-through-sim).
const simKms = kmsService();
const kms: DataKeyProvider = {
  async generateDataKey(i) {
    const out = (await simKms.operations.GenerateDataKey(
      { KeyId: i.keyId, NumberOfBytes: i.numberOfBytes, EncryptionContext: i.encryptionContext },
      { accessKeyId: 'AKIDTEST', region: 'us-east-1', now: Date.now(), requestId: 'r' },
    )) as { Plaintext: string; CiphertextBlob: string };
    return { plaintext: Buffer.from(out.Plaintext, 'base64'), ciphertextBlob: Buffer.from(out.CiphertextBlob, 'base64') };
  },
};

async function echo42(probe: ChannelProbe): Promise<void> {
  await probe.command('echo wharf-$((6*7))');
  await probe.untilOutput(/^wharf-42\r?$/m);
}

/** `seq 1 N` output arrives complete and in order. */
async function countTo(probe: ChannelProbe, n: number): Promise<void> {
  await probe.command(`seq 1 ${n}; echo do""ne`);
  await probe.untilOutput(/^done\r?$/m, 20_000);
  const lines = probe.output.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^\d+$/.test(l));
  expect(lines).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
}

describe('sim exec agent: terminal behaviour', () => {
  const agent = new ExecAgent({ host: '127.0.0.1' });
  beforeAll(() => agent.start());
  afterAll(() => agent.close());

  it('applies the size at start and on resize (stty size)', async () => {
    const { probe } = openProbe(agent, { cols: 91, rows: 27 });
    await probe.untilState('open');
    await probe.command('stty size');
    await probe.untilOutput(/^27 91\r?$/m);
    probe.channel.resize(132, 43);
    await probe.command('stty size');
    await probe.untilOutput(/^43 132\r?$/m);
    probe.channel.close();
  });

  it('ends the session in the agent when the client closes', async () => {
    const { probe, sessionId } = openProbe(agent);
    await probe.untilState('open');
    await echo42(probe);
    expect(agent.listSessions().find((s) => s.sessionId === sessionId)?.state).toBe('running');
    probe.channel.close();
    await expect.poll(() => agent.listSessions().find((s) => s.sessionId === sessionId)?.state).toBe('ended');
  });

  it('closes with channel_closed when the shell exits', async () => {
    const { probe } = openProbe(agent);
    await probe.untilState('open');
    await probe.command('exit');
    await probe.untilState('closed');
    expect(probe.channel.reason).toMatch(/session ended/i);
  });

  it('shows the service reason when the session is terminated', async () => {
    const { probe, sessionId } = openProbe(agent);
    await probe.untilState('open');
    agent.terminateSession(sessionId, 'Task stopped: Essential container exited');
    await probe.untilState('closed');
    expect(probe.channel.reason).toContain('Task stopped: Essential container exited');
  });

  it('refuses a wrong token with a reason', async () => {
    const { probe } = openProbe(agent, { channel: { tokenValue: 'not-the-token' } });
    await probe.untilState('closed');
    expect(probe.channel.reason).toMatch(/token is not valid/);
  });

  it('refuses an unknown session with the HTTP status', async () => {
    const { probe } = openProbe(agent, { channel: { streamUrl: `ws://127.0.0.1:${new URL(agent.endpoint).port}/v1/data-channel/nope` } });
    await probe.untilState('closed');
    expect(probe.channel.reason).toMatch(/HTTP 404/);
  });
});

describe('sim exec agent: protocol modes', () => {
  it('handshake mode: answers the HandshakeRequest and shows the customer message', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { handshake: true, customerMessage: 'Hello from the sim agent.' } });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      await probe.untilState('open');
      expect(probe.customerMessages).toEqual(['Hello from the sim agent.']);
      await echo42(probe);
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('resends input the agent withholds acks for until its terminal is ready', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { handshake: true, readyDelayMs: 400 } });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      // Typed before the terminal is ready, on purpose: its echo comes before the prompt.
      probe.channel.input('echo wharf-$((6*7))\r');
      await probe.untilOutput(outputLine('wharf-42'));
      expect(probe.channel.stats().resends).toBeGreaterThan(0);
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('KMS mode: a session round trip encrypted with a data key from the sim KMS', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { kms: true } });
    await agent.start();
    try {
      const { probe } = openProbe(agent, { channel: { kms } });
      await probe.untilState('open');
      expect(probe.customerMessages[0]).toMatch(/encrypted using AWS KMS/);
      await echo42(probe);
      await probe.command('printf "h\\303\\251llo w\\303\\266rld\\n"');
      await probe.untilOutput('héllo wörld');
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('KMS mode without a KMS client: closed with a sentence about KMS', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { kms: true } });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      await probe.untilState('closed');
      expect(probe.channel.reason).toMatch(/KMS/);
    } finally {
      await agent.close();
    }
  });

  it('KMS with the wrong session context: the agent refuses the data key', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { kms: true } });
    await agent.start();
    try {
      const { probe } = openProbe(agent, { channel: { kms, targetId: 'ecs:other_task_runtime' } });
      await probe.untilState('closed');
      expect(probe.channel.reason).toMatch(/data key/i);
    } finally {
      await agent.close();
    }
  });

  it('out-of-order and duplicated output is reassembled', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { outOfOrder: true } });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      await probe.untilState('open');
      await countTo(probe, 3000);
      expect(probe.channel.stats().duplicates).toBeGreaterThan(0);
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('messages with a bad digest are dropped and recovered by the resend', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { badDigest: true } });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      await probe.untilState('open');
      await countTo(probe, 3000);
      expect(probe.channel.stats().undecodable).toBeGreaterThan(0);
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('asks the client to pause when the terminal stops reading its input, and to start again once it drains; Wharf honours both', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1' });
    await agent.start();
    try {
      // A program that does not read its input for a second, then reads 200 KiB of it (raw mode: the kernel takes
      // only a few KiB meanwhile, the rest waits in the terminal's queue).
      const { probe, sessionId } = openProbe(agent, { command: '/bin/sh -c "echo ready; stty -icanon -echo; sleep 1; head -c 204800 >/dev/null; stty icanon echo; echo drained; cat"' });
      await probe.untilOutput('ready');
      probe.channel.input('x'.repeat(204_800));
      await probe.untilOutput('drained', 20_000);
      const publication = () => agent.listSessions().find((s) => s.sessionId === sessionId)?.publication;
      expect(publication()?.pauses).toBeGreaterThanOrEqual(1);
      // The agent looks at the terminal's queue every 100 ms: the start follows the drain.
      await expect.poll(() => publication()?.starts).toBeGreaterThanOrEqual(1);
      expect(probe.channel.stats().pauses).toBeGreaterThanOrEqual(1);
      expect(probe.channel.stats().pauseTimeouts).toBe(0);
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('a lost start_publication: Wharf resumes on its own after its pause timeout, and the input still arrives', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { loseStartPublication: true } });
    await agent.start();
    try {
      const { probe, sessionId } = openProbe(agent, {
        command: '/bin/sh -c "echo ready; stty -icanon -echo; sleep 1; head -c 204800 >/dev/null; stty icanon echo; echo drained; cat"',
        channel: { pauseTimeoutMs: 2_000 },
      });
      await probe.untilOutput('ready');
      probe.channel.input('x'.repeat(204_800));
      await probe.untilOutput('drained', 30_000);
      expect(probe.channel.stats().pauses).toBeGreaterThanOrEqual(1);
      // The agent is reading again but its start_publication never came: what is typed now still gets there.
      probe.channel.input('typed-after-the-pause\r');
      await probe.untilOutput(/typed-after-the-pause\r?\n.*typed-after-the-pause/s, 10_000);
      expect(probe.channel.stats()).toMatchObject({ paused: false, pauseTimeouts: 1 });
      expect(agent.listSessions().find((s) => s.sessionId === sessionId)?.publication.starts).toBe(0);
      probe.channel.close();
    } finally {
      await agent.close();
    }
  });

  it('handshakes when the agent would (KMS, or asked to) and not otherwise: SessionType first, then KMSEncryption', async () => {
    const seen: unknown[] = [];
    const spy: DataKeyProvider = {
      async generateDataKey(i) {
        seen.push(i.keyId);
        return kms.generateDataKey(i);
      },
    };
    const plain = new ExecAgent({ host: '127.0.0.1' });
    const encrypted = new ExecAgent({ host: '127.0.0.1', mode: { kms: true } });
    await Promise.all([plain.start(), encrypted.start()]);
    try {
      const a = openProbe(plain);
      await a.probe.untilState('open');
      expect(plain.listSessions()[0].state).toBe('running');
      const b = openProbe(encrypted, { channel: { kms: spy } });
      await b.probe.untilState('open');
      expect(seen).toHaveLength(1);
      // Without KMS the shell starts straight away: no customer message, no handshake.
      expect(a.probe.customerMessages).toEqual([]);
      expect(b.probe.customerMessages[0]).toMatch(/encrypted using AWS KMS/);
    } finally {
      await Promise.all([plain.close(), encrypted.close()]);
    }
  });

  it('an action the client does not support: Wharf answers it as the plugin does and the agent ends the session over it', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', mode: { handshake: true, extraAction: 'FutureAction' } });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      await probe.untilState('closed');
      expect(probe.channel.reason).toContain('Encountered error while initiating handshake. FutureAction failed on client with status 0 error: Unsupported action FutureAction');
    } finally {
      await agent.close();
    }
  });

  it('a dropped socket gives a closed state with a reason', async () => {
    const agent = new ExecAgent({ host: '127.0.0.1', dropAfterMs: 300 });
    await agent.start();
    try {
      const { probe } = openProbe(agent);
      await probe.untilState('open');
      await probe.untilState('closed');
      // In words, not as the close code (1006).
      expect(probe.channel.reason).toMatch(/^The connection to the container dropped without warning.*Reconnect to start a new session\.$/);
      expect(probe.channel.reason).not.toMatch(/\d{4}/);
      await expect.poll(() => agent.activeSessionCount()).toBe(0);
    } finally {
      await agent.close();
    }
  });
});
