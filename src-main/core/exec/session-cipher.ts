import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * KMS encryption of an exec session (docs/ecs-exec-protocol.md, "Handshake and KMS"): the
 * 64-byte data key from KMS GenerateDataKey is split in two; bytes 0-31 decrypt what the
 * agent sends, bytes 32-63 encrypt what we send. AES-256-GCM, a 12-byte nonce before the
 * ciphertext, the 16-byte tag after it (Go's gcm.Seal layout), no associated data.
 */

export const DATA_KEY_BYTES = 64;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class CipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CipherError';
  }
}

export class SessionCipher {
  private readonly decryptKey: Buffer;
  private readonly encryptKey: Buffer;

  constructor(dataKey: Uint8Array, private readonly random: (n: number) => Buffer = randomBytes) {
    if (dataKey.length !== DATA_KEY_BYTES) {
      throw new CipherError(`KMS returned a ${dataKey.length}-byte data key; an exec session needs ${DATA_KEY_BYTES}.`);
    }
    const key = Buffer.from(dataKey);
    this.decryptKey = key.subarray(0, 32);
    this.encryptKey = key.subarray(32, 64);
  }

  /** For the agent: client to agent. */
  encrypt(plain: Uint8Array): Buffer {
    return sealGcm(this.encryptKey, this.random(NONCE_BYTES), plain);
  }

  /** From the agent: agent to client. */
  decrypt(sealed: Uint8Array): Buffer {
    return openGcm(this.decryptKey, sealed);
  }
}

export function sealGcm(key: Buffer, nonce: Buffer, plain: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function openGcm(key: Buffer, sealed: Uint8Array): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new CipherError('An encrypted payload is shorter than its nonce and tag.');
  const buf = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(buf.subarray(NONCE_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new CipherError('An encrypted payload failed authentication: the session keys do not match.');
  }
}
