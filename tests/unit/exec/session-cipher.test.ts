import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CipherError, openGcm, sealGcm, SessionCipher } from '../../../src-main/core/exec/session-cipher';
import { openDataKey, sealDataKey } from '../../../src-main/sim/kms/data-key';

const dataKey = Buffer.from(Array.from({ length: 64 }, (_, i) => i));

describe('KMS session cipher', () => {
  it('decrypts agent payloads with bytes 0-31 and encrypts ours with bytes 32-63', () => {
    const cipher = new SessionCipher(dataKey);
    const agentKey = dataKey.subarray(0, 32);
    const clientKey = dataKey.subarray(32, 64);
    // What an agent sends: nonce | ciphertext | tag, under the first half.
    const nonce = randomBytes(12);
    const gcm = createCipheriv('aes-256-gcm', agentKey, nonce);
    const sealed = Buffer.concat([nonce, gcm.update('from the agent'), gcm.final(), gcm.getAuthTag()]);
    expect(cipher.decrypt(sealed).toString()).toBe('from the agent');
    // What we send opens under the second half only.
    const ours = cipher.encrypt(Buffer.from('to the agent'));
    expect(ours.length).toBe(12 + 'to the agent'.length + 16);
    expect(openGcm(clientKey, ours).toString()).toBe('to the agent');
    expect(() => openGcm(agentKey, ours)).toThrow(CipherError);
  });

  it('round-trips and uses the injected nonce source', () => {
    const nonce = Buffer.alloc(12, 7);
    const key = Buffer.alloc(32, 1);
    const sealed = sealGcm(key, nonce, Buffer.from('héllo'));
    expect(sealed.subarray(0, 12)).toEqual(nonce);
    expect(openGcm(key, sealed).toString()).toBe('héllo');
  });

  it('refuses a data key that is not 64 bytes', () => {
    expect(() => new SessionCipher(Buffer.alloc(32))).toThrow(/64/);
  });

  it('sim KMS blobs open only with the same encryption context', () => {
    const context = { 'aws:ssm:SessionId': 's-1', 'aws:ssm:TargetId': 'ecs:c_t_r' };
    const blob = sealDataKey(dataKey, 'arn:aws:kms:us-east-1:123456789012:key/k', context);
    expect(openDataKey(blob, { 'aws:ssm:TargetId': 'ecs:c_t_r', 'aws:ssm:SessionId': 's-1' }).plaintext).toEqual(dataKey);
    expect(() => openDataKey(blob, { ...context, 'aws:ssm:SessionId': 's-2' })).toThrow(/not valid/);
  });
});
