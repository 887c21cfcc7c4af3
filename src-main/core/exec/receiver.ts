import type { ChannelMessage } from './codec';

/**
 * In-order delivery of the other side's stream messages (docs/ecs-exec-protocol.md):
 * the expected number is acked, delivered, and followed by any buffered successors; a later
 * number is acked and buffered; an earlier number (a resend whose ack was lost) is acked
 * again but not delivered twice. When the buffer is full a later message is dropped without
 * an ack, so the sender resends it once there is room.
 */

export const MAX_BUFFERED = 10_000;

export interface ReceiveResult {
  /** Send an ack for this message. */
  ack: boolean;
  /** Messages now ready, in sequence order (possibly none). */
  deliver: ChannelMessage[];
  duplicate: boolean;
}

export class Receiver {
  private expected = 0;
  private readonly buffered = new Map<number, ChannelMessage>();
  private duplicates = 0;

  constructor(private readonly maxBuffered = MAX_BUFFERED) {}

  accept(msg: ChannelMessage): ReceiveResult {
    const seq = msg.sequenceNumber;
    if (seq < this.expected || this.buffered.has(seq)) {
      this.duplicates += 1;
      return { ack: true, deliver: [], duplicate: true };
    }
    if (seq > this.expected) {
      if (this.buffered.size >= this.maxBuffered) return { ack: false, deliver: [], duplicate: false };
      this.buffered.set(seq, msg);
      return { ack: true, deliver: [], duplicate: false };
    }
    const deliver = [msg];
    this.expected += 1;
    for (let next = this.buffered.get(this.expected); next; next = this.buffered.get(this.expected)) {
      this.buffered.delete(this.expected);
      deliver.push(next);
      this.expected += 1;
    }
    return { ack: true, deliver, duplicate: false };
  }

  get expectedSequence(): number {
    return this.expected;
  }

  stats(): { expected: number; buffered: number; duplicates: number } {
    return { expected: this.expected, buffered: this.buffered.size, duplicates: this.duplicates };
  }
}
