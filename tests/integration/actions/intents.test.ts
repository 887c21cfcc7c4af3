import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationMethods } from '../../../src-main/contract/api';
import { startHarness, type Harness } from './harness';

/**
 * What one intent is: profile, account, region, action, target and arguments under one
 * request id. A request id reused for anything else is a CONFLICT, never an old outcome
 * replayed for a change that was not made; the read-only rule is checked before any replay;
 * and no mutation is accepted without a request id. Counted from what the sim received.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const updates = (): number => h.calls('UpdateService').length;

describe('request ids', () => {
  it('refuses every mutation without a request id at the contract, before core acts', async () => {
    expect(mutationMethods).toEqual(expect.arrayContaining(['actions.scale', 'actions.forceDeployment', 'actions.stopTask', 'actions.applyRollback']));
    const before = updates();
    const scale = await h.call('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 5, confirmation: 'web' });
    const force = await h.call('actions.forceDeployment', { cluster: 'prod-ec2', service: 'web', confirmation: 'web' });
    const stop = await h.call('actions.stopTask', { cluster: 'prod-ec2', task: 'arn:aws:ecs:us-east-1:123456789012:task/prod-ec2/0123', reason: 'x', confirmation: 'web' });
    const apply = await h.call('actions.applyRollback', { previewId: '00000000-0000-0000-0000-000000000000', confirmation: 'web' });
    for (const answer of [scale, force, stop, apply]) {
      expect(answer.ok === false && answer.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('requestId') });
    }
    expect(updates()).toBe(before);
    expect(h.audit()).toEqual([]);
    // The rule itself, for every mutation the contract has: tests/unit/contract/mutations.test.ts.
  });

  it('answers CONFLICT to a request id reused with other arguments, and does nothing', async () => {
    const id = 'scale-web-conflict-1';
    const first = await h.ok('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 5, confirmation: 'web', requestId: id });
    expect(first.replayed).toBe(false);
    const before = updates();
    const other = await h.call('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 7, confirmation: 'web', requestId: id });
    expect(other.ok === false && other.error.code).toBe('CONFLICT');
    // Another action, or another service, under the same id: the same answer.
    const force = await h.call('actions.forceDeployment', { cluster: 'prod-ec2', service: 'web', confirmation: 'web', requestId: id });
    expect(force.ok === false && force.error.code).toBe('CONFLICT');
    const elsewhere = await h.call('actions.scale', { cluster: 'prod-fargate', service: 'checkout', desiredCount: 5, confirmation: 'checkout', requestId: id });
    expect(elsewhere.ok === false && elsewhere.error.code).toBe('CONFLICT');
    expect(updates()).toBe(before);
    const refused = h.audit().filter((e) => e.result === 'refused');
    expect(refused.map((e) => e.action)).toEqual(['scale', 'forceDeployment', 'scale']);
    expect(refused[0].error).toMatch(/already used for a different change/);
    // The same arguments again still replay the first outcome.
    const again = await h.ok('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 5, confirmation: 'web', requestId: id });
    expect(again).toMatchObject({ replayed: true, operationId: first.operationId });
    expect(updates()).toBe(before);
  });

  it('checks the read-only rule before replaying an earlier outcome', async () => {
    const id = 'force-checkout-ro-1';
    const args = { cluster: 'prod-fargate', service: 'checkout', confirmation: 'checkout', requestId: id };
    await h.ok('actions.forceDeployment', args);
    const before = updates();
    await h.core.services.settings.update({ readOnlyProfiles: ['Demo account'] });
    try {
      const replay = await h.call('actions.forceDeployment', args);
      expect(replay.ok === false && replay.error.code).toBe('READ_ONLY');
      expect(h.audit().at(-1)).toMatchObject({ action: 'forceDeployment', result: 'refused' });
    } finally {
      await h.core.services.settings.update({ readOnlyProfiles: [] });
    }
    expect(updates()).toBe(before);
  });

  it('makes one deployment of two concurrent forceDeployment calls with one request id', async () => {
    const args = { cluster: 'prod-ec2', service: 'web', confirmation: 'web', requestId: 'force-web-twice-1' };
    const before = h.calls('UpdateService').filter((e) => (e.input as { forceNewDeployment?: boolean }).forceNewDeployment).length;
    const [a, b] = await Promise.all([h.ok('actions.forceDeployment', args), h.ok('actions.forceDeployment', args)]);
    expect(b.deploymentId).toBe(a.deploymentId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(h.calls('UpdateService').filter((e) => (e.input as { forceNewDeployment?: boolean }).forceNewDeployment)).toHaveLength(before + 1);
    const status = await h.ok('actions.rollout', { cluster: 'prod-ec2', service: 'web' });
    expect(status.deployments.filter((d) => d.id === a.deploymentId)).toHaveLength(1);
  });
});
