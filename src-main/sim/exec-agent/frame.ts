import { createHash } from 'node:crypto';

/**
 * The agent's side of the SSM data channel message: 4-byte header length (116), 32-byte
 * space-padded type, schema version, created date, sequence number, flags, message id
 * (UUID halves swapped), SHA-256 payload digest, payload type, payload length, payload.
 * As the agent does, it writes a header length of 116 and reads the payload from wherever the
 * header length says (the payload length field at that offset, the payload after it).
 * Written for the sim on its own: it must not share the client's assumptions.
 */

export interface Frame {
  type: string;
  seq: number;
  flags: number;
  id: string;
  payloadType: number;
  payload: Buffer;
  createdMs?: number;
}

export const FrameType = {
  input: 'input_stream_data',
  output: 'output_stream_data',
  ack: 'acknowledge',
  closed: 'channel_closed',
  pause: 'pause_publication',
  start: 'start_publication',
} as const;

export const Payload = {
  output: 1,
  size: 3,
  handshakeRequest: 5,
  handshakeResponse: 6,
  handshakeComplete: 7,
  encChallengeRequest: 8,
  encChallengeResponse: 9,
} as const;

const FIXED = 120;

export function writeFrame(f: Frame): Buffer {
  const out = Buffer.alloc(FIXED + f.payload.length, 0x20, 'latin1');
  let at = 0;
  at = out.writeUInt32BE(116, at);
  out.write(f.type, at, 'latin1');
  at += 32;
  at = out.writeUInt32BE(1, at);
  at = out.writeBigUInt64BE(BigInt(f.createdMs ?? Date.now()), at);
  at = out.writeBigInt64BE(BigInt(f.seq), at);
  at = out.writeBigUInt64BE(BigInt(f.flags), at);
  const hex = f.id.replace(/-/g, '');
  out.write(hex.slice(16) + hex.slice(0, 16), at, 'hex');
  at += 16;
  createHash('sha256').update(f.payload).digest().copy(out, at);
  at += 32;
  at = out.writeUInt32BE(f.payloadType, at);
  at = out.writeUInt32BE(f.payload.length, at);
  f.payload.copy(out, at);
  return out;
}

/** Null when the frame is short, malformed, or its digest is wrong: the agent drops it unacked. */
export function readFrame(buf: Buffer): Frame | null {
  if (buf.length < FIXED) return null;
  const headerLength = buf.readUInt32BE(0);
  if (headerLength < 116 || buf.length < headerLength + 4) return null;
  const length = buf.readUInt32BE(headerLength);
  const start = headerLength + 4;
  if (buf.length < start + length) return null;
  const payload = Buffer.from(buf.subarray(start, start + length));
  if (!createHash('sha256').update(payload).digest().equals(buf.subarray(80, 112))) return null;
  const idHex = buf.toString('hex', 72, 80) + buf.toString('hex', 64, 72);
  return {
    type: buf.toString('latin1', 4, 36).replace(/[\s\0]+$/, ''),
    createdMs: Number(buf.readBigUInt64BE(40)),
    seq: Number(buf.readBigInt64BE(48)),
    flags: Number(buf.readBigUInt64BE(56)),
    id: `${idHex.slice(0, 8)}-${idHex.slice(8, 12)}-${idHex.slice(12, 16)}-${idHex.slice(16, 20)}-${idHex.slice(20)}`,
    payloadType: buf.readUInt32BE(112),
    payload,
  };
}

/** Spoils the digest of an encoded frame, for the `badDigest` mode. */
export function spoilDigest(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[80] ^= 0x5a;
  return copy;
}
