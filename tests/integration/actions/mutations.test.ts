import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/**
 * Scale, force a new deployment, stop a task and stop a deployment take the same path as a
 * rollback: typed confirmation, an audit entry with before and after; and on a read-only
 * profile core refuses them (and says so in the audit) without sending anything to ECS.
 */
describe('service actions on a writable profile', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('scales a service and audits the desired count before and after', async () => {
    const out = await h.ok('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 5, confirmation: 'web', requestId: 'scale-web-000001' });
    expect(out.message).toMatch(/4 → 5/);
    const entry = h.audit().find((e) => e.action === 'scale');
    expect(entry).toMatchObject({ result: 'ok', before: { desiredCount: 4 }, after: { desiredCount: 5 } });
    const again = await h.ok('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 5, confirmation: 'web', requestId: 'scale-web-000001' });
    expect(again.replayed).toBe(true);
    expect(h.calls('UpdateService')).toHaveLength(1);
  });

  it('forces a new deployment once per request id', async () => {
    const req = { cluster: 'prod-fargate', service: 'checkout', confirmation: 'checkout', requestId: 'force-checkout-1' };
    const [a, b] = await Promise.all([h.ok('actions.forceDeployment', req), h.ok('actions.forceDeployment', req)]);
    expect(a.deploymentId).toBeTruthy();
    expect(b.deploymentId).toBe(a.deploymentId);
    expect(h.calls('UpdateService').filter((e) => (e.input as { forceNewDeployment?: boolean }).forceNewDeployment)).toHaveLength(1);
    const entry = h.audit().find((e) => e.action === 'forceDeployment');
    expect(entry?.after).toMatchObject({ deploymentId: a.deploymentId });
  });

  it('stops a task with a reason, confirmed by its service name', async () => {
    const { ListTasksCommand } = await import('@aws-sdk/client-ecs');
    const tasks = await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'image-resizer', desiredStatus: 'RUNNING' }));
    const task = tasks.taskArns![0];
    const wrong = await h.call('actions.stopTask', { cluster: 'prod-fargate', task, reason: 'stuck', confirmation: 'nope', requestId: 'stop-resizer-1' });
    expect(wrong.ok === false && wrong.error.code).toBe('NOT_CONFIRMED');
    const out = await h.ok('actions.stopTask', { cluster: 'prod-fargate', task, reason: 'Stuck on a bad connection pool', confirmation: 'image-resizer', requestId: 'stop-resizer-1' });
    expect(out.target).toBe(task);
    expect(h.calls('StopTask').at(-1)?.input).toMatchObject({ reason: 'Stuck on a bad connection pool' });
    const entry = h.audit().find((e) => e.action === 'stopTask' && e.result === 'ok');
    expect(entry).toMatchObject({ before: { desiredStatus: 'RUNNING' }, after: { desiredStatus: 'STOPPED' } });
  });

  it('stops the deployment in progress with ROLLBACK', async () => {
    const targets = await h.ok('actions.rollbackTargets', { cluster: 'prod-ec2', service: 'api' });
    expect(targets.inProgress).not.toBeNull();
    const arn = targets.inProgress!.serviceDeploymentArn;
    const preview = await h.ok('actions.previewRollback', { cluster: 'prod-ec2', service: 'api', target: { kind: 'stopDeployment', serviceDeploymentArn: arn } });
    expect(preview.sentence).toMatch(/^Stop the deployment of api to revision \d+ and roll back to revision \d+ in Demo account/);
    const out = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'api', requestId: `apply-${preview.previewId}` });
    expect(out.serviceDeploymentArn).toBe(arn);
    expect(h.calls('StopServiceDeployment').at(-1)?.input).toEqual({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' });
    expect(h.audit().find((e) => e.action === 'rollback.stopDeployment')).toMatchObject({ result: 'ok', after: { stopType: 'ROLLBACK' } });
  });

  it('writes an entry with before and after for every mutation it made', () => {
    const made = h.audit().filter((e) => e.result === 'ok');
    expect(made.length).toBeGreaterThanOrEqual(4);
    for (const entry of made) {
      expect(entry.before, entry.action).not.toBeNull();
      expect(entry.after, entry.action).not.toBeNull();
      expect(entry).toMatchObject({ profile: 'Demo account', accountId: h.sim.accountId, region: h.sim.region });
    }
  });
});

describe('a read-only profile', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ readOnly: true });
  });
  afterAll(() => h?.close());

  it('previews a rollback but core refuses to apply it, and audits the refusal', async () => {
    const ref = { cluster: 'prod-fargate', service: 'checkout' };
    const targets = await h.ok('actions.rollbackTargets', ref);
    const image = targets.images[0];
    const preview = await h.ok('actions.previewRollback', { ...ref, target: { kind: 'image', containerName: image.containerName, digest: image.digest } });
    expect(preview.readOnly).toBe(true);
    const answer = await h.call('actions.applyRollback', { previewId: preview.previewId, confirmation: 'checkout', requestId: `apply-${preview.previewId}` });
    expect(answer.ok === false && answer.error.code).toBe('READ_ONLY');
    expect(h.audit().at(-1)).toMatchObject({ action: 'rollback.image', result: 'refused', profile: 'Demo account', target: targets.service.serviceArn });
  });

  it('refuses scale, force deployment and stop task too', async () => {
    const scale = await h.call('actions.scale', { cluster: 'prod-ec2', service: 'web', desiredCount: 9, confirmation: 'web', requestId: 'ro-scale-web-1' });
    const force = await h.call('actions.forceDeployment', { cluster: 'prod-ec2', service: 'web', confirmation: 'web', requestId: 'ro-force-web-1' });
    const { ListTasksCommand } = await import('@aws-sdk/client-ecs');
    const task = (await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'web' }))).taskArns![0];
    const stop = await h.call('actions.stopTask', { cluster: 'prod-ec2', task, reason: 'x', confirmation: 'web', requestId: 'ro-stop-web-1' });
    for (const answer of [scale, force, stop]) expect(answer.ok === false && answer.error.code).toBe('READ_ONLY');
    for (const op of ['RegisterTaskDefinition', 'UpdateService', 'StopTask', 'StopServiceDeployment']) expect(h.calls(op), op).toHaveLength(0);
    expect(h.audit().filter((e) => e.result === 'refused').map((e) => e.action)).toEqual(['rollback.image', 'scale', 'forceDeployment', 'stopTask']);
  });
});
