import { Flags, MessageType, type ChannelMessage } from './codec';

/** Builders and parsers for the JSON payloads the data channel carries. */

export function streamMessage(i: { sequenceNumber: number; payloadType: number; payload: Buffer; messageId: string; now: number }): ChannelMessage {
  return {
    messageType: MessageType.input,
    schemaVersion: 1,
    createdDate: i.now,
    sequenceNumber: i.sequenceNumber,
    // The plugin sends flags 0 on every input message, the first too (only the agent marks its
    // first output message SYN); the agent ignores the flag on input either way.
    flags: 0,
    messageId: i.messageId,
    payloadType: i.payloadType,
    payload: i.payload,
  };
}

/** An ack: no sequence number of its own, flags SYN|FIN, PayloadType 0, JSON payload. */
export function ackMessage(of: ChannelMessage, i: { messageId: string; now: number }): ChannelMessage {
  const payload = {
    AcknowledgedMessageType: of.messageType,
    AcknowledgedMessageId: of.messageId,
    AcknowledgedMessageSequenceNumber: of.sequenceNumber,
    IsSequentialMessage: true,
  };
  return {
    messageType: MessageType.ack,
    schemaVersion: 1,
    createdDate: i.now,
    sequenceNumber: 0,
    flags: Flags.SYN | Flags.FIN,
    messageId: i.messageId,
    payloadType: 0,
    payload: Buffer.from(JSON.stringify(payload)),
  };
}

/** The acked sequence number, or null when the payload is not an ack we understand. */
export function ackedSequence(payload: Buffer): number | null {
  const parsed = parseJson(payload) as { AcknowledgedMessageSequenceNumber?: unknown } | null;
  const seq = parsed?.AcknowledgedMessageSequenceNumber;
  return typeof seq === 'number' && Number.isInteger(seq) ? seq : null;
}

/** The `Output` text of a channel_closed payload ('' when there is none). */
export function channelClosedOutput(payload: Buffer): string {
  const parsed = parseJson(payload) as { Output?: unknown } | null;
  return typeof parsed?.Output === 'string' ? parsed.Output : '';
}

export function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
}

/** The opening text frame: the token from ExecuteCommand, and who we are. */
export function openingFrame(i: { tokenValue: string; requestId: string; clientId: string; clientVersion: string }): string {
  return JSON.stringify({
    MessageSchemaVersion: '1.0',
    RequestId: i.requestId,
    TokenValue: i.tokenValue,
    ClientId: i.clientId,
    ClientVersion: i.clientVersion,
  });
}

/** Terminal size payload (PayloadType Size). */
export function sizePayload(cols: number, rows: number): Buffer {
  return Buffer.from(JSON.stringify({ cols, rows }));
}
