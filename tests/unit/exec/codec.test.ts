import { describe, expect, it } from 'vitest';
import { CodecError, decodeMessage, encodeMessage, MessageType, PayloadType, uuidFromWire, uuidToWire } from '../../../src-main/core/exec/codec';

// docs/ecs-exec-protocol.md, "The message".
const GOLDEN_HEX =
  '000000746f75747075745f73747265616d5f6461746120202020202020202020' +
  '20202020000000010000015e0baa788400000000000000050000000000000000' +
  'a508b5f073f31b16dd01e56bff48483e3c48591d8d098a4538f5e013dfcf406e' +
  '948eac4d3277b10bf614e295d6068179000000010000000668c3a96c6c6f';

const golden = {
  messageType: MessageType.output,
  schemaVersion: 1,
  createdDate: 1503434274948,
  sequenceNumber: 5,
  flags: 0,
  messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
  payloadType: PayloadType.Output,
  payload: Buffer.from('héllo', 'utf8'),
};

describe('data channel codec', () => {
  it('encodes the golden vector to its exact 126 bytes', () => {
    const bytes = encodeMessage(golden);
    expect(bytes.length).toBe(126);
    expect(bytes.toString('hex')).toBe(GOLDEN_HEX);
  });

  it('decodes the golden vector back', () => {
    expect(decodeMessage(Buffer.from(GOLDEN_HEX, 'hex'))).toEqual(golden);
  });

  it('trims NUL padding in the message type', () => {
    const bytes = Buffer.from(GOLDEN_HEX, 'hex');
    bytes.fill(0, 4 + 'output_stream_data'.length, 36);
    expect(decodeMessage(bytes).messageType).toBe('output_stream_data');
  });

  it('rejects a wrong digest with a typed error', () => {
    const bytes = Buffer.from(GOLDEN_HEX, 'hex');
    bytes[90] ^= 0xff;
    expect(() => decodeMessage(bytes)).toThrow(CodecError);
    try {
      decodeMessage(bytes);
    } catch (err) {
      expect((err as CodecError).kind).toBe('BAD_DIGEST');
    }
  });

  it('rejects a short buffer and a truncated payload', () => {
    const bytes = Buffer.from(GOLDEN_HEX, 'hex');
    expect(() => decodeMessage(bytes.subarray(0, 100))).toThrow(expect.objectContaining({ kind: 'SHORT_BUFFER' }));
    expect(() => decodeMessage(bytes.subarray(0, 123))).toThrow(expect.objectContaining({ kind: 'BAD_LENGTH' }));
  });

  it('swaps UUID halves on the wire and back', () => {
    const id = '00112233-4455-6677-8899-aabbccddeeff';
    expect(uuidToWire(id).toString('hex')).toBe('8899aabbccddeeff0011223344556677');
    expect(uuidFromWire(uuidToWire(id))).toBe(id);
  });
});

describe('data channel codec: the header length field', () => {
  /** The golden message with `extra` bytes of unknown header before PayloadLength, as a newer agent might write it. */
  function withLongerHeader(extra: number): Buffer {
    const bytes = Buffer.from(GOLDEN_HEX, 'hex');
    const out = Buffer.alloc(bytes.length + extra, 0x7a);
    bytes.copy(out, 0, 0, 116);
    out.writeUInt32BE(116 + extra, 0);
    bytes.copy(out, 116 + extra, 116);
    return out;
  }

  it('takes the payload where HeaderLength says (PayloadLength at that offset, payload after it), as the plugin does', () => {
    expect(decodeMessage(withLongerHeader(4))).toEqual(golden);
    expect(decodeMessage(withLongerHeader(36))).toEqual(golden);
  });

  it('rejects a header length too short to hold its fields, or running past the message', () => {
    const zero = Buffer.from(GOLDEN_HEX, 'hex');
    zero.writeUInt32BE(0, 0);
    expect(() => decodeMessage(zero)).toThrow(expect.objectContaining({ kind: 'BAD_HEADER' }));
    const past = Buffer.from(GOLDEN_HEX, 'hex');
    past.writeUInt32BE(4000, 0);
    expect(() => decodeMessage(past)).toThrow(expect.objectContaining({ kind: 'SHORT_BUFFER' }));
  });

  it('writes 116, and input messages with flags 0 from the first on (the plugin never sets SYN)', async () => {
    const { streamMessage } = await import('../../../src-main/core/exec/messages');
    const first = streamMessage({ sequenceNumber: 0, payloadType: PayloadType.Size, payload: Buffer.from('{}'), messageId: golden.messageId, now: 1 });
    expect(first.flags).toBe(0);
    expect(encodeMessage(first).readUInt32BE(0)).toBe(116);
  });
});
