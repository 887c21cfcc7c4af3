import { randomUUID } from 'node:crypto';
import { FrameType, writeFrame } from './frame';

/**
 * The agent's outgoing stream: numbers output messages from 0, keeps each until the client
 * acks it, and resends the oldest unacked one when it has waited too long. A fixed timeout
 * is enough for a loopback agent; the client side is the one that must adapt.
 */

export interface OutboxTransport {
  /** The first transmission of a message (modes may tamper with it). */
  first(bytes: Buffer, seq: number): void;
  /** A resend: always the clean encoding. */
  again(bytes: Buffer): void;
}

export class Outbox {
  private nextSeq = 0;
  private readonly unacked = new Map<number, { bytes: Buffer; sentAt: number }>();
  private resent = 0;

  constructor(private readonly transport: OutboxTransport, private readonly resendAfterMs = 250) {}

  push(payloadType: number, payload: Buffer): number {
    const seq = this.nextSeq++;
    const bytes = writeFrame({ type: FrameType.output, seq, flags: seq === 0 ? 1 : 0, id: randomUUID(), payloadType, payload });
    this.unacked.set(seq, { bytes, sentAt: Date.now() });
    this.transport.first(bytes, seq);
    return seq;
  }

  ack(seq: number): void {
    this.unacked.delete(seq);
  }

  resendOldest(): void {
    const oldest = this.unacked.values().next();
    if (oldest.done) return;
    const now = Date.now();
    if (now - oldest.value.sentAt < this.resendAfterMs) return;
    oldest.value.sentAt = now;
    this.resent += 1;
    this.transport.again(oldest.value.bytes);
  }

  get pending(): number {
    return this.unacked.size;
  }

  get resends(): number {
    return this.resent;
  }
}
