import { randomBytes } from 'node:crypto';
import { SimError, type OperationInput, type RequestContext, type ServiceDefinition } from '../http/types';
import { InvalidCiphertext, openDataKey, sealDataKey } from './data-key';

/**
 * KMS as the sim speaks it (JSON 1.1, X-Amz-Target `TrentService.<Op>`): GenerateDataKey and
 * Decrypt, enough for KMS-encrypted ECS Exec sessions. Every key id, alias or ARN resolves to
 * a key backed by the fixed test master key (see data-key.ts). Blobs travel base64 in JSON.
 */

export interface KmsServiceOptions {
  accountId?: string;
  /** Randomness for data keys and nonces; pass a seeded source for repeatable runs. */
  random?: (n: number) => Buffer;
}

const DEFAULT_ACCOUNT = '123456789012';

export function kmsService(opts: KmsServiceOptions = {}): ServiceDefinition {
  const account = opts.accountId ?? DEFAULT_ACCOUNT;
  const random = opts.random ?? randomBytes;
  return {
    signingName: 'kms',
    targetPrefix: 'TrentService',
    protocols: ['json1.1'],
    operations: {
      GenerateDataKey: (input, ctx) => generateDataKey(input, ctx, account, random),
      Decrypt: (input) => decrypt(input),
    },
  };
}

function generateDataKey(input: OperationInput, ctx: RequestContext, account: string, random: (n: number) => Buffer): unknown {
  const keyId = keyArn(input.KeyId, ctx.region, account);
  const bytes = dataKeyBytes(input);
  const context = encryptionContext(input.EncryptionContext);
  const plaintext = random(bytes);
  return {
    KeyId: keyId,
    Plaintext: plaintext.toString('base64'),
    CiphertextBlob: sealDataKey(plaintext, keyId, context, random).toString('base64'),
  };
}

function decrypt(input: OperationInput): unknown {
  if (typeof input.CiphertextBlob !== 'string' || !input.CiphertextBlob) {
    throw new SimError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  try {
    const { plaintext, keyId } = openDataKey(Buffer.from(input.CiphertextBlob, 'base64'), encryptionContext(input.EncryptionContext));
    if (typeof input.KeyId === 'string' && input.KeyId && !keyId.endsWith(input.KeyId.replace(/^.*key\//, ''))) {
      throw new SimError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    return { KeyId: keyId, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  } catch (err) {
    if (err instanceof InvalidCiphertext) throw new SimError('InvalidCiphertextException', '');
    throw err;
  }
}

/** A key id, alias or ARN as an ARN. Aliases map to a key named after them. */
function keyArn(keyId: unknown, region: string, account: string): string {
  if (typeof keyId !== 'string' || !keyId) {
    throw new SimError('ValidationException', "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  }
  if (keyId.startsWith('arn:aws:kms:')) {
    if (!/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(keyId)) throw new SimError('NotFoundException', `Invalid arn ${keyId}`);
    return keyId;
  }
  if (keyId.startsWith('alias/')) return `arn:aws:kms:${region}:${account}:${keyId}`;
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

function dataKeyBytes(input: OperationInput): number {
  if (input.NumberOfBytes !== undefined && input.KeySpec !== undefined) {
    throw new SimError('ValidationException', 'Please specify either number of bytes or key spec.');
  }
  if (input.KeySpec === 'AES_256') return 32;
  if (input.KeySpec === 'AES_128') return 16;
  const n = input.NumberOfBytes;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1024) {
    throw new SimError('ValidationException', `1 validation error detected: Value '${String(n)}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024`);
  }
  return n;
}

function encryptionContext(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new SimError('ValidationException', 'EncryptionContext must be a map of strings.');
  }
  return value as Record<string, string>;
}
