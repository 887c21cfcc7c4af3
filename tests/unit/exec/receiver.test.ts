import { describe, expect, it } from 'vitest';
import { Receiver } from '../../../src-main/core/exec/receiver';
import type { ChannelMessage } from '../../../src-main/core/exec/codec';

const msg = (sequenceNumber: number): ChannelMessage => ({
  messageType: 'output_stream_data',
  schemaVersion: 1,
  createdDate: 0,
  sequenceNumber,
  flags: 0,
  messageId: '00000000-0000-4000-8000-000000000000',
  payloadType: 1,
  payload: Buffer.from(String(sequenceNumber)),
});
const seqs = (r: { deliver: ChannelMessage[] }) => r.deliver.map((m) => m.sequenceNumber);

describe('receiver', () => {
  it('delivers in order, buffering later messages', () => {
    const r = new Receiver();
    const later2 = r.accept(msg(2));
    const later1 = r.accept(msg(1));
    expect([later2.ack, seqs(later2), later1.ack, seqs(later1)]).toEqual([true, [], true, []]);
    const first = r.accept(msg(0));
    expect(first.ack).toBe(true);
    expect(seqs(first)).toEqual([0, 1, 2]);
    expect(seqs(r.accept(msg(3)))).toEqual([3]);
  });

  it('re-acks duplicates without delivering them twice', () => {
    const r = new Receiver();
    r.accept(msg(0));
    const again = r.accept(msg(0));
    expect(again).toMatchObject({ ack: true, deliver: [], duplicate: true });
    r.accept(msg(2));
    expect(r.accept(msg(2))).toMatchObject({ ack: true, deliver: [], duplicate: true });
    expect(seqs(r.accept(msg(1)))).toEqual([1, 2]);
    expect(r.stats().duplicates).toBe(2);
  });

  it('drops later messages unacked when the buffer is full', () => {
    const r = new Receiver(2);
    r.accept(msg(1));
    r.accept(msg(2));
    expect(r.accept(msg(3))).toMatchObject({ ack: false, deliver: [] });
    expect(seqs(r.accept(msg(0)))).toEqual([0, 1, 2]);
  });
});
