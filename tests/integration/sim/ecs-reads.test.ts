import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { errorOf, startHarness, stopHarness, type Harness } from './harness';

let demo: Harness;
let large: Harness;
beforeAll(async () => {
  [demo, large] = await Promise.all([
    startHarness({ scenario: 'demo' }),
    startHarness({ scenario: 'large', large: { services: 25, tasks: 250, instances: 120 } }),
  ]);
});
afterAll(() => Promise.all([stopHarness(demo), stopHarness(large)]));

/** Follows nextToken to the end; returns every item and how many pages it took. */
async function all<T>(fetchPage: (token?: string) => Promise<{ items?: T[]; nextToken?: string }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(token);
    items.push(...(page.items ?? []));
    token = page.nextToken;
    pages++;
  } while (token);
  return { items, pages };
}

const listServices = (ecs: ECSClient, maxResults?: number) =>
  all((nextToken) => ecs.send(new ListServicesCommand({ cluster: 'large', nextToken, maxResults })).then((r) => ({ items: r.serviceArns, nextToken: r.nextToken })));

describe('clusters and capacity', () => {
  it('lists clusters and describes them with counts, statistics, settings, configuration and tags', async () => {
    const { clusterArns } = await demo.ecs.send(new ListClustersCommand({}));
    expect(clusterArns).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/prod-ec2', 'arn:aws:ecs:us-east-1:123456789012:cluster/prod-fargate']);
    const plain = await demo.ecs.send(new DescribeClustersCommand({ clusters: ['prod-ec2'] }));
    expect(plain.clusters?.[0].settings).toBeUndefined();
    expect(plain.clusters?.[0].statistics).toEqual([]);
    const full = await demo.ecs.send(new DescribeClustersCommand({ clusters: ['prod-ec2', 'nope'], include: ['SETTINGS', 'STATISTICS', 'CONFIGURATIONS', 'TAGS'] }));
    const cluster = full.clusters![0];
    expect(cluster).toMatchObject({ clusterName: 'prod-ec2', status: 'ACTIVE', activeServicesCount: 5, registeredContainerInstancesCount: 9 });
    expect(cluster.runningTasksCount).toBeGreaterThan(0);
    expect(cluster.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect(cluster.configuration?.executeCommandConfiguration?.kmsKeyId).toMatch(/^arn:aws:kms:/);
    expect(cluster.tags).toContainEqual({ key: 'env', value: 'production' });
    const running = Number(cluster.statistics?.find((s) => s.name === 'runningEC2TasksCount')?.value) + Number(cluster.statistics?.find((s) => s.name === 'runningExternalTasksCount')?.value);
    expect(running).toBe(cluster.runningTasksCount);
    expect(full.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' }]);
  });

  it('describes capacity providers, built-in Fargate ones included, MISSING for unknown names', async () => {
    const out = await demo.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['prod-ec2-general', 'FARGATE_SPOT', 'ghost'] }));
    expect(out.capacityProviders?.map((p) => p.name)).toEqual(['prod-ec2-general', 'FARGATE_SPOT']);
    expect(out.capacityProviders?.[0].autoScalingGroupProvider?.managedScaling).toMatchObject({ status: 'ENABLED', targetCapacity: 90 });
    expect(out.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:capacity-provider/ghost', reason: 'MISSING' }]);
  });

  it('answers ClusterNotFoundException for a cluster that does not exist', async () => {
    const error = await errorOf(demo.ecs.send(new ListServicesCommand({ cluster: 'nope' })));
    expect(error.name).toBe('ClusterNotFoundException');
    expect(error.message).toBe('Cluster not found.');
  });
});

describe('services', () => {
  it('pages ListServices 10 at a time by default, up to 100 with maxResults, and refuses 101', async () => {
    const byDefault = await listServices(large.ecs);
    expect(byDefault.items).toHaveLength(25);
    expect(byDefault.pages).toBe(3);
    expect(new Set(byDefault.items).size).toBe(25);
    expect((await listServices(large.ecs, 100)).pages).toBe(1);
    const error = await errorOf(large.ecs.send(new ListServicesCommand({ cluster: 'large', maxResults: 101 })));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('describes up to 10 services; 11 is an InvalidParameterException; unknown ones are MISSING failures', async () => {
    const arns = (await listServices(large.ecs)).items;
    const ten = await large.ecs.send(new DescribeServicesCommand({ cluster: 'large', services: arns.slice(0, 10) }));
    expect(ten.services).toHaveLength(10);
    const eleven = await errorOf(large.ecs.send(new DescribeServicesCommand({ cluster: 'large', services: arns.slice(0, 11) })));
    expect(eleven.name).toBe('InvalidParameterException');
    const mixed = await large.ecs.send(new DescribeServicesCommand({ cluster: 'large', services: [arns[0], 'ghost'] }));
    expect(mixed.services).toHaveLength(1);
    expect(mixed.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/large/ghost', reason: 'MISSING' }]);
  });

  it('shows a service as ECS does: counts, deployments, events, and tags only when asked', async () => {
    const out = await demo.ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['web'], include: ['TAGS'] }));
    const web = out.services![0];
    expect(web).toMatchObject({ serviceName: 'web', desiredCount: 4, runningCount: 4, pendingCount: 0, schedulingStrategy: 'REPLICA', enableExecuteCommand: true });
    expect(web.serviceArn).toBe('arn:aws:ecs:us-east-1:123456789012:service/prod-ec2/web');
    expect(web.deployments).toHaveLength(1);
    expect(web.deployments![0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 4 });
    expect(web.deployments![0].id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(web.events![0].message).toBe('(service web) has reached a steady state.');
    expect(web.events!.length).toBeLessThanOrEqual(100);
    expect(web.tags).toContainEqual({ key: 'env', value: 'production' });
    const api = (await demo.ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['api'] }))).services![0];
    expect(api.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'IN_PROGRESS'], ['ACTIVE', 'COMPLETED']]);
    expect(api.tags).toBeUndefined();
  });
});

describe('tasks', () => {
  it('pages ListTasks 100 at a time across pages and filters by service, family, launch type and instance', async () => {
    const everything = await all((nextToken) => large.ecs.send(new ListTasksCommand({ cluster: 'large', nextToken })).then((r) => ({ items: r.taskArns, nextToken: r.nextToken })));
    expect(everything.items).toHaveLength(250);
    expect(everything.pages).toBe(3);
    expect(everything.items[0]).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/large\/[0-9a-f]{32}$/);
    const svc = await large.ecs.send(new ListTasksCommand({ cluster: 'large', serviceName: 'svc-0003' }));
    expect(svc.taskArns).toHaveLength(10);
    const family = await large.ecs.send(new ListTasksCommand({ cluster: 'large', family: 'app-03', maxResults: 100 }));
    expect(family.taskArns).toEqual(svc.taskArns);
    const fargate = await large.ecs.send(new ListTasksCommand({ cluster: 'large', launchType: 'FARGATE' }));
    expect(fargate.taskArns).toEqual([]);
    const described = await large.ecs.send(new DescribeTasksCommand({ cluster: 'large', tasks: svc.taskArns!.slice(0, 1) }));
    const instanceArn = described.tasks![0].containerInstanceArn!;
    const onInstance = await large.ecs.send(new ListTasksCommand({ cluster: 'large', containerInstance: instanceArn }));
    expect(onInstance.taskArns).toContain(svc.taskArns![0]);
    const missingService = await errorOf(large.ecs.send(new ListTasksCommand({ cluster: 'large', serviceName: 'ghost' })));
    expect(missingService.name).toBe('ServiceNotFoundException');
  });

  it('describes up to 100 tasks, refuses 101, and reports unknown ones as MISSING', async () => {
    const arns = (await large.ecs.send(new ListTasksCommand({ cluster: 'large' }))).taskArns!;
    const hundred = await large.ecs.send(new DescribeTasksCommand({ cluster: 'large', tasks: arns }));
    expect(hundred.tasks).toHaveLength(100);
    const task = hundred.tasks![0];
    expect(task).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING', launchType: 'EC2', capacityProviderName: 'large-asg' });
    expect(task.startedAt).toBeInstanceOf(Date);
    expect(task.containers![0].imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const tooMany = await errorOf(large.ecs.send(new DescribeTasksCommand({ cluster: 'large', tasks: [...arns, 'x'] })));
    expect(tooMany.name).toBe('InvalidParameterException');
    const missing = await large.ecs.send(new DescribeTasksCommand({ cluster: 'large', tasks: ['0123456789abcdef0123456789abcdef'] }));
    expect(missing.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:task/large/0123456789abcdef0123456789abcdef', reason: 'MISSING' }]);
  });

  it('lists stopped tasks only when asked for desiredStatus STOPPED', async () => {
    const stopped = await demo.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'ledger', desiredStatus: 'STOPPED' }));
    const running = await demo.ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'ledger' }));
    expect(stopped.taskArns!.length).toBeGreaterThan(0);
    expect(stopped.taskArns!.some((arn) => running.taskArns!.includes(arn))).toBe(false);
  });
});

describe('container instances', () => {
  it('pages ListContainerInstances by 100, filters by status and by expression, describes up to 100', async () => {
    const listed = await all((nextToken) =>
      large.ecs.send(new ListContainerInstancesCommand({ cluster: 'large', nextToken })).then((r) => ({ items: r.containerInstanceArns, nextToken: r.nextToken })),
    );
    expect(listed.items).toHaveLength(120);
    expect(listed.pages).toBe(2);
    const draining = await demo.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod-ec2', status: 'DRAINING' }));
    expect(draining.containerInstanceArns).toHaveLength(1);
    const gpu = await demo.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod-ec2', filter: 'attribute:ecs.instance-type =~ g4dn.*' }));
    expect(gpu.containerInstanceArns).toHaveLength(1);
    const described = await large.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'large', containerInstances: listed.items.slice(0, 100) }));
    expect(described.containerInstances).toHaveLength(100);
    const tooMany = await errorOf(large.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'large', containerInstances: listed.items.slice(0, 101) })));
    expect(tooMany.name).toBe('InvalidParameterException');
  });
});

describe('task definitions', () => {
  it('lists families and revisions, describes one with tags, and refuses an unknown one with ClientException', async () => {
    const families = await demo.ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'shop-' }));
    expect(families.families).toEqual(['shop-api', 'shop-cart', 'shop-checkout', 'shop-emailer', 'shop-notifications', 'shop-pricing', 'shop-recommendations', 'shop-search', 'shop-storefront', 'shop-web']);
    const revisions = await demo.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'shop-web', sort: 'DESC' }));
    expect(revisions.taskDefinitionArns).toHaveLength(8);
    expect(revisions.taskDefinitionArns![0]).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:8');
    const described = await demo.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'payments-ledger', include: ['TAGS'] }));
    const ledger = described.taskDefinition!;
    expect(ledger.revision).toBe(8);
    expect(ledger.volumes![0].efsVolumeConfiguration?.fileSystemId).toMatch(/^fs-/);
    expect(ledger.containerDefinitions![0].secrets).toHaveLength(2);
    expect(ledger.taskRoleArn).toMatch(/:role\//);
    expect(described.tags?.length).toBeGreaterThan(0);
    const error = await errorOf(demo.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:1' })));
    expect(error).toMatchObject({ name: 'ClientException', message: 'Unable to describe task definition.' });
  });

  it('registers a new revision that keeps every field it was given', async () => {
    const input = {
      family: 'shop-web',
      networkMode: 'bridge' as const,
      cpu: '256',
      memory: '512',
      pidMode: 'task' as const,
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 256, dockerLabels: { team: 'web' }, ulimits: [{ name: 'nofile' as const, softLimit: 1024, hardLimit: 4096 }] }],
      tags: [{ key: 'release', value: 'x' }],
    };
    const out = await demo.ecs.send(new RegisterTaskDefinitionCommand(input));
    expect(out.taskDefinition).toMatchObject({ family: 'shop-web', revision: 9, status: 'ACTIVE', pidMode: 'task', cpu: '256' });
    expect(out.taskDefinition?.containerDefinitions?.[0]).toMatchObject({ dockerLabels: { team: 'web' }, ulimits: input.containerDefinitions[0].ulimits, essential: true });
    const tags = await demo.ecs.send(new ListTagsForResourceCommand({ resourceArn: out.taskDefinition!.taskDefinitionArn }));
    expect(tags.tags).toEqual([{ key: 'release', value: 'x' }]);
    await demo.ecs.send(new TagResourceCommand({ resourceArn: out.taskDefinition!.taskDefinitionArn, tags: [{ key: 'owner', value: 'me' }] }));
    const after = await demo.ecs.send(new ListTagsForResourceCommand({ resourceArn: out.taskDefinition!.taskDefinitionArn }));
    expect(after.tags).toHaveLength(2);
  });
});
