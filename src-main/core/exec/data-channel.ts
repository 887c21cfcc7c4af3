import { randomUUID as nodeRandomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { CodecError, decodeMessage, encodeMessage, MessageType, PayloadType, type ChannelMessage } from './codec';
import { answerHandshake, type DataKeyProvider } from './handshake';
import { ackedSequence, ackMessage, channelClosedOutput, openingFrame, parseJson, sizePayload, streamMessage } from './messages';
import { Receiver } from './receiver';
import { RESEND_CHECK_MS, ReliableSender } from './reliable-sender';
import type { SessionCipher } from './session-cipher';

/**
 * One ECS Exec shell over the SSM data channel WebSocket (docs/ecs-exec-protocol.md): the
 * opening token frame, sequenced input with resends until acked, in-order output with acks,
 * the handshake and KMS encryption when the agent asks for them, resize, keepalive pings,
 * flow control (`pause_publication` holds input and resends until `start_publication`, or
 * until pauseTimeoutMs if that never comes) and `channel_closed`. Output reaches the listener
 * as text decoded from a UTF-8 stream.
 */

export type ChannelState = 'connecting' | 'open' | 'closed';

export interface ChannelClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: ChannelClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface DataChannelOptions {
  streamUrl: string;
  tokenValue: string;
  /** ExecuteCommand's session id and the SSM target: both go into the KMS encryption context. */
  sessionId: string;
  targetId: string;
  cols: number;
  rows: number;
  kms?: DataKeyProvider;
  clientVersion?: string;
  clock?: ChannelClock;
  randomUUID?: () => string;
  /** The plugin pings every 5 minutes; idle proxies may want it sooner. */
  pingIntervalMs?: number;
  /** Resends of one message before the channel gives up on the agent. */
  maxResendAttempts?: number;
  /**
   * How long input stays held after a `pause_publication` with no `start_publication`: a lost
   * start must not freeze the terminal. The agent re-pauses if it is still full.
   */
  pauseTimeoutMs?: number;
}

export interface DataChannelListener {
  output(text: string): void;
  state(state: ChannelState, reason?: string): void;
  /** HandshakeComplete's CustomerMessage, when the agent sends one. */
  customerMessage?(text: string): void;
}

/** The agent reads input in chunks of this size; larger pastes are split to match. */
const MAX_INPUT_PAYLOAD = 1024;
const DEFAULT_PING_MS = 5 * 60_000;
const DEFAULT_MAX_RESENDS = 3000;
const DEFAULT_PAUSE_TIMEOUT_MS = 5_000;
const ENCRYPTED_TYPES = new Set<number>([PayloadType.Output, PayloadType.StdErr, PayloadType.ExitCode]);

export class DataChannel {
  private ws: WebSocket | null = null;
  private current: ChannelState = 'connecting';
  private closeReason: string | undefined;
  private readonly sender: ReliableSender;
  private readonly receiver = new Receiver();
  private readonly decoder = new TextDecoder('utf-8');
  private readonly clock: ChannelClock;
  private readonly uuid: () => string;
  private nextSequence = 0;
  /** True once the agent's first output or HandshakeComplete arrived: input may flow. */
  private started = false;
  private paused = false;
  private pausedAt = 0;
  private pauses = 0;
  private pauseTimeouts = 0;
  private queued: Array<{ payloadType: number; payload: Buffer }> = [];
  private cols: number;
  private rows: number;
  private cipher: SessionCipher | null = null;
  private readonly inbox: ChannelMessage[] = [];
  private draining = false;
  private timers: unknown[] = [];
  private socketError: string | null = null;
  private undecodable = 0;

  constructor(private readonly opts: DataChannelOptions, private readonly listener: DataChannelListener) {
    this.clock = opts.clock ?? systemClock;
    this.uuid = opts.randomUUID ?? nodeRandomUUID;
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.sender = new ReliableSender({ now: () => this.clock.now(), transmit: (bytes) => this.transmit(bytes) });
  }

  get state(): ChannelState {
    return this.current;
  }

  get reason(): string | undefined {
    return this.closeReason;
  }

  /** Connects and sends the token; progress and failure arrive through the listener. */
  open(): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.opts.streamUrl, { perMessageDeflate: false });
    } catch (err) {
      this.finish(`ExecuteCommand returned a stream URL Wharf cannot open (${(err as Error).message}).`);
      return;
    }
    this.ws = ws;
    ws.on('open', () => this.onOpen());
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.onFrame(data);
    });
    ws.on('unexpected-response', (_req, res) => {
      this.socketError = `the exec endpoint answered HTTP ${res.statusCode} instead of opening a WebSocket`;
      ws.terminate();
    });
    ws.on('error', (err) => {
      this.socketError ??= err.message;
    });
    ws.on('close', (code, reason) => this.onSocketClosed(code, reason.toString()));
  }

  /** Keystrokes or pasted text, as the terminal produced them. */
  input(data: string): void {
    // The plugin turns a lone newline into a carriage return, as a terminal's Enter key.
    const bytes = Buffer.from(data === '\n' ? '\r' : data, 'utf8');
    for (let at = 0; at < bytes.length; at += MAX_INPUT_PAYLOAD) {
      this.sendStream(PayloadType.Output, bytes.subarray(at, at + MAX_INPUT_PAYLOAD));
    }
  }

  resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    if (this.started) this.sendStream(PayloadType.Size, sizePayload(cols, rows));
  }

  close(reason = 'You closed the session.'): void {
    if (this.current === 'closed') return;
    this.finish(reason);
    this.ws?.close(1000, 'closed by the client');
  }

  stats(): {
    resends: number;
    rtoMs: number;
    srttMs: number;
    unacked: number;
    duplicates: number;
    undecodable: number;
    received: number;
    /** pause_publication messages honoured, and pauses ended by the timeout rather than start_publication. */
    pauses: number;
    pauseTimeouts: number;
    paused: boolean;
  } {
    const s = this.sender.stats();
    const r = this.receiver.stats();
    return {
      resends: s.resends,
      rtoMs: s.rtoMs,
      srttMs: s.srttMs,
      unacked: s.unacked,
      duplicates: r.duplicates,
      undecodable: this.undecodable,
      received: r.expected,
      pauses: this.pauses,
      pauseTimeouts: this.pauseTimeouts,
      paused: this.paused,
    };
  }

  private onOpen(): void {
    this.ws?.send(
      openingFrame({ tokenValue: this.opts.tokenValue, requestId: this.uuid(), clientId: this.uuid(), clientVersion: this.opts.clientVersion ?? 'wharf' }),
    );
    this.timers.push(this.clock.setInterval(() => this.checkResends(), RESEND_CHECK_MS));
    this.timers.push(this.clock.setInterval(() => this.ws?.ping(), this.opts.pingIntervalMs ?? DEFAULT_PING_MS));
  }

  private onFrame(data: Buffer): void {
    if (this.current === 'closed') return;
    let msg: ChannelMessage;
    try {
      msg = decodeMessage(data);
    } catch (err) {
      // A bad digest or a torn frame: drop it unacked, the agent resends it.
      if (err instanceof CodecError) {
        this.undecodable += 1;
        return;
      }
      throw err;
    }
    switch (msg.messageType) {
      case MessageType.ack: {
        const seq = ackedSequence(msg.payload);
        if (seq !== null) this.sender.acknowledge(seq);
        return;
      }
      case MessageType.output: {
        const result = this.receiver.accept(msg);
        if (result.ack) this.transmit(encodeMessage(ackMessage(msg, { messageId: this.uuid(), now: this.clock.now() })));
        if (result.deliver.length) {
          this.inbox.push(...result.deliver);
          void this.drain();
        }
        return;
      }
      case MessageType.channelClosed: {
        const output = channelClosedOutput(msg.payload);
        this.finish(output ? `The session was closed: ${output}` : 'The session ended (the shell exited or the session was terminated).');
        this.ws?.close(1000);
        return;
      }
      case MessageType.pausePublication:
        // The other side is full: hold new input and resends until it says start (or the timeout).
        if (!this.paused) this.pauses += 1;
        this.paused = true;
        this.pausedAt = this.clock.now();
        return;
      case MessageType.startPublication:
        this.resume();
        return;
      default:
        return;
    }
  }

  /** Handles delivered messages one at a time: a handshake step may wait on KMS. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let msg = this.inbox.shift(); msg && this.current !== 'closed'; msg = this.inbox.shift()) {
        const pending = this.handle(msg);
        if (pending) await pending;
      }
    } catch (err) {
      this.close(`The exec session failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.draining = false;
    }
  }

  private handle(msg: ChannelMessage): Promise<void> | void {
    switch (msg.payloadType) {
      case PayloadType.Output:
      case PayloadType.StdErr:
      case PayloadType.Error:
        return this.onOutput(msg);
      case PayloadType.HandshakeRequest:
        return this.onHandshakeRequest(msg.payload);
      case PayloadType.EncChallengeRequest:
        return this.onEncChallenge(msg.payload);
      case PayloadType.HandshakeComplete:
        return this.onHandshakeComplete(msg.payload);
      default:
        return; // ExitCode, Flag, Parameter: nothing to do for an interactive shell.
    }
  }

  private onOutput(msg: ChannelMessage): void {
    const bytes = this.cipher && ENCRYPTED_TYPES.has(msg.payloadType) ? this.cipher.decrypt(msg.payload) : msg.payload;
    const text = this.decoder.decode(bytes, { stream: true });
    this.markStarted();
    if (text) this.listener.output(text);
  }

  private async onHandshakeRequest(payload: Buffer): Promise<void> {
    const answer = await answerHandshake(parseJson(payload), {
      sessionId: this.opts.sessionId,
      targetId: this.opts.targetId,
      clientVersion: this.opts.clientVersion ?? 'wharf',
      kms: this.opts.kms,
    });
    this.cipher = answer.cipher;
    this.sendNow(PayloadType.HandshakeResponse, Buffer.from(JSON.stringify(answer.response)));
    if (answer.failure) this.close(answer.failure);
  }

  private onEncChallenge(payload: Buffer): void {
    const challenge = (parseJson(payload) as { Challenge?: unknown } | null)?.Challenge;
    if (!this.cipher || typeof challenge !== 'string') {
      this.close('The agent sent an encryption challenge for a session without KMS encryption.');
      return;
    }
    const plain = this.cipher.decrypt(Buffer.from(challenge, 'base64'));
    const answer = { Challenge: this.cipher.encrypt(plain).toString('base64') };
    this.sendNow(PayloadType.EncChallengeResponse, Buffer.from(JSON.stringify(answer)));
  }

  private onHandshakeComplete(payload: Buffer): void {
    const message = (parseJson(payload) as { CustomerMessage?: unknown } | null)?.CustomerMessage;
    if (typeof message === 'string' && message) this.listener.customerMessage?.(message);
    this.markStarted();
  }

  /** The session type is known: send the terminal size, then whatever was typed meanwhile. */
  private markStarted(): void {
    if (this.started) return;
    this.started = true;
    this.setState('open');
    this.sendNow(PayloadType.Size, sizePayload(this.cols, this.rows));
    this.flushQueued();
  }

  private sendStream(payloadType: number, payload: Buffer): void {
    if (this.current === 'closed') return;
    if (!this.started || this.paused) this.queued.push({ payloadType, payload });
    else this.sendNow(payloadType, payload);
  }

  private flushQueued(): void {
    const queued = this.queued;
    this.queued = [];
    for (const q of queued) this.sendStream(q.payloadType, q.payload);
  }

  private sendNow(payloadType: number, payload: Buffer): void {
    if (this.current === 'closed') return;
    const body = this.cipher && ENCRYPTED_TYPES.has(payloadType) ? this.cipher.encrypt(payload) : payload;
    const sequenceNumber = this.nextSequence++;
    const msg = streamMessage({ sequenceNumber, payloadType, payload: body, messageId: this.uuid(), now: this.clock.now() });
    this.sender.send(sequenceNumber, encodeMessage(msg));
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.flushQueued();
  }

  private checkResends(): void {
    if (this.paused) {
      // A start_publication lost on the way must not hold the terminal for good.
      if (this.clock.now() - this.pausedAt < (this.opts.pauseTimeoutMs ?? DEFAULT_PAUSE_TIMEOUT_MS)) return;
      this.pauseTimeouts += 1;
      this.resume();
    }
    const attempts = this.sender.resendDue();
    if (attempts > (this.opts.maxResendAttempts ?? DEFAULT_MAX_RESENDS)) {
      this.close('The agent in the container stopped acknowledging input. Reconnect to start a new session.');
    }
  }

  private transmit(bytes: Buffer): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  private onSocketClosed(code: number, reason: string): void {
    if (this.current === 'closed') return;
    if (this.socketError) {
      this.finish(`Could not keep a connection to the container: ${this.socketError}. Check your network or VPN, then reconnect.`);
    } else {
      this.finish(`${socketClosedWords(code, reason)} Reconnect to start a new session.`);
    }
  }

  private finish(reason: string): void {
    if (this.current === 'closed') return;
    for (const t of this.timers) this.clock.clearInterval(t);
    this.timers = [];
    this.queued = [];
    this.closeReason = reason;
    // Flush any half character the decoder still holds.
    const tail = this.decoder.decode();
    if (tail) this.listener.output(tail);
    this.setState('closed', reason);
  }

  private setState(state: ChannelState, reason?: string): void {
    this.current = state;
    this.listener.state(state, reason);
  }
}

/**
 * What a WebSocket close code means for a shell, in words (RFC 6455 §7.4.1): a person reads
 * "the connection dropped", never "code 1006". The agent's own reason, when it gave one, follows.
 */
function socketClosedWords(code: number, reason = ''): string {
  const why = reason.trim() ? ` The agent said: ${reason.trim().replace(/[.\s]+$/, '')}.` : '';
  switch (code) {
    case 1000:
      return `The container's agent closed the connection.${why}`;
    case 1001:
      return `The container's agent went away (the task is stopping, or the agent restarted).${why}`;
    case 1006:
      return 'The connection to the container dropped without warning: the network, a VPN or proxy, or the container cut it.';
    case 1008:
    case 1003:
      return `The container's agent refused what Wharf sent and closed the connection.${why}`;
    case 1009:
      return `The container's agent closed the connection: a message was too large for it.${why}`;
    case 1011:
      return `The container's agent hit an internal error and closed the connection.${why}`;
    case 1012:
    case 1013:
      return `The exec service is restarting or overloaded and closed the connection; try again in a moment.${why}`;
    case 1015:
      return 'The secure connection to the container failed (TLS).';
    default:
      return `The connection to the container was closed unexpectedly.${why}`;
  }
}
