import { describe, expect, it } from 'vitest';
import { stsService } from '../../../src-main/sim/sts/sts-service';
import { ctxAt } from './ctx';

describe('stsService GetCallerIdentity', () => {
  const ops = stsService({ accountId: '123456789012' }).operations;

  it('answers an IAM user for a long-term key, stable per key', () => {
    const out = ops.GetCallerIdentity({}, ctxAt(0, 'AKIDEXAMPLE'));
    expect(out).toEqual({ UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/), Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/sim-xample' });
    expect(ops.GetCallerIdentity({}, ctxAt(0, 'AKIDEXAMPLE'))).toEqual(out);
  });

  it('answers an assumed-role session for a temporary (ASIA) key', () => {
    const out = ops.GetCallerIdentity({}, ctxAt(0, 'ASIAEXAMPLE12345')) as { Arn: string; UserId: string };
    expect(out.Arn).toBe('arn:aws:sts::123456789012:assumed-role/WharfSimOperator/wharf-e12345');
    expect(out.UserId).toMatch(/^AROA[A-Z2-7]{17}:wharf-e12345$/);
  });
});
