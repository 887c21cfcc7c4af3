import { describe, expect, it } from 'vitest';
import { INITIAL_RTO_MS, MAX_RTO_MS, RESEND_CHECK_MS, ReliableSender } from '../../../src-main/core/exec/reliable-sender';

function harness() {
  let now = 1_000;
  const wire: Buffer[] = [];
  const sender = new ReliableSender({ now: () => now, transmit: (b) => wire.push(b) });
  return {
    sender,
    wire,
    advance(ms: number) {
      // The channel calls resendDue() every RESEND_CHECK_MS; do the same.
      for (let t = 0; t < ms; t += RESEND_CHECK_MS) {
        now += RESEND_CHECK_MS;
        sender.resendDue();
      }
    },
    tick(ms: number) {
      now += ms;
    },
  };
}

describe('reliable sender', () => {
  it('resends the same bytes until acked, then stops', () => {
    const h = harness();
    const bytes = Buffer.from('message-0');
    h.sender.send(0, bytes);
    expect(h.wire).toHaveLength(1);
    h.advance(INITIAL_RTO_MS); // not yet older than the timeout
    expect(h.wire).toHaveLength(1);
    h.advance(RESEND_CHECK_MS);
    expect(h.wire).toHaveLength(2);
    h.advance(1000);
    const sent = h.wire.length;
    expect(sent).toBeGreaterThan(3);
    for (const w of h.wire) expect(w).toBe(bytes); // byte-identical: the very same buffer
    h.sender.acknowledge(0);
    h.advance(2000);
    expect(h.wire).toHaveLength(sent);
    expect(h.sender.pendingCount).toBe(0);
  });

  it('resends only the oldest unacked message', () => {
    const h = harness();
    h.sender.send(0, Buffer.from('a'));
    h.sender.send(1, Buffer.from('b'));
    h.sender.acknowledge(1);
    h.advance(300);
    expect(h.wire.map(String)).toEqual(['a', 'b', 'a']);
  });

  it('reports attempts so the owner can give up', () => {
    const h = harness();
    h.sender.send(0, Buffer.from('a'));
    let attempts = 0;
    for (let i = 0; i < 10; i++) {
      h.tick(INITIAL_RTO_MS + 1);
      attempts = Math.max(attempts, h.sender.resendDue());
    }
    expect(attempts).toBe(11);
  });

  it('follows the measured round trip (SRTT 1/8, RTTVAR 1/4, floor 10 ms, cap 1 s)', () => {
    const h = harness();
    expect(h.sender.stats().rtoMs).toBe(INITIAL_RTO_MS);
    // One sample of 20 ms from the initial SRTT 100 ms, RTTVAR 0:
    // RTTVAR = 3/4*0 + 1/4*|100-20| = 20; SRTT = 7/8*100 + 1/8*20 = 90; RTO = 90 + 4*20 = 170.
    h.sender.send(0, Buffer.from('a'));
    h.tick(20);
    h.sender.acknowledge(0);
    expect(h.sender.stats()).toMatchObject({ srttMs: 90, rttvarMs: 20, rtoMs: 170 });
    // Many fast samples: the variation decays and the 10 ms floor applies.
    for (let seq = 1; seq < 200; seq++) {
      h.sender.send(seq, Buffer.from('x'));
      h.tick(2);
      h.sender.acknowledge(seq);
    }
    const fast = h.sender.stats();
    expect(fast.srttMs).toBeCloseTo(2, 1);
    expect(fast.rtoMs).toBeCloseTo(fast.srttMs + 10, 1);
    // Very slow samples: capped at 1 s.
    for (let seq = 200; seq < 260; seq++) {
      h.sender.send(seq, Buffer.from('x'));
      h.tick(5000);
      h.sender.acknowledge(seq);
    }
    expect(h.sender.stats().rtoMs).toBe(MAX_RTO_MS);
  });

  it('resends sooner once the round trip is known to be short', () => {
    const h = harness();
    for (let seq = 0; seq < 100; seq++) {
      h.sender.send(seq, Buffer.from('x'));
      h.tick(1);
      h.sender.acknowledge(seq);
    }
    h.wire.length = 0;
    h.sender.send(100, Buffer.from('late'));
    h.advance(RESEND_CHECK_MS); // 100 ms > RTO (about 11 ms): resent at the first check
    expect(h.wire.map(String)).toEqual(['late', 'late']);
  });

  it('ignores unknown and repeated acks', () => {
    const h = harness();
    h.sender.send(0, Buffer.from('a'));
    expect(h.sender.acknowledge(5)).toBe(false);
    expect(h.sender.acknowledge(0)).toBe(true);
    expect(h.sender.acknowledge(0)).toBe(false);
  });
});
