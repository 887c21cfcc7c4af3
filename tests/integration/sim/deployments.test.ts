import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { errorOf, MINUTE, startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ scenario: 'demo' });
});
afterEach(() => stopHarness(h));

async function service(cluster: string, name: string): Promise<Service> {
  return (await h.ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services![0];
}

/** Registers a copy of the service's current task definition with another image. */
async function revisionWithImage(cluster: string, name: string, image: (current: string) => string): Promise<string> {
  const current = (await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: (await service(cluster, name)).taskDefinition }))).taskDefinition!;
  const { taskDefinitionArn: _a, revision: _r, status: _s, requiresAttributes: _q, compatibilities: _c, registeredAt: _t, registeredBy: _b, ...body } = current;
  const containers = body.containerDefinitions!.map((c) => ({ ...c, image: image(c.image!) }));
  const out = await h.ecs.send(new RegisterTaskDefinitionCommand({ ...body, family: current.family!, containerDefinitions: containers }));
  return out.taskDefinition!.taskDefinitionArn!;
}

describe('deployments on the accelerated clock', () => {
  it('rolls a new task definition out within minimumHealthyPercent / maximumPercent and reaches COMPLETED', async () => {
    const target = await revisionWithImage('prod-ec2', 'web', (image) => image.replace(/:v[\d.]+$/, ':v1.18.0'));
    const updated = await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'web', taskDefinition: target }));
    expect(updated.service?.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'IN_PROGRESS'], ['ACTIVE', 'COMPLETED']]);
    const primaryId = updated.service!.deployments![0].id!;
    // min 100% / max 200% of 4: never fewer than 4 running, never more than 8 tasks at once.
    let web = updated.service!;
    for (let step = 0; step < 60 && web.deployments![0].rolloutState === 'IN_PROGRESS'; step++) {
      h.sim.clock.advance(5_000);
      web = await service('prod-ec2', 'web');
      expect(web.runningCount).toBeGreaterThanOrEqual(4);
      expect(web.runningCount! + web.pendingCount!).toBeLessThanOrEqual(8);
    }
    expect(web.deployments).toHaveLength(1);
    expect(web.deployments![0]).toMatchObject({ id: primaryId, rolloutState: 'COMPLETED', taskDefinition: target, runningCount: 4 });
    expect(web.events!.slice(0, 2).map((e) => e.message)).toEqual([
      '(service web) has reached a steady state.',
      `(service web) (deployment ${primaryId}) deployment completed.`,
    ]);
    expect(web.events!.some((e) => /^\(service web\) has started 4 tasks: (\(task [0-9a-f]{32}\) ?){4}\.$/.test(e.message!))).toBe(true);
    // The old tasks stopped as the scheduler stops them, through the stopping states.
    h.sim.clock.advance(2 * MINUTE);
    const stopped = await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'web', desiredStatus: 'STOPPED' }));
    const tasks = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: stopped.taskArns! }))).tasks!;
    const byThisDeployment = tasks.filter((t) => t.stoppedReason === `Scaling activity initiated by (deployment ${primaryId})`);
    expect(byThisDeployment).toHaveLength(4);
    for (const task of byThisDeployment) {
      expect(task).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', lastStatus: 'STOPPED', desiredStatus: 'STOPPED' });
      expect(task.stoppedAt!.getTime()).toBeGreaterThanOrEqual(task.stoppingAt!.getTime());
    }
    const running = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: (await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'web' }))).taskArns! }))).tasks!;
    for (const task of running) {
      expect(task.taskDefinitionArn).toBe(target);
      expect(task.pullStartedAt!.getTime()).toBeLessThanOrEqual(task.pullStoppedAt!.getTime());
      expect(task.pullStoppedAt!.getTime()).toBeLessThanOrEqual(task.startedAt!.getTime());
      expect(task.containers![0].imageDigest).toMatch(/^sha256:/);
    }
    const deployments = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-ec2', service: 'web' }));
    expect(deployments.serviceDeployments![0]).toMatchObject({ status: 'SUCCESSFUL', serviceArn: web.serviceArn });
  });

  it('fails a deployment whose image is not in ECR with the circuit breaker, then rolls back to the last completed one', async () => {
    const before = await service('prod-ec2', 'web');
    const target = await revisionWithImage('prod-ec2', 'web', (image) => image.replace(/:v[\d.]+$/, ':v9.9.9'));
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'web', taskDefinition: target }));
    let web = await service('prod-ec2', 'web');
    for (let step = 0; step < 60 && !(web.deployments!.length === 1 && web.deployments![0].rolloutState === 'COMPLETED' && web.taskDefinition !== target); step++) {
      h.sim.clock.advance(10_000);
      web = await service('prod-ec2', 'web');
    }
    expect(web.taskDefinition).toBe(before.taskDefinition);
    expect(web.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', taskDefinition: before.taskDefinition });
    const messages = web.events!.map((e) => e.message!);
    expect(messages.some((m) => /^\(service web\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\.$/.test(m))).toBe(true);
    expect(messages.some((m) => /^\(service web\) rolling back to deployment ecs-svc\/\d+\.$/.test(m))).toBe(true);

    const stopped = await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'web', desiredStatus: 'STOPPED' }));
    const failed = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: stopped.taskArns! }))).tasks!.filter((t) => t.stopCode === 'TaskFailedToStart');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed[0].stoppedReason).toMatch(/^CannotPullContainerError: .*shop\/web:v9\.9\.9.*not found/);
    expect(failed[0].containers![0].reason).toBe(failed[0].stoppedReason);
    expect(failed[0].startedAt).toBeUndefined();

    const listed = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-ec2', service: 'web' }));
    const rolledBack = listed.serviceDeployments![0];
    expect(rolledBack.status).toBe('ROLLBACK_SUCCESSFUL');
    const detail = await h.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [rolledBack.serviceDeploymentArn!] }));
    expect(detail.serviceDeployments![0].rollback?.reason).toMatch(/circuit breaker/);
    expect(detail.serviceDeployments![0].deploymentCircuitBreaker?.status).toBe('TRIGGERED');
  });

  it('describes the service revisions that service deployments name, images resolved to digests', async () => {
    const before = await service('prod-ec2', 'web');
    const target = await revisionWithImage('prod-ec2', 'web', (image) => image.replace(/:v[\d.]+$/, ':v1.18.0'));
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'web', taskDefinition: target }));
    const [latest] = (await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-ec2', service: 'web' }))).serviceDeployments!;
    const [detail] = (await h.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [latest.serviceDeploymentArn!] }))).serviceDeployments!;
    const unknown = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod-ec2/web/1234567890123456789';
    const arns = [detail.targetServiceRevision!.arn!, ...detail.sourceServiceRevisions!.map((r) => r.arn!), unknown];
    expect(arns[0]).toBe(latest.targetServiceRevisionArn);

    const out = await h.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns }));
    expect(out.failures).toEqual([{ arn: unknown, reason: 'MISSING' }]);
    const [next, current] = out.serviceRevisions!;
    expect(next).toMatchObject({ serviceRevisionArn: arns[0], serviceArn: before.serviceArn, clusterArn: before.clusterArn, taskDefinition: target, guardDutyEnabled: false });
    expect(next.createdAt).toBeInstanceOf(Date);
    expect(next.containerImages).toEqual([{ containerName: 'app', image: expect.stringMatching(/\/shop\/web:v1\.18\.0$/), imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]);
    expect(current).toMatchObject({ serviceRevisionArn: arns[1], taskDefinition: before.taskDefinition, capacityProviderStrategy: before.capacityProviderStrategy });
    // The digest pinned by the revision is what its tasks run.
    h.sim.clock.advance(3 * MINUTE);
    const arnsNow = (await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'web' }))).taskArns!;
    const running = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: arnsNow }))).tasks!.filter((t) => t.taskDefinitionArn === target);
    expect(running.length).toBeGreaterThan(0);
    for (const task of running) expect(task.containers![0].imageDigest).toBe(next.containerImages![0].imageDigest);

    const tooMany = await errorOf(h.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: Array.from({ length: 21 }, () => unknown) })));
    expect(tooMany.name).toBe('InvalidParameterException');
  });

  it('stops a deployment in progress with StopServiceDeployment and rolls it back', async () => {
    const api = await service('prod-ec2', 'api');
    expect(api.deployments![0].rolloutState).toBe('IN_PROGRESS');
    const listed = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-ec2', service: 'api', status: ['IN_PROGRESS'] }));
    const arn = listed.serviceDeployments![0].serviceDeploymentArn!;
    await h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    h.sim.clock.advance(20 * MINUTE);
    const after = await service('prod-ec2', 'api');
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', taskDefinition: api.deployments![1].taskDefinition });
    const again = await errorOf(h.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn })));
    expect(again.name).toBe('ConflictException');
  });

  it('applies an UpdateService and then answers 500 when the apply-then-fail fault is armed', async () => {
    h.sim.setFaults({ updateServiceApplyThenFail: 1 });
    const error = await errorOf(h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: 5 })));
    expect(error.name).toBe('ServerException');
    expect((await service('prod-fargate', 'checkout')).desiredCount).toBe(5);
    const ok = await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: 3 }));
    expect(ok.service?.desiredCount).toBe(3);
  });

  it('answers UpdateService errors as ECS does', async () => {
    expect((await errorOf(h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'ghost', desiredCount: 1 })))).name).toBe('ServiceNotFoundException');
    expect((await errorOf(h.ecs.send(new UpdateServiceCommand({ cluster: 'ghost', service: 'web', desiredCount: 1 })))).name).toBe('ClusterNotFoundException');
    const badDefinition = await errorOf(h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-ec2', service: 'web', taskDefinition: 'nope:3' })));
    expect(badDefinition).toMatchObject({ name: 'ClientException', message: 'TaskDefinition not found.' });
  });
});

describe('tasks that stop on their own', () => {
  it('crash-loops: the essential container exits 1, the task stops with EssentialContainerExited, and its last log lines say why', async () => {
    h.sim.clock.advance(10 * MINUTE);
    const stopped = await h.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'ledger', desiredStatus: 'STOPPED' }));
    const tasks = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: stopped.taskArns! }))).tasks!;
    const crashed = tasks.filter((t) => t.stopCode === 'EssentialContainerExited' && t.lastStatus === 'STOPPED');
    expect(crashed.length).toBeGreaterThan(0);
    expect(crashed[0].stoppedReason).toBe('Essential container in task exited');
    expect(crashed[0].containers![0].exitCode).toBe(1);
    const taskId = crashed[0].taskArn!.split('/').pop();
    const events = await h.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/payments-ledger', logStreamName: `ecs/app/${taskId}`, startFromHead: true }));
    const lines = events.events!.map((e) => e.message!);
    expect(lines.some((l) => l.startsWith('FATAL: '))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/exited with code 1/);
    // The service keeps replacing them.
    expect((await service('prod-ec2', 'ledger')).runningCount! + (await service('prod-ec2', 'ledger')).pendingCount!).toBeGreaterThanOrEqual(1);
  });

  it('interrupts Fargate Spot tasks now and then, and the service replaces them', async () => {
    const stopped = await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'image-resizer', desiredStatus: 'STOPPED' }));
    const tasks = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: stopped.taskArns! }))).tasks!;
    const interrupted = tasks.filter((t) => t.stopCode === 'SpotInterruption');
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted[0]).toMatchObject({ stoppedReason: 'Your Spot Task was interrupted.', capacityProviderName: 'FARGATE_SPOT', launchType: 'FARGATE' });
    expect((await service('prod-fargate', 'image-resizer')).runningCount).toBe(4);
  });

  it('stops a task on request with UserInitiated, and the service replaces it', async () => {
    const arn = (await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'checkout' }))).taskArns![0];
    const out = await h.ecs.send(new StopTaskCommand({ cluster: 'prod-fargate', task: arn, reason: 'Stopped from Wharf' }));
    expect(out.task).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Stopped from Wharf' });
    h.sim.clock.advance(2 * MINUTE);
    const [task] = (await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: [arn] }))).tasks!;
    expect(task.lastStatus).toBe('STOPPED');
    const checkout = await service('prod-fargate', 'checkout');
    expect(checkout.runningCount).toBe(3);
    const missing = await errorOf(h.ecs.send(new StopTaskCommand({ cluster: 'prod-fargate', task: 'ffffffffffffffffffffffffffffffff' })));
    expect(missing.name).toBe('InvalidParameterException');
  });

  it('keeps stopped tasks listable for an hour of sim time, then forgets them', async () => {
    const arn = (await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', serviceName: 'checkout' }))).taskArns![0];
    await h.ecs.send(new StopTaskCommand({ cluster: 'prod-fargate', task: arn }));
    h.sim.clock.advance(50 * MINUTE);
    expect((await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', desiredStatus: 'STOPPED', maxResults: 100 }))).taskArns).toContain(arn);
    h.sim.clock.advance(15 * MINUTE);
    expect((await h.ecs.send(new ListTasksCommand({ cluster: 'prod-fargate', desiredStatus: 'STOPPED', maxResults: 100 }))).taskArns).not.toContain(arn);
    const gone = await h.ecs.send(new DescribeTasksCommand({ cluster: 'prod-fargate', tasks: [arn] }));
    expect(gone.failures).toEqual([{ arn, reason: 'MISSING' }]);
  });
});
