import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeMessage, encodeMessage, MessageType, PayloadType, type ChannelMessage } from '../../../src-main/core/exec/codec';
import { DataChannel, type ChannelState, type DataChannelOptions } from '../../../src-main/core/exec/data-channel';

/**
 * A scripted agent: a loopback WebSocket server that sends exactly the frames a test
 * chooses, so the client's decoding, acks and ordering are checked message by message.
 */
async function scriptedAgent() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const received: ChannelMessage[] = [];
  const socket = new Promise<WebSocket>((resolve) => {
    wss.once('connection', (ws) => {
      ws.once('message', () => {
        ws.on('message', (data) => received.push(decodeMessage(data as Buffer)));
        resolve(ws);
      });
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-1`;
  return { wss, url, socket, received };
}

/** A flow-control message (pause_publication / start_publication): no sequence, no payload. */
function control(messageType: string): Buffer {
  seqId += 1;
  return encodeMessage({ messageType, schemaVersion: 1, createdDate: 1, sequenceNumber: 0, flags: 0, messageId: `00000000-0000-4000-9000-${String(seqId).padStart(12, '0')}`, payloadType: 0, payload: Buffer.alloc(0) });
}

let seqId = 0;
function output(sequenceNumber: number, payload: Buffer | string, payloadType: number = PayloadType.Output): Buffer {
  seqId += 1;
  return encodeMessage({
    messageType: MessageType.output,
    schemaVersion: 1,
    createdDate: 0,
    sequenceNumber,
    flags: 0,
    messageId: `00000000-0000-4000-8000-${String(seqId).padStart(12, '0')}`,
    payloadType,
    payload: Buffer.from(payload),
  });
}

function openChannel(url: string, pingIntervalMs?: number, extra: Partial<DataChannelOptions> = {}) {
  const seen = { output: '', states: [] as Array<{ state: ChannelState; reason?: string }> };
  const channel = new DataChannel(
    { streamUrl: url, tokenValue: 't', sessionId: 's-1', targetId: 'ecs:c_t_r', cols: 80, rows: 24, pingIntervalMs, ...extra },
    { output: (t) => (seen.output += t), state: (state, reason) => seen.states.push({ state, reason }) },
  );
  channel.open();
  return { channel, seen };
}

const acks = (msgs: ChannelMessage[]) => msgs.filter((m) => m.messageType === MessageType.ack).map((m) => JSON.parse(m.payload.toString()).AcknowledgedMessageSequenceNumber);
const inputs = (msgs: ChannelMessage[]) => msgs.filter((m) => m.messageType === MessageType.input);

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe('data channel (scripted agent)', () => {
  it('decodes a UTF-8 character split across two messages', async () => {
    const agent = await scriptedAgent();
    const { channel, seen } = openChannel(agent.url);
    cleanup.push(() => channel.close(), () => agent.wss.close());
    const ws = await agent.socket;
    const bytes = Buffer.from('héllo wörld', 'utf8');
    ws.send(output(0, bytes.subarray(0, 2))); // 'h' and the first byte of 'é'
    ws.send(output(1, bytes.subarray(2, 9))); // the rest of 'é' ... the first byte of 'ö'
    ws.send(output(2, bytes.subarray(9)));
    await expect.poll(() => seen.output).toBe('héllo wörld');
    expect(seen.output).not.toContain('\uFFFD');
  });

  it('reorders, re-acks duplicates and never delivers twice', async () => {
    const agent = await scriptedAgent();
    const { channel, seen } = openChannel(agent.url);
    cleanup.push(() => channel.close(), () => agent.wss.close());
    const ws = await agent.socket;
    ws.send(output(1, 'B'));
    ws.send(output(2, 'C'));
    ws.send(output(0, 'A'));
    ws.send(output(0, 'A'));
    ws.send(output(2, 'C'));
    await expect.poll(() => acks(agent.received).length).toBe(5);
    expect(seen.output).toBe('ABC');
    expect(acks(agent.received)).toEqual([1, 2, 0, 0, 2]);
    expect(channel.stats().duplicates).toBe(2);
  });

  it('drops a message with a bad digest without acking it', async () => {
    const agent = await scriptedAgent();
    const { channel, seen } = openChannel(agent.url);
    cleanup.push(() => channel.close(), () => agent.wss.close());
    const ws = await agent.socket;
    const spoiled = output(0, 'X');
    spoiled[85] ^= 1;
    ws.send(spoiled);
    ws.send(output(0, 'ok'));
    await expect.poll(() => seen.output).toBe('ok');
    expect(acks(agent.received)).toEqual([0]);
    expect(channel.stats().undecodable).toBe(1);
  });

  it('holds input until the session starts, then sends the size first; a lone newline is a CR', async () => {
    const agent = await scriptedAgent();
    const { channel } = openChannel(agent.url);
    cleanup.push(() => channel.close(), () => agent.wss.close());
    const ws = await agent.socket;
    channel.input('ls');
    channel.input('\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(inputs(agent.received)).toHaveLength(0);
    ws.send(output(0, '$ '));
    await expect.poll(() => inputs(agent.received).length).toBe(3);
    const [size, ls, enter] = inputs(agent.received);
    expect([size.sequenceNumber, size.payloadType, JSON.parse(size.payload.toString())]).toEqual([0, PayloadType.Size, { cols: 80, rows: 24 }]);
    expect([ls.sequenceNumber, ls.payload.toString()]).toEqual([1, 'ls']);
    expect([enter.sequenceNumber, enter.payload.toString()]).toEqual([2, '\r']);
    channel.resize(100, 30);
    channel.resize(100, 30); // unchanged: nothing sent
    await expect.poll(() => inputs(agent.received).length).toBe(4);
    expect(JSON.parse(inputs(agent.received)[3].payload.toString())).toEqual({ cols: 100, rows: 30 });
  });

  it('surfaces channel_closed Output as the closed reason', async () => {
    const agent = await scriptedAgent();
    const { channel, seen } = openChannel(agent.url);
    cleanup.push(() => agent.wss.close());
    const ws = await agent.socket;
    ws.send(
      encodeMessage({
        messageType: MessageType.channelClosed,
        schemaVersion: 1,
        createdDate: 0,
        sequenceNumber: 0,
        flags: 3,
        messageId: '00000000-0000-4000-8000-0000000000ff',
        payloadType: 0,
        payload: Buffer.from(JSON.stringify({ Output: 'Session terminated by the task stopping.' })),
      }),
    );
    await expect.poll(() => channel.state).toBe('closed');
    expect(seen.states.at(-1)?.reason).toContain('Session terminated by the task stopping.');
  });

  it('sends the token in the first text frame and keepalive pings', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    let first: { text: string; binary: boolean } | null = null;
    let pings = 0;
    wss.once('connection', (ws) => {
      ws.once('message', (data, binary) => (first = { text: data.toString(), binary }));
      ws.on('ping', () => (pings += 1));
    });
    const { channel } = openChannel(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`, 30);
    cleanup.push(() => channel.close(), () => wss.close());
    await expect.poll(() => pings).toBeGreaterThanOrEqual(2);
    expect(first!.binary).toBe(false);
    expect(JSON.parse(first!.text)).toMatchObject({ MessageSchemaVersion: '1.0', TokenValue: 't', RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/), ClientId: expect.any(String) });
  });

  it('an unreachable endpoint is a closed state with a reason', async () => {
    const agent = await scriptedAgent();
    const url = agent.url;
    await new Promise((r) => agent.wss.close(r));
    const { channel } = openChannel(url);
    await expect.poll(() => channel.state).toBe('closed');
    expect(channel.reason).toMatch(/ECONNREFUSED.*network or VPN/);
  });

  it('honours pause_publication: input is held (and nothing resent) until start_publication, then sent in order', async () => {
    const agent = await scriptedAgent();
    const clock = manualClock();
    const { channel } = openChannel(agent.url, undefined, { pauseTimeoutMs: 5_000, clock });
    cleanup.push(() => channel.close(), () => agent.wss.close());
    const ws = await agent.socket;
    ws.send(output(0, '$ '));
    await expect.poll(() => inputs(agent.received).length).toBe(1); // the size, unacked
    ws.send(control(MessageType.pausePublication));
    await expect.poll(() => channel.stats().paused).toBe(true);
    channel.input('a');
    channel.input('b');
    // Well past the resend timeout, still within the pause timeout: nothing goes out, not even a resend of the size.
    clock.advance(4_000);
    // A barrier: the client acks this output after anything it sent before, on the same socket.
    ws.send(output(1, 'x'));
    await expect.poll(() => acks(agent.received)).toContain(1);
    expect(inputs(agent.received)).toHaveLength(1);
    ws.send(control(MessageType.startPublication));
    await expect.poll(() => inputs(agent.received).filter((m) => m.payloadType === PayloadType.Output).map((m) => `${m.sequenceNumber}:${m.payload.toString()}`)).toEqual(['1:a', '2:b']);
    expect(channel.stats()).toMatchObject({ pauses: 1, pauseTimeouts: 0, paused: false });
  });

  it('never holds input for good when a start_publication is lost: it resumes after pauseTimeoutMs', async () => {
    const agent = await scriptedAgent();
    const clock = manualClock();
    const { channel } = openChannel(agent.url, undefined, { pauseTimeoutMs: 5_000, clock });
    cleanup.push(() => channel.close(), () => agent.wss.close());
    const ws = await agent.socket;
    ws.send(output(0, '$ '));
    ws.send(control(MessageType.pausePublication));
    await expect.poll(() => channel.stats().paused).toBe(true);
    channel.input('echo still here\r');
    clock.advance(4_900);
    expect(channel.stats().paused).toBe(true);
    clock.advance(200);
    expect(channel.stats()).toMatchObject({ pauses: 1, pauseTimeouts: 1, paused: false });
    await expect.poll(() => inputs(agent.received).some((m) => m.payload.toString() === 'echo still here\r')).toBe(true);
  });
});

/** A channel clock the test moves: advance() runs the interval callbacks due, as time passes. */
function manualClock() {
  let now = 1_000_000;
  const intervals = new Set<{ fn: () => void; ms: number; next: number }>();
  return {
    now: () => now,
    setInterval: (fn: () => void, ms: number) => {
      const handle = { fn, ms, next: now + ms };
      intervals.add(handle);
      return handle;
    },
    clearInterval: (handle: unknown) => void intervals.delete(handle as { fn: () => void; ms: number; next: number }),
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...intervals].filter((i) => i.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.fn();
      }
      now = end;
    },
  };
}
