/**
 * STS GetCallerIdentity for the sim account (query protocol, XML). The identity is derived
 * from the caller's access key: a long-term key (AKIA…, or any other) is an IAM user, a
 * temporary key (ASIA…) is an assumed-role session, as on AWS.
 */
import { createHash } from 'node:crypto';
import type { RequestContext, ServiceDefinition } from '../http/types';

export function stsService(opts: { accountId: string }): ServiceDefinition {
  return {
    signingName: 'sts',
    protocols: ['query'],
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      GetCallerIdentity: (_input, ctx) => callerIdentity(opts.accountId, ctx),
    },
  };
}

export function callerIdentity(accountId: string, ctx: Pick<RequestContext, 'accessKeyId'>) {
  const key = ctx.accessKeyId || 'anonymous';
  const suffix = key.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, '') || 'user';
  if (key.startsWith('ASIA')) {
    const session = `wharf-${suffix}`;
    return {
      UserId: `${uniqueId('AROA', key)}:${session}`,
      Account: accountId,
      Arn: `arn:aws:sts::${accountId}:assumed-role/WharfSimOperator/${session}`,
    };
  }
  return {
    UserId: uniqueId('AIDA', key),
    Account: accountId,
    Arn: `arn:aws:iam::${accountId}:user/sim-${suffix}`,
  };
}

/** An IAM unique id (prefix + 17 upper-case base32 characters), stable per access key. */
function uniqueId(prefix: string, key: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(key).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += alphabet[bytes[i] % 32];
  return id;
}
