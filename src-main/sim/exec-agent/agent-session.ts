import { createCipheriv, createDecipheriv, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { openDataKey, SIM_EXEC_KMS_KEY_ID } from '../kms/data-key';
import { FrameType, Payload, readFrame, spoilDigest, writeFrame, type Frame } from './frame';
import { Outbox } from './outbox';
import { startShell, type Shell } from './shell';

/**
 * One ECS Exec session as the SSM agent in a container plays it (with the part of the service
 * between them): checks the token in the first text frame, runs the handshake when the agent
 * would (an InteractiveCommands session only with KMS encryption, or when a test asks for it),
 * starts a real shell in a pseudo-terminal, and follows the data channel rules: acks withheld
 * until the terminal is ready, in-order input, resends of its own unacked output, resize,
 * flow control (`pause_publication` when the terminal's input backs up, `start_publication`
 * once it drains), `channel_closed`.
 */

export interface AgentModes {
  /** Send a HandshakeRequest before any output. */
  handshake?: boolean;
  /** Require KMS encryption (with the sim's fixed test key unless the session names one). */
  kms?: boolean;
  /** Spoil the digest of some first transmissions; the resends are clean. */
  badDigest?: boolean;
  /** Send some output late and some twice. */
  outOfOrder?: boolean;
  /** Extra time after the shell starts before input is acked (tests the client's resends). */
  readyDelayMs?: number;
  /** Text for HandshakeComplete's CustomerMessage. */
  customerMessage?: string;
  /** Also request this client action in the handshake (one no client knows, to test the answer). */
  extraAction?: string;
  /** Input bytes waiting for the terminal above which the client is told to pause (default 64 KiB). */
  pauseAboveBytes?: number;
  /** ... and below which it is told to start again (default 16 KiB). */
  resumeBelowBytes?: number;
  /** Never send start_publication (a lost message): the client must resume on its own. */
  loseStartPublication?: boolean;
}

export interface SessionSpec {
  sessionId: string;
  tokenValue: string;
  clusterArn: string;
  taskArn: string;
  containerName: string;
  runtimeId: string;
  command: string;
  kmsKeyId?: string;
}

export type AgentSessionState = 'pending' | 'handshake' | 'running' | 'ended';

const CHUNK_BYTES = 1024;
/** Unacked output messages before the agent stops reading the terminal (flow control). */
const WINDOW = 2000;
const HANDSHAKE_TIMEOUT_MS = 15_000;
const READY_FALLBACK_MS = 300;
const DRAIN_BEFORE_CLOSE_MS = 1000;
const TOKEN_TIMEOUT_MS = 10_000;
const PAUSE_ABOVE_BYTES = 64 * 1024;
const RESUME_BELOW_BYTES = 16 * 1024;
/** While paused, input that still arrives is answered with another pause at most this often. */
const REPAUSE_MS = 500;

export class AgentSession {
  state: AgentSessionState = 'pending';
  endReason: string | null = null;
  private ws: WebSocket | null = null;
  private shell: Shell | null = null;
  private terminalReady = false;
  private expected = 0;
  private readonly later = new Map<number, Frame>();
  private readonly outbox: Outbox;
  private readonly timers = new Set<NodeJS.Timeout>();
  private agentKey: Buffer | null = null; // bytes 0-31: agent to client
  private clientKey: Buffer | null = null; // bytes 32-63: client to agent
  private challenge: Buffer | null = null;
  private handshakeStartedAt = 0;
  private size = { cols: 80, rows: 24 };
  private readingPaused = false;
  private held: { bytes: Buffer; timer: NodeJS.Timeout } | null = null;
  private dropTimer: NodeJS.Timeout | null = null;
  private claimant: WebSocket | null = null;
  private inputPaused = false;
  private lastInputAt = 0;
  private lastPauseAt = 0;
  private publication = { pauses: 0, starts: 0 };

  constructor(
    readonly spec: SessionSpec,
    private readonly modes: AgentModes,
    private readonly hooks: { dropAfterMs(): number | undefined; onEnded(session: AgentSession): void },
  ) {
    this.outbox = new Outbox({ first: (bytes, seq) => this.sendFirst(bytes, seq), again: (bytes) => this.sendRaw(bytes) });
  }

  /** pause_publication and start_publication messages sent so far. */
  get publicationCounts(): { pauses: number; starts: number } {
    return { ...this.publication };
  }

  get kmsKeyId(): string | null {
    return this.spec.kmsKeyId ?? (this.modes.kms ? SIM_EXEC_KMS_KEY_ID : null);
  }

  /** A socket is connected and has not yet shown (or failed to show) the token. */
  get claimed(): boolean {
    return this.claimant !== null;
  }

  /**
   * A client connected to the stream URL; its first text frame must carry the token
   * ExecuteCommand issued. One socket at a time may try; a wrong or missing token closes it
   * (1008) and leaves the session to the client that holds the token.
   */
  attach(ws: WebSocket): void {
    this.claimant = ws;
    const release = () => {
      if (this.claimant === ws) this.claimant = null;
    };
    const noToken = setTimeout(() => {
      release();
      ws.close(1008, 'No token was sent.');
    }, TOKEN_TIMEOUT_MS);
    ws.once('close', () => {
      clearTimeout(noToken);
      release();
    });
    ws.once('message', (data, isBinary) => {
      clearTimeout(noToken);
      const token = isBinary ? null : tokenOf(data.toString());
      if (token === null || !sameToken(token, this.spec.tokenValue) || this.state !== 'pending') {
        release();
        ws.close(1008, 'The token is not valid for this session.');
        return;
      }
      this.ws = ws;
      ws.on('message', (frame, binary) => {
        if (binary) this.onFrame(frame as Buffer);
      });
      ws.on('close', () => this.end(null, 'The client disconnected.'));
      this.every(100, () => {
        this.outbox.resendOldest();
        this.checkBackPressure();
      });
      this.setDropAfter(this.hooks.dropAfterMs());
      if (this.modes.handshake || this.kmsKeyId) this.beginHandshake();
      else this.startTerminal();
    });
  }

  /**
   * The dropped-socket fault: the connected socket dies (no close frame, as on a lost network)
   * `ms` from now; undefined cancels a pending drop. Until a client connects, nothing happens.
   */
  setDropAfter(ms: number | undefined): void {
    if (this.dropTimer) {
      clearTimeout(this.dropTimer);
      this.timers.delete(this.dropTimer);
      this.dropTimer = null;
    }
    const ws = this.ws;
    if (ms === undefined || !ws || this.state === 'ended') return;
    this.dropTimer = this.after(ms, () => ws.terminate());
  }

  /** Ends the session from the service side: the client gets `channel_closed` with `reason`. */
  terminate(reason: string): void {
    this.end(reason, reason);
  }

  // ---- incoming ----

  private onFrame(bytes: Buffer): void {
    const frame = readFrame(bytes);
    if (!frame || this.state === 'ended') return; // a bad digest is dropped without an ack
    if (frame.type === FrameType.ack) return this.onAck(frame);
    if (frame.type !== FrameType.input) return;
    if (frame.seq < this.expected) return this.ack(frame); // a resend we already have
    // Until the terminal is ready, keystrokes and sizes are neither acked nor kept.
    const gated = !this.terminalReady && (frame.payloadType === Payload.output || frame.payloadType === Payload.size);
    if (gated) return;
    this.ack(frame);
    if (frame.seq > this.expected) {
      this.later.set(frame.seq, frame);
      return;
    }
    try {
      this.process(frame);
      this.expected += 1;
      for (let next = this.later.get(this.expected); next; next = this.later.get(this.expected)) {
        this.later.delete(this.expected);
        this.process(next);
        this.expected += 1;
      }
    } catch (err) {
      this.terminate(`The agent could not process input: ${(err as Error).message}`);
      return;
    }
    this.checkBackPressure();
  }

  /**
   * Flow control toward the client: the terminal's input queue (what the program in the
   * container has not read yet) above the high mark sends pause_publication, below the low
   * mark start_publication. Input that still comes while paused is taken (and acked) and
   * answered with another pause, as a full service would.
   */
  private checkBackPressure(): void {
    if (this.state !== 'running' || !this.shell) return;
    const backlog = pendingInputBytes(this.shell.pty);
    const now = Date.now();
    if (!this.inputPaused && backlog > (this.modes.pauseAboveBytes ?? PAUSE_ABOVE_BYTES)) {
      this.inputPaused = true;
      this.sendControl(FrameType.pause);
      this.lastPauseAt = now;
    } else if (this.inputPaused && backlog < (this.modes.resumeBelowBytes ?? RESUME_BELOW_BYTES)) {
      this.inputPaused = false;
      if (!this.modes.loseStartPublication) this.sendControl(FrameType.start);
    } else if (this.inputPaused && now - this.lastPauseAt >= REPAUSE_MS && this.lastInputAt > this.lastPauseAt) {
      this.sendControl(FrameType.pause);
      this.lastPauseAt = now;
    }
  }

  private sendControl(type: typeof FrameType.pause | typeof FrameType.start): void {
    if (type === FrameType.pause) this.publication.pauses += 1;
    else this.publication.starts += 1;
    this.sendRaw(writeFrame({ type, seq: 0, flags: 0, id: randomUUID(), payloadType: 0, payload: Buffer.alloc(0) }));
  }

  private onAck(frame: Frame): void {
    const seq = (json(frame.payload) as { AcknowledgedMessageSequenceNumber?: unknown } | null)?.AcknowledgedMessageSequenceNumber;
    if (typeof seq === 'number') this.outbox.ack(seq);
    if (this.readingPaused && this.outbox.pending <= WINDOW / 2) {
      this.readingPaused = false;
      this.shell?.pty.resume();
    }
  }

  private process(frame: Frame): void {
    switch (frame.payloadType) {
      case Payload.output:
        this.lastInputAt = Date.now();
        this.shell?.pty.write(this.clientKey ? openGcm(this.clientKey, frame.payload) : frame.payload);
        return;
      case Payload.size:
        return this.onSize(frame.payload);
      case Payload.handshakeResponse:
        return this.onHandshakeResponse(frame.payload);
      case Payload.encChallengeResponse:
        return this.onChallengeResponse(frame.payload);
      default:
        return;
    }
  }

  private onSize(payload: Buffer): void {
    const size = json(payload) as { cols?: unknown; rows?: unknown } | null;
    const cols = Number(size?.cols);
    const rows = Number(size?.rows);
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1 || cols > 1000 || rows > 1000) return;
    this.size = { cols, rows };
    this.shell?.pty.resize(cols, rows);
  }

  // ---- handshake ----

  private beginHandshake(): void {
    this.state = 'handshake';
    this.handshakeStartedAt = performance.now();
    // As the agent builds it: SessionType first, then KMSEncryption when the session is encrypted.
    const actions: unknown[] = [{ ActionType: 'SessionType', ActionParameters: { SessionType: 'InteractiveCommands', Properties: { commands: this.spec.command } } }];
    if (this.kmsKeyId) actions.push({ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: this.kmsKeyId } });
    if (this.modes.extraAction) actions.push({ ActionType: this.modes.extraAction, ActionParameters: {} });
    this.sendPayload(Payload.handshakeRequest, Buffer.from(JSON.stringify({ AgentVersion: '3.3.0.0-wharf-sim', RequestedClientActions: actions })));
    this.after(HANDSHAKE_TIMEOUT_MS, () => {
      if (this.state === 'handshake') this.terminate('The client did not complete the handshake within 15 seconds.');
    });
  }

  private onHandshakeResponse(payload: Buffer): void {
    if (this.state !== 'handshake') return;
    const actions = (json(payload) as { ProcessedClientActions?: unknown } | null)?.ProcessedClientActions;
    const list = Array.isArray(actions) ? (actions as Array<{ ActionType?: string; ActionStatus?: number; ActionResult?: { KMSCipherTextKey?: string }; Error?: string }>) : [];
    // As the agent does: any action the client did not complete ends the session.
    const failed = list.find((a) => a.ActionStatus !== 1);
    if (failed) {
      return this.terminate(`Encountered error while initiating handshake. ${failed.ActionType} failed on client with status ${failed.ActionStatus ?? 0} error: ${failed.Error ?? ''}`);
    }
    if (!this.kmsKeyId) return this.completeHandshake();
    const kms = list.find((a) => a.ActionType === 'KMSEncryption');
    const blob = kms?.ActionResult?.KMSCipherTextKey;
    if (typeof blob !== 'string') {
      return this.terminate('Encountered error while initiating handshake. KMSEncryption failed on client with status missing error: no KMSCipherTextKey');
    }
    try {
      const { plaintext } = openDataKey(Buffer.from(blob, 'base64'), { 'aws:ssm:SessionId': this.spec.sessionId, 'aws:ssm:TargetId': this.targetId() });
      if (plaintext.length !== 64) throw new Error(`data key is ${plaintext.length} bytes`);
      this.agentKey = plaintext.subarray(0, 32);
      this.clientKey = plaintext.subarray(32, 64);
    } catch (err) {
      return this.terminate(`Encountered error while initiating handshake. Fetching data key failed: ${(err as Error).message}`);
    }
    this.challenge = randomBytes(64);
    this.sendPayload(Payload.encChallengeRequest, Buffer.from(JSON.stringify({ Challenge: sealGcm(this.agentKey, this.challenge).toString('base64') })));
  }

  private onChallengeResponse(payload: Buffer): void {
    if (this.state !== 'handshake' || !this.clientKey || !this.challenge) return;
    const answer = (json(payload) as { Challenge?: unknown } | null)?.Challenge;
    let ok = false;
    try {
      ok = typeof answer === 'string' && openGcm(this.clientKey, Buffer.from(answer, 'base64')).equals(this.challenge);
    } catch {
      ok = false;
    }
    if (!ok) return this.terminate('Encryption challenge failed: the client does not hold the session key.');
    this.completeHandshake();
  }

  private completeHandshake(): void {
    const elapsedNs = Math.round((performance.now() - this.handshakeStartedAt) * 1e6);
    const message = this.modes.customerMessage ?? (this.agentKey ? 'This session is encrypted using AWS KMS.' : '');
    // The cipher is on from here: HandshakeComplete itself is not an encrypted payload type.
    this.sendPayload(Payload.handshakeComplete, Buffer.from(JSON.stringify({ HandshakeTimeToComplete: elapsedNs, CustomerMessage: message })));
    this.startTerminal();
  }

  /** `ecs:<cluster name>_<task id>_<container runtime id>`, as the AWS CLI names the target. */
  private targetId(): string {
    const last = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
    return `ecs:${last(this.spec.clusterArn)}_${last(this.spec.taskArn)}_${this.spec.runtimeId}`;
  }

  // ---- the terminal ----

  private startTerminal(): void {
    this.state = 'running';
    const shell = startShell({ command: this.spec.command, cols: this.size.cols, rows: this.size.rows, containerName: this.spec.containerName });
    this.shell = shell;
    let readyScheduled = false;
    const becomeReady = () => {
      if (readyScheduled) return;
      readyScheduled = true;
      const delay = this.modes.readyDelayMs ?? 0;
      if (delay > 0) this.after(delay, () => (this.terminalReady = true));
      else this.terminalReady = true;
    };
    this.after(READY_FALLBACK_MS, becomeReady);
    shell.pty.onData((data: string | Buffer) => {
      becomeReady();
      this.sendOutput(Buffer.isBuffer(data) ? data : Buffer.from(data));
    });
    shell.pty.onExit(() => this.afterShellExit());
  }

  private sendOutput(data: Buffer): void {
    for (let at = 0; at < data.length; at += CHUNK_BYTES) {
      const chunk = data.subarray(at, at + CHUNK_BYTES);
      this.sendPayload(Payload.output, this.agentKey ? sealGcm(this.agentKey, chunk) : chunk);
    }
    if (!this.readingPaused && this.outbox.pending >= WINDOW) {
      this.readingPaused = true;
      this.shell?.pty.pause();
    }
  }

  /** Let the client ack the last output, then tell it the channel is closed. */
  private afterShellExit(): void {
    const deadline = Date.now() + DRAIN_BEFORE_CLOSE_MS;
    const check = () => {
      if (this.outbox.pending === 0 || Date.now() > deadline) this.end('', 'The shell exited.');
      else this.after(20, check);
    };
    check();
  }

  // ---- outgoing ----

  private sendPayload(payloadType: number, payload: Buffer): void {
    if (this.state === 'ended') return;
    this.outbox.push(payloadType, payload);
  }

  private sendFirst(bytes: Buffer, seq: number): void {
    if (this.modes.badDigest && seq % 7 === 3) return this.sendRaw(spoilDigest(bytes));
    if (!this.modes.outOfOrder) return this.sendRaw(bytes);
    if (this.held) {
      // Deliver the later message first, then the one held back.
      const held = this.held;
      this.held = null;
      clearTimeout(held.timer);
      this.timers.delete(held.timer);
      this.sendRaw(bytes);
      this.sendRaw(held.bytes);
    } else if (seq % 4 === 1) {
      const timer = this.after(20, () => {
        if (this.held?.bytes === bytes) this.held = null;
        this.sendRaw(bytes);
      });
      this.held = { bytes, timer };
      return;
    } else {
      this.sendRaw(bytes);
    }
    if (seq % 5 === 0) this.sendRaw(bytes); // a duplicate
  }

  private ack(frame: Frame): void {
    const payload = { AcknowledgedMessageType: frame.type, AcknowledgedMessageId: frame.id, AcknowledgedMessageSequenceNumber: frame.seq, IsSequentialMessage: true };
    this.sendRaw(writeFrame({ type: FrameType.ack, seq: 0, flags: 3, id: randomUUID(), payloadType: 0, payload: Buffer.from(JSON.stringify(payload)) }));
  }

  private sendRaw(bytes: Buffer): void {
    if (this.ws && this.ws.readyState === this.ws.OPEN) this.ws.send(bytes);
  }

  // ---- the end ----

  /** `closedOutput` null: the client is gone, send nothing; otherwise send `channel_closed`. */
  private end(closedOutput: string | null, why: string): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = closedOutput || why;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (closedOutput !== null && this.ws) {
      const payload = {
        MessageType: 'channel_closed',
        MessageId: randomUUID(),
        CreatedDate: new Date().toISOString(),
        DestinationId: '',
        SessionId: this.spec.sessionId,
        SchemaVersion: 1,
        Output: closedOutput,
      };
      this.sendRaw(writeFrame({ type: FrameType.closed, seq: 0, flags: 3, id: randomUUID(), payloadType: 0, payload: Buffer.from(JSON.stringify(payload)) }));
      this.ws.close(1000);
    }
    this.shell?.dispose();
    this.hooks.onEnded(this);
  }

  private after(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    this.timers.add(timer as NodeJS.Timeout);
  }
}

/**
 * Bytes written to the terminal that the kernel has not taken yet (the program in the
 * container is not reading its input). node-pty keeps them in its write queue and exposes no
 * measure of it, so this reads that queue; 0 when it is not there (another node-pty).
 */
function pendingInputBytes(pty: unknown): number {
  const queue = (pty as { _writeStream?: { _writeQueue?: Array<{ buffer: Buffer; offset: number }> } })._writeStream?._writeQueue;
  if (!Array.isArray(queue)) return 0;
  let bytes = 0;
  for (const task of queue) bytes += task.buffer.length - task.offset;
  return bytes;
}

function sameToken(given: string, issued: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(issued);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(text: string): string | null {
  const token = (json(Buffer.from(text)) as { TokenValue?: unknown } | null)?.TokenValue;
  return typeof token === 'string' ? token : null;
}

function json(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
}

function sealGcm(key: Buffer, plain: Buffer): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function openGcm(key: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}
