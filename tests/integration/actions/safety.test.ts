import { RegisterTaskDefinitionCommand, type RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/**
 * One intent, one effect: a preview applied twice (double click), or retried after the sim
 * applied UpdateService and then answered 500, registers one revision and starts one
 * deployment. Counted from what the sim received (onExchange), not from Wharf's own counters.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => {
  h.sim.setFaults({ updateServiceApplyThenFail: 0, serverErrorRate: 0 });
});
afterAll(() => h?.close());

const web = { cluster: 'prod-ec2', service: 'web' };

async function previewPrevious(ref: { cluster: string; service: string }) {
  const targets = await h.ok('actions.rollbackTargets', ref);
  const image = targets.images[0];
  const preview = await h.ok('actions.previewRollback', { ...ref, target: { kind: 'image', containerName: image.containerName, digest: image.digest } });
  return { targets, preview };
}

function counts() {
  return { registers: h.calls('RegisterTaskDefinition').length, updates: h.calls('UpdateService').length };
}

async function deploymentsOf(ref: { cluster: string; service: string }) {
  const status = await h.ok('actions.rollout', ref);
  return status.deployments;
}

describe('one preview, one revision, one deployment', () => {
  it('survives UpdateService applied-then-failed: the retry looks first and calls nothing twice', async () => {
    const { targets, preview } = await previewPrevious(web);
    const before = counts();
    h.sim.setFaults({ updateServiceApplyThenFail: 1 });

    const first = await h.call('actions.applyRollback', { previewId: preview.previewId, confirmation: 'web', requestId: `apply-${preview.previewId}` });
    expect(first.ok).toBe(false);
    // Without Wharf's no-retry rule the SDK would have sent UpdateService again by itself.
    expect(counts()).toEqual({ registers: before.registers + 1, updates: before.updates + 1 });

    const retry = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'web', requestId: `apply-${preview.previewId}` });
    expect(counts()).toEqual({ registers: before.registers + 1, updates: before.updates + 1 });
    expect(retry.deploymentId).toBeTruthy();
    const deployments = await deploymentsOf(web);
    expect(deployments.filter((d) => d.taskDefinition === retry.taskDefinitionArn)).toHaveLength(1);
    expect(deployments.find((d) => d.status === 'PRIMARY')?.id).toBe(retry.deploymentId);

    // Applying it once more only repeats the outcome.
    const again = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'web', requestId: `apply-${preview.previewId}` });
    expect(again).toMatchObject({ replayed: true, deploymentId: retry.deploymentId, taskDefinitionArn: retry.taskDefinitionArn });
    expect(counts()).toEqual({ registers: before.registers + 1, updates: before.updates + 1 });

    const results = h.audit().filter((e) => e.action === 'rollback.image' && e.target === targets.service.serviceArn).map((e) => e.result);
    expect(results).toEqual(['error', 'ok']);
  });

  it('finds the revision a lost RegisterTaskDefinition answer made, by its operation tag', async () => {
    h.sim.clock.advance(20 * 60_000);
    const ref = { cluster: 'prod-ec2', service: 'inference' };
    const { preview } = await previewPrevious(ref);
    // A first attempt fails (every ECS call answers 500)...
    h.sim.setFaults({ serverErrorRate: 1 });
    const first = await h.call('actions.applyRollback', { previewId: preview.previewId, confirmation: 'inference', requestId: `apply-${preview.previewId}` });
    expect(first.ok).toBe(false);
    h.sim.setFaults({ serverErrorRate: 0 });
    // ...after ECS had registered its revision (made here with a plain client, as the lost call would have).
    const lost = await h.ecs.send(new RegisterTaskDefinitionCommand({ ...(preview.registration as RegisterTaskDefinitionRequest), tags: [{ key: 'wharf:operation', value: preview.previewId }] }));
    const before = counts();
    const retry = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'inference', requestId: `apply-${preview.previewId}` });
    expect(counts()).toEqual({ registers: before.registers, updates: before.updates + 1 });
    expect(retry.taskDefinitionArn).toBe(lost.taskDefinition?.taskDefinitionArn);
  });

  it('joins a double click to the first: one revision, one deployment', async () => {
    h.sim.clock.advance(20 * 60_000);
    const checkout = { cluster: 'prod-fargate', service: 'checkout' };
    const { preview } = await previewPrevious(checkout);
    const before = counts();
    const [a, b] = await Promise.all([
      h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'checkout', requestId: `apply-${preview.previewId}` }),
      h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'checkout', requestId: `apply-${preview.previewId}` }),
    ]);
    expect(counts()).toEqual({ registers: before.registers + 1, updates: before.updates + 1 });
    expect(b.deploymentId).toBe(a.deploymentId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
  });

  it('refuses a preview once the service moved on', async () => {
    h.sim.clock.advance(20 * 60_000);
    const ref = { cluster: 'prod-fargate', service: 'image-resizer' };
    const { preview } = await previewPrevious(ref);
    const other = await previewPrevious(ref);
    await h.ok('actions.applyRollback', { previewId: other.preview.previewId, confirmation: 'image-resizer', requestId: `apply-${other.preview.previewId}` });
    const stale = await h.call('actions.applyRollback', { previewId: preview.previewId, confirmation: 'image-resizer', requestId: `apply-${preview.previewId}` });
    expect(stale.ok === false && stale.error.code).toBe('CONFLICT');
  });
});
