import { DescribeTaskDefinitionCommand, type TaskDefinition } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageTarget } from '../../../src-main/contract/domains/actions';
import { READ_ONLY_FIELDS } from '../../../src-main/core/actions/registration';
import { startHarness, type Harness } from './harness';

/**
 * Rolling back through core against the demo sim over HTTP: the new revision is the old one
 * in every field but the image, the deployment completes; a target that cannot start ends
 * FAILED with the circuit breaker's rollback; a mutable tag is pinned by digest.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const checkout = { cluster: 'prod-fargate', service: 'checkout' };

async function describeTd(arn: string): Promise<{ td: TaskDefinition; tags: Array<{ key?: string; value?: string }> }> {
  const res = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
  return { td: res.taskDefinition!, tags: res.tags ?? [] };
}

/** Every member of a described task definition except what ECS sets itself. */
function comparable(td: TaskDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { ...td };
  for (const field of READ_ONLY_FIELDS) delete out[field];
  return out;
}

describe('rollback to an earlier image', () => {
  it('lists earlier images immutable first, newest first, and which ran in the service', async () => {
    const targets = await h.ok('actions.rollbackTargets', checkout);
    expect(targets.current[0]).toMatchObject({ tag: 'v3.8.0', repositoryName: 'shop/checkout' });
    expect(targets.images[0]).toMatchObject({ tag: 'v3.7.0', tagImmutable: true });
    expect(targets.images[0].ranInRevisions.length).toBeGreaterThan(0);
    const pushed = targets.images.map((i) => i.pushedAt ?? 0);
    expect(pushed).toEqual([...pushed].sort((a, b) => b - a));
    expect(targets.images.some((i) => i.tag === 'v3.8.0')).toBe(false);
    expect(targets.revisions[0].revision).toBe(targets.service.revision - 1);
  });

  it('registers a revision identical to the old in every field but the image, and the deployment completes', async () => {
    const targets = await h.ok('actions.rollbackTargets', checkout);
    const previous: ImageTarget = targets.images[0];
    const preview = await h.ok('actions.previewRollback', { ...checkout, target: { kind: 'image', containerName: previous.containerName, digest: previous.digest } });
    expect(preview.sentence).toBe(`Roll checkout back from v3.8.0 to v3.7.0 in Demo account / ${h.sim.region}`);
    expect(preview.diff).toHaveLength(1);
    expect(preview.diff[0]).toMatchObject({ path: 'containerDefinitions[app].image', change: 'changed' });
    expect(String(preview.diff[0].after)).toMatch(/shop\/checkout:v3\.7\.0$/);
    const registersBefore = h.calls('RegisterTaskDefinition').length;

    const outcome = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'checkout', requestId: `apply-${preview.previewId}` });
    expect(outcome.replayed).toBe(false);
    expect(outcome.deploymentId).toBeTruthy();
    expect(h.calls('RegisterTaskDefinition')).toHaveLength(registersBefore + 1);

    const old = await describeTd(targets.service.taskDefinitionArn);
    const made = await describeTd(outcome.taskDefinitionArn!);
    expect(made.td.revision).toBeGreaterThan(old.td.revision!);
    const a = comparable(old.td);
    const b = comparable(made.td);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const field of Object.keys(a)) {
      if (field === 'containerDefinitions') continue;
      expect(b[field], field).toEqual(a[field]);
    }
    const [oldApp, newApp] = [old.td.containerDefinitions![0], made.td.containerDefinitions![0]];
    expect({ ...newApp, image: oldApp.image }).toEqual(oldApp);
    expect(newApp.image).toMatch(/shop\/checkout:v3\.7\.0$/);
    // Tags: the same, plus this operation's.
    expect(made.tags.filter((t) => t.key !== 'wharf:operation')).toEqual(old.tags.filter((t) => t.key !== 'wharf:operation'));
    expect(made.tags).toContainEqual({ key: 'wharf:operation', value: preview.previewId });

    // UpdateService got the task definition only: desired count and strategies stay.
    const update = h.calls('UpdateService').at(-1)!;
    expect(Object.keys(update.input as object).sort()).toEqual(['cluster', 'service', 'taskDefinition']);

    const status = await h.followRollout(checkout.cluster, checkout.service, outcome.deploymentId);
    expect(status.state).toBe('completed');
    expect(status.sentence).toMatch(/^COMPLETED/);
    expect(status.desiredCount).toBe(targets.service.desiredCount);

    const entry = h.audit().find((e) => e.action === 'rollback.image' && e.result === 'ok');
    expect(entry).toMatchObject({ profile: 'Demo account', accountId: h.sim.accountId, region: h.sim.region, target: targets.service.serviceArn });
    expect(entry?.before).toMatchObject({ taskDefinition: targets.service.taskDefinitionArn });
    expect(entry?.after).toMatchObject({ taskDefinition: outcome.taskDefinitionArn, deploymentId: outcome.deploymentId });
  });

  it('ends FAILED with the circuit breaker and its rollback when the image cannot start', async () => {
    const api = { cluster: 'prod-ec2', service: 'api' };
    const targets = await h.ok('actions.rollbackTargets', api);
    const broken = targets.images.find((i) => i.tag === 'v2.6.0');
    expect(broken).toBeDefined();
    const preview = await h.ok('actions.previewRollback', { ...api, target: { kind: 'image', containerName: broken!.containerName, digest: broken!.digest } });
    const outcome = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'api', requestId: `apply-${preview.previewId}` });
    const status = await h.followRollout(api.cluster, api.service, outcome.deploymentId, 60);
    expect(status.state).toBe('rolled-back');
    expect(status.sentence).toMatch(/^FAILED and rolled back/);
    expect(status.deployments.find((d) => d.id === outcome.deploymentId)?.rolloutState ?? 'FAILED').toBe('FAILED');
  });

  it('pins a mutable tag by digest, with a warning', async () => {
    const notifications = { cluster: 'prod-fargate', service: 'notifications' };
    const targets = await h.ok('actions.rollbackTargets', notifications);
    const target = targets.images.find((i) => i.tag?.startsWith('build-'));
    expect(target?.tagImmutable).toBe(false);
    const preview = await h.ok('actions.previewRollback', { ...notifications, target: { kind: 'image', containerName: target!.containerName, digest: target!.digest, tag: target!.tag! } });
    expect(preview.diff).toHaveLength(1);
    expect(String(preview.diff[0].after)).toMatch(new RegExp(`shop/worker@${target!.digest}$`));
    expect(preview.warnings.map((w) => w.code)).toContain('mutable-tag-pinned');
    expect(preview.toLabel).toBe(target!.tag);
  });

  it('refuses a confirmation that is not the service name, and audits the refusal', async () => {
    const targets = await h.ok('actions.rollbackTargets', checkout);
    const preview = await h.ok('actions.previewRollback', { ...checkout, target: { kind: 'revision', taskDefinitionArn: targets.revisions[1].taskDefinitionArn } });
    const registers = h.calls('RegisterTaskDefinition').length;
    const updates = h.calls('UpdateService').length;
    const answer = await h.call('actions.applyRollback', { previewId: preview.previewId, confirmation: 'checkou', requestId: `apply-${preview.previewId}` });
    expect(answer.ok === false && answer.error.code).toBe('NOT_CONFIRMED');
    expect(h.calls('RegisterTaskDefinition')).toHaveLength(registers);
    expect(h.calls('UpdateService')).toHaveLength(updates);
    expect(h.audit().at(-1)).toMatchObject({ action: 'rollback.revision', result: 'refused' });
  });
});
