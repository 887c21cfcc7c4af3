/**
 * Keeps every stream message this side sent until the other side acks it, and resends the
 * oldest one, byte for byte, when it has waited longer than the retransmission timeout.
 * The timeout follows the measured round trip the way the session-manager-plugin does it
 * (docs/ecs-exec-protocol.md, "Ordering, acks, resends"): smoothed RTT with
 * gain 1/8, RTT variation with gain 1/4, RTO = SRTT + max(10 ms, 4 x RTTVAR), capped at 1 s.
 *
 * No timers here: the owner calls `resendDue()` every RESEND_CHECK_MS, so tests drive it
 * with a fake clock.
 */

export const RESEND_CHECK_MS = 100;
export const INITIAL_RTO_MS = 200;
export const MAX_RTO_MS = 1000;
const INITIAL_SRTT_MS = 100;
const CLOCK_GRANULARITY_MS = 10;
const SRTT_GAIN = 1 / 8;
const RTTVAR_GAIN = 1 / 4;

interface Unacked {
  bytes: Buffer;
  lastSentAt: number;
  attempts: number;
}

export interface ReliableSenderDeps {
  now: () => number;
  /** Puts bytes on the wire; the sender never changes them between attempts. */
  transmit: (bytes: Buffer) => void;
}

export class ReliableSender {
  // A Map keeps insertion order, so the first entry is always the oldest unacked message.
  private readonly unacked = new Map<number, Unacked>();
  private srtt = INITIAL_SRTT_MS;
  private rttvar = 0;
  private rto = INITIAL_RTO_MS;
  private resends = 0;

  constructor(private readonly deps: ReliableSenderDeps) {}

  /** Sends a sequenced message now and keeps it until acked. */
  send(sequenceNumber: number, bytes: Buffer): void {
    this.unacked.set(sequenceNumber, { bytes, lastSentAt: this.deps.now(), attempts: 1 });
    this.deps.transmit(bytes);
  }

  /** The other side acked `sequenceNumber`; returns false for an unknown or repeated ack. */
  acknowledge(sequenceNumber: number): boolean {
    const entry = this.unacked.get(sequenceNumber);
    if (!entry) return false;
    this.unacked.delete(sequenceNumber);
    this.updateTimeout(this.deps.now() - entry.lastSentAt);
    return true;
  }

  /**
   * Resends the oldest unacked message if it is older than the timeout. Returns how many
   * times that message has now been sent (0 when nothing was resent), so the owner can give
   * up on a peer that never answers.
   */
  resendDue(): number {
    const oldest = this.unacked.values().next();
    if (oldest.done) return 0;
    const entry = oldest.value;
    const now = this.deps.now();
    if (now - entry.lastSentAt <= this.rto) return 0;
    entry.lastSentAt = now;
    entry.attempts += 1;
    this.resends += 1;
    this.deps.transmit(entry.bytes);
    return entry.attempts;
  }

  get pendingCount(): number {
    return this.unacked.size;
  }

  stats(): { rtoMs: number; srttMs: number; rttvarMs: number; resends: number; unacked: number } {
    return { rtoMs: this.rto, srttMs: this.srtt, rttvarMs: this.rttvar, resends: this.resends, unacked: this.unacked.size };
  }

  private updateTimeout(sampleMs: number): void {
    // RTTVAR first, from the previous SRTT, as RFC 6298 and the plugin do.
    this.rttvar = (1 - RTTVAR_GAIN) * this.rttvar + RTTVAR_GAIN * Math.abs(this.srtt - sampleMs);
    this.srtt = (1 - SRTT_GAIN) * this.srtt + SRTT_GAIN * sampleMs;
    this.rto = Math.min(MAX_RTO_MS, this.srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttvar));
  }
}
