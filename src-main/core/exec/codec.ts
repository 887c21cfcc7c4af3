import { createHash } from 'node:crypto';

/**
 * The SSM data channel's binary message (docs/ecs-exec-protocol.md, "The message"): a header
 * then the payload. All integers big-endian. HeaderLength says where PayloadLength sits; the
 * payload follows it. Every agent and plugin today writes 116 (payload at byte 120), and that is
 * what Wharf writes; on reading, Wharf takes the payload where the field says, as the plugin and
 * the agent do, so a longer header from a newer agent still parses.
 */

export const HEADER_LENGTH = 116;
/** HeaderLength (4 bytes) + the header + PayloadLength (4 bytes) end at the payload, for the header Wharf writes. */
export const PAYLOAD_OFFSET = 120;

export const MessageType = {
  input: 'input_stream_data',
  output: 'output_stream_data',
  ack: 'acknowledge',
  channelClosed: 'channel_closed',
  startPublication: 'start_publication',
  pausePublication: 'pause_publication',
} as const;

export const PayloadType = {
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

export const Flags = { SYN: 1, FIN: 2 } as const;

export interface ChannelMessage {
  messageType: string;
  schemaVersion: number;
  /** Milliseconds since the epoch. */
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Canonical lower-case UUID text. */
  messageId: string;
  payloadType: number;
  payload: Buffer;
}

export type CodecErrorKind = 'SHORT_BUFFER' | 'BAD_HEADER' | 'BAD_LENGTH' | 'BAD_DIGEST' | 'BAD_UUID';

/** A message that cannot be decoded; the channel drops it without an ack, as the plugin does. */
export class CodecError extends Error {
  constructor(readonly kind: CodecErrorKind, message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

const MESSAGE_TYPE_OFFSET = 4;
const MESSAGE_TYPE_LENGTH = 32;
const SCHEMA_VERSION_OFFSET = 36;
const CREATED_DATE_OFFSET = 40;
const SEQUENCE_OFFSET = 48;
const FLAGS_OFFSET = 56;
const MESSAGE_ID_OFFSET = 64;
const DIGEST_OFFSET = 80;
const PAYLOAD_TYPE_OFFSET = 112;
const PAYLOAD_LENGTH_OFFSET = 116;
/** The fields up to PayloadType are at fixed offsets: a header shorter than this cannot hold them. */
const MIN_HEADER_LENGTH = PAYLOAD_LENGTH_OFFSET;

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

export function encodeMessage(msg: ChannelMessage): Buffer {
  if (Buffer.byteLength(msg.messageType, 'ascii') > MESSAGE_TYPE_LENGTH) {
    throw new CodecError('BAD_HEADER', `Message type "${msg.messageType}" is longer than 32 bytes.`);
  }
  const buf = Buffer.alloc(PAYLOAD_OFFSET + msg.payload.length);
  buf.writeUInt32BE(HEADER_LENGTH, 0);
  // Right-padded with spaces, as the agent and the plugin write it.
  buf.write(msg.messageType.padEnd(MESSAGE_TYPE_LENGTH, ' '), MESSAGE_TYPE_OFFSET, MESSAGE_TYPE_LENGTH, 'ascii');
  buf.writeUInt32BE(msg.schemaVersion, SCHEMA_VERSION_OFFSET);
  buf.writeBigUInt64BE(BigInt(msg.createdDate), CREATED_DATE_OFFSET);
  buf.writeBigInt64BE(BigInt(msg.sequenceNumber), SEQUENCE_OFFSET);
  buf.writeBigUInt64BE(BigInt(msg.flags), FLAGS_OFFSET);
  uuidToWire(msg.messageId).copy(buf, MESSAGE_ID_OFFSET);
  sha256(msg.payload).copy(buf, DIGEST_OFFSET);
  buf.writeUInt32BE(msg.payloadType, PAYLOAD_TYPE_OFFSET);
  buf.writeUInt32BE(msg.payload.length, PAYLOAD_LENGTH_OFFSET);
  msg.payload.copy(buf, PAYLOAD_OFFSET);
  return buf;
}

export function decodeMessage(input: Uint8Array): ChannelMessage {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length < PAYLOAD_OFFSET) {
    throw new CodecError('SHORT_BUFFER', `A data channel message is at least ${PAYLOAD_OFFSET} bytes; got ${buf.length}.`);
  }
  const headerLength = buf.readUInt32BE(0);
  if (headerLength < MIN_HEADER_LENGTH) {
    throw new CodecError('BAD_HEADER', `Header length is ${headerLength}; the header's fields need at least ${MIN_HEADER_LENGTH}.`);
  }
  // PayloadLength sits at HeaderLength, the payload right after it (116 and 120 today).
  const payloadOffset = headerLength + 4;
  if (buf.length < payloadOffset) {
    throw new CodecError('SHORT_BUFFER', `Header length ${headerLength} runs past the ${buf.length}-byte message.`);
  }
  const payloadLength = buf.readUInt32BE(headerLength);
  if (buf.length < payloadOffset + payloadLength) {
    throw new CodecError('BAD_LENGTH', `Payload length says ${payloadLength} bytes but only ${buf.length - payloadOffset} follow the header.`);
  }
  const payload = Buffer.from(buf.subarray(payloadOffset, payloadOffset + payloadLength));
  if (!sha256(payload).equals(buf.subarray(DIGEST_OFFSET, DIGEST_OFFSET + 32))) {
    throw new CodecError('BAD_DIGEST', 'The payload digest does not match its SHA-256.');
  }
  return {
    // Readers trim spaces and NULs: some writers pad with NULs.
    messageType: buf.toString('ascii', MESSAGE_TYPE_OFFSET, MESSAGE_TYPE_OFFSET + MESSAGE_TYPE_LENGTH).replace(/[ \0]+$/, ''),
    schemaVersion: buf.readUInt32BE(SCHEMA_VERSION_OFFSET),
    createdDate: Number(buf.readBigUInt64BE(CREATED_DATE_OFFSET)),
    sequenceNumber: Number(buf.readBigInt64BE(SEQUENCE_OFFSET)),
    flags: Number(buf.readBigUInt64BE(FLAGS_OFFSET)),
    messageId: uuidFromWire(buf.subarray(MESSAGE_ID_OFFSET, MESSAGE_ID_OFFSET + 16)),
    payloadType: buf.readUInt32BE(PAYLOAD_TYPE_OFFSET),
    payload,
  };
}

/** The wire puts the UUID's bytes 8-15 first, then bytes 0-7. */
export function uuidToWire(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new CodecError('BAD_UUID', `"${uuid}" is not a UUID.`);
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([bytes.subarray(8, 16), bytes.subarray(0, 8)]);
}

export function uuidFromWire(wire: Uint8Array): string {
  const bytes = Buffer.concat([wire.subarray(8, 16), wire.subarray(0, 8)]);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
