import { describe, expect, it } from 'vitest';
import { readFrame, writeFrame } from '../../../src-main/sim/exec-agent/frame';

// The sim's own codec must agree with the protocol doc's golden vector too.
const GOLDEN_HEX =
  '000000746f75747075745f73747265616d5f6461746120202020202020202020' +
  '20202020000000010000015e0baa788400000000000000050000000000000000' +
  'a508b5f073f31b16dd01e56bff48483e3c48591d8d098a4538f5e013dfcf406e' +
  '948eac4d3277b10bf614e295d6068179000000010000000668c3a96c6c6f';

describe('sim agent frame codec', () => {
  const frame = { type: 'output_stream_data', seq: 5, flags: 0, id: 'dd01e56b-ff48-483e-a508-b5f073f31b16', payloadType: 1, payload: Buffer.from('héllo'), createdMs: 1503434274948 };

  it('writes the golden vector', () => {
    expect(writeFrame(frame).toString('hex')).toBe(GOLDEN_HEX);
  });

  it('reads it back, and refuses a bad digest', () => {
    expect(readFrame(Buffer.from(GOLDEN_HEX, 'hex'))).toEqual(frame);
    const bad = Buffer.from(GOLDEN_HEX, 'hex');
    bad[100] ^= 1;
    expect(readFrame(bad)).toBeNull();
  });
});

describe('sim agent frame codec: the header length field', () => {
  it('reads the payload where the header length says, as the agent does', () => {
    const golden = Buffer.from(GOLDEN_HEX, 'hex');
    const longer = Buffer.alloc(golden.length + 8, 0x20);
    golden.copy(longer, 0, 0, 116);
    longer.writeUInt32BE(124, 0);
    golden.copy(longer, 124, 116);
    expect(readFrame(longer)).toMatchObject({ type: 'output_stream_data', seq: 5, payload: Buffer.from('héllo') });
  });
});
