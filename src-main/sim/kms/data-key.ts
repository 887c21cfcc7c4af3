import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The sim's KMS keys: every key id is backed by one fixed test master key, so the sim's exec
 * agent can open a CiphertextBlob a client got from GenerateDataKey (as the real agent does
 * with kms:Decrypt). The blob binds the encryption context as associated data: decrypting
 * with a different context fails, as in KMS.
 *
 * Blob layout: "WSK1" | key-id length (1 byte) | key id | nonce (12) | ciphertext | tag (16).
 */

/** The key the exec agent's `kms` mode names when the cluster did not set one. */
export const SIM_EXEC_KMS_KEY_ID = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-00000000e7ec';

const MASTER_KEY = createHash('sha256').update('wharf sim: fixed KMS test master key').digest();
const MAGIC = Buffer.from('WSK1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class InvalidCiphertext extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCiphertextException';
  }
}

/** Stable bytes for a context regardless of key order. */
function contextBytes(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries));
}

export function sealDataKey(plaintext: Buffer, keyId: string, context: Record<string, string> | undefined, random: (n: number) => Buffer = randomBytes): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  if (id.length > 255) throw new Error('key id too long');
  const nonce = random(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', MASTER_KEY, nonce);
  cipher.setAAD(contextBytes(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, nonce, body, cipher.getAuthTag()]);
}

export function openDataKey(blob: Buffer, context: Record<string, string> | undefined): { plaintext: Buffer; keyId: string } {
  if (blob.length < MAGIC.length + 1 + NONCE_BYTES + TAG_BYTES || !blob.subarray(0, 4).equals(MAGIC)) {
    throw new InvalidCiphertext('The ciphertext is not a blob this KMS produced.');
  }
  const idEnd = 5 + blob[4];
  const keyId = blob.toString('utf8', 5, idEnd);
  const nonce = blob.subarray(idEnd, idEnd + NONCE_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', MASTER_KEY, nonce);
  decipher.setAAD(contextBytes(context));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  try {
    const plaintext = Buffer.concat([decipher.update(blob.subarray(idEnd + NONCE_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
    return { plaintext, keyId };
  } catch {
    throw new InvalidCiphertext('The ciphertext or its encryption context is not valid.');
  }
}
