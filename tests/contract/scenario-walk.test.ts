/**
 * The scenario walk: the demo sim driven by the JS SDK v3 clients through every read
 * operation on every cluster, service, task, instance, repository, log stream and metric, a
 * few errors on purpose and a deployment, with the clock moved on; then every answer the sim
 * gave is judged against Debian's botocore models and the newer ones in aws-models/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ecs from '@aws-sdk/client-ecs';
import * as ecr from '@aws-sdk/client-ecr';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as sts from '@aws-sdk/client-sts';
import { startSim } from '../../src-main/sim/index';
import { awsOk, closeAwsCli, requireAwsCli } from './aws-cli';
import { modelAvailable } from './botocore-validate';
import { ExchangeLog } from './exchange-check';

type Sim = Awaited<ReturnType<typeof startSim>>;

const MINUTE = 60_000;
const log = new ExchangeLog();
let sim: Sim;
let clients: ReturnType<typeof makeClients>;

function makeClients(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const config = { endpoint, region, credentials, maxAttempts: 1 };
  return {
    ecs: new ecs.ECSClient(config),
    ecr: new ecr.ECRClient(config),
    cw: new cw.CloudWatchClient(config),
    logs: new logs.CloudWatchLogsClient(config),
    sts: new sts.STSClient(config),
  };
}

/** All items of a paginated list call, following nextToken to the end. */
async function all<T>(page: (nextToken?: string) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const out = await page(nextToken);
    items.push(...(out.items ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return items;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

/** The AWS error code a call fails with (the test fails if it succeeds). */
async function errorCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    return (e as { name: string }).name;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  if (!modelAvailable()) throw new Error('Debian botocore models are missing: apt-get install awscli python3-botocore');
  requireAwsCli();
  sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, throttle: false, onExchange: log.onExchange });
  clients = makeClients(sim.endpoint, sim.region, sim.credentials);
});

afterAll(async () => {
  closeAwsCli();
  await sim?.close();
});

describe('scenario walk with the JS SDK', () => {
  it('reads everything, errs on purpose, deploys, and every answer conforms to the models', async () => {
    const { ecs: e } = clients;
    const summary = { clusters: 0, services: 0, tasks: 0, instances: 0, taskDefinitions: 0, repositories: 0, images: 0, logStreams: 0, metricQueries: 0 };

    // ---- ECS ----
    const clusterArns = await all((nextToken) => e.send(new ecs.ListClustersCommand({ nextToken })).then((o) => ({ items: o.clusterArns, nextToken: o.nextToken })));
    expect(clusterArns.length).toBeGreaterThan(0);
    const { clusters = [] } = await e.send(new ecs.DescribeClustersCommand({ clusters: clusterArns, include: ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'] }));
    summary.clusters = clusters.length;
    const serviceRecords: ecs.Service[] = [];
    for (const cluster of clusters) {
      const name = cluster.clusterName!;
      const serviceArns = await all((nextToken) => e.send(new ecs.ListServicesCommand({ cluster: name, nextToken, maxResults: 10 })).then((o) => ({ items: o.serviceArns, nextToken: o.nextToken })));
      for (const batch of chunks(serviceArns, 10)) {
        const out = await e.send(new ecs.DescribeServicesCommand({ cluster: name, services: batch, include: ['TAGS'] }));
        serviceRecords.push(...(out.services ?? []));
      }
      const taskArns = [
        ...(await all((nextToken) => e.send(new ecs.ListTasksCommand({ cluster: name, nextToken })).then((o) => ({ items: o.taskArns, nextToken: o.nextToken })))),
        ...(await all((nextToken) => e.send(new ecs.ListTasksCommand({ cluster: name, desiredStatus: 'STOPPED', nextToken })).then((o) => ({ items: o.taskArns, nextToken: o.nextToken })))),
      ];
      for (const batch of chunks(taskArns, 100)) {
        const out = await e.send(new ecs.DescribeTasksCommand({ cluster: name, tasks: batch, include: ['TAGS'] }));
        summary.tasks += out.tasks?.length ?? 0;
      }
      const instanceArns = await all((nextToken) => e.send(new ecs.ListContainerInstancesCommand({ cluster: name, nextToken })).then((o) => ({ items: o.containerInstanceArns, nextToken: o.nextToken })));
      for (const batch of chunks(instanceArns, 100)) {
        const out = await e.send(new ecs.DescribeContainerInstancesCommand({ cluster: name, containerInstances: batch, include: ['TAGS', 'CONTAINER_INSTANCE_HEALTH'] }));
        summary.instances += out.containerInstances?.length ?? 0;
      }
      if (instanceArns[0]) await e.send(new ecs.ListTasksCommand({ cluster: name, containerInstance: instanceArns[0] }));
      await e.send(new ecs.ListTasksCommand({ cluster: name, launchType: 'FARGATE' }));
      if (cluster.capacityProviders?.length) {
        await e.send(new ecs.DescribeCapacityProvidersCommand({ capacityProviders: cluster.capacityProviders, include: ['TAGS'] }));
      }
    }
    await e.send(new ecs.DescribeCapacityProvidersCommand({ maxResults: 10 }));
    summary.services = serviceRecords.length;
    for (const service of serviceRecords) {
      await e.send(new ecs.ListTasksCommand({ cluster: service.clusterArn, serviceName: service.serviceName }));
      const { serviceDeploymentArns = [] } = await e
        .send(new ecs.ListServiceDeploymentsCommand({ cluster: service.clusterArn, service: service.serviceName }))
        .then((o) => ({ serviceDeploymentArns: o.serviceDeployments?.map((d) => d.serviceDeploymentArn!) }));
      if (serviceDeploymentArns.length === 0) continue;
      const { serviceDeployments = [] } = await e.send(new ecs.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: serviceDeploymentArns.slice(0, 20) }));
      const revisionArns = [...new Set(serviceDeployments.flatMap((d) => [d.targetServiceRevision?.arn, ...(d.sourceServiceRevisions ?? []).map((r) => r.arn)]))];
      const revisions = await e.send(new ecs.DescribeServiceRevisionsCommand({ serviceRevisionArns: revisionArns.filter((a): a is string => !!a).slice(0, 20) }));
      expect(revisions.failures).toEqual([]);
    }

    const families = await all((nextToken) => e.send(new ecs.ListTaskDefinitionFamiliesCommand({ nextToken })).then((o) => ({ items: o.families, nextToken: o.nextToken })));
    expect(families.length).toBeGreaterThan(0);
    const definitionArns = await all((nextToken) => e.send(new ecs.ListTaskDefinitionsCommand({ nextToken })).then((o) => ({ items: o.taskDefinitionArns, nextToken: o.nextToken })));
    const definitions: ecs.TaskDefinition[] = [];
    for (const arn of definitionArns) {
      const out = await e.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
      definitions.push(out.taskDefinition!);
    }
    summary.taskDefinitions = definitions.length;

    // ---- ECR ----
    const repositories = await all((nextToken) => clients.ecr.send(new ecr.DescribeRepositoriesCommand({ nextToken })).then((o) => ({ items: o.repositories, nextToken: o.nextToken })));
    summary.repositories = repositories.length;
    expect(repositories.length).toBeGreaterThan(0);
    for (const repo of repositories) {
      const repositoryName = repo.repositoryName!;
      const images = await all((nextToken) => clients.ecr.send(new ecr.DescribeImagesCommand({ repositoryName, nextToken, maxResults: 5 })).then((o) => ({ items: o.imageDetails, nextToken: o.nextToken })));
      summary.images += images.length;
      await clients.ecr.send(new ecr.ListImagesCommand({ repositoryName, filter: { tagStatus: 'TAGGED' } }));
      await clients.ecr.send(new ecr.ListImagesCommand({ repositoryName, filter: { tagStatus: 'UNTAGGED' } }));
      for (const image of images.filter((i) => i.imageScanStatus)) {
        await clients.ecr.send(new ecr.DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest: image.imageDigest } }));
      }
    }

    // ---- Logs: every awslogs group the task definitions name, their newest streams ----
    const groups = new Set(definitions.flatMap((d) => (d.containerDefinitions ?? []).map((c) => c.logConfiguration?.options?.['awslogs-group']).filter((g): g is string => !!g)));
    await clients.logs.send(new logs.DescribeLogGroupsCommand({}));
    for (const logGroupName of groups) {
      const out = await clients.logs.send(new logs.DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true, limit: 5 }));
      for (const stream of out.logStreams ?? []) {
        summary.logStreams++;
        const newest = await clients.logs.send(new logs.GetLogEventsCommand({ logGroupName, logStreamName: stream.logStreamName!, limit: 20 }));
        await clients.logs.send(new logs.GetLogEventsCommand({ logGroupName, logStreamName: stream.logStreamName!, nextToken: newest.nextBackwardToken }));
      }
      await clients.logs.send(new logs.FilterLogEventsCommand({ logGroupName, filterPattern: 'ERROR', limit: 50 }));
    }

    // ---- CloudWatch: CPU and memory of every service, reservation of every ASG provider ----
    const now = sim.clock.now();
    const queries = serviceRecords.flatMap((s, i) =>
      ['CPUUtilization', 'MemoryUtilization'].map((metric) => ({
        Id: `m${i}_${metric === 'CPUUtilization' ? 'cpu' : 'mem'}`,
        MetricStat: {
          Metric: { Namespace: 'AWS/ECS', MetricName: metric, Dimensions: [{ Name: 'ClusterName', Value: s.clusterArn!.split('/').pop()! }, { Name: 'ServiceName', Value: s.serviceName! }] },
          Period: 60,
          Stat: 'Average',
        },
      })),
    );
    summary.metricQueries = queries.length;
    const metrics = await clients.cw.send(new cw.GetMetricDataCommand({ MetricDataQueries: queries.slice(0, 500), StartTime: new Date(now - 60 * MINUTE), EndTime: new Date(now) }));
    expect(metrics.MetricDataResults!.some((r) => (r.Values?.length ?? 0) > 0)).toBe(true);
    await clients.cw.send(new cw.ListMetricsCommand({ Namespace: 'AWS/ECS/ManagedScaling' }));
    await clients.sts.send(new sts.GetCallerIdentityCommand({}));

    // ---- errors on purpose ----
    const anyCluster = clusters[0].clusterName!;
    const missing = await e.send(new ecs.DescribeClustersCommand({ clusters: ['no-such-cluster'] }));
    expect(missing.failures?.[0]?.reason).toBe('MISSING');
    expect(await errorCode(e.send(new ecs.ListServicesCommand({ cluster: 'no-such-cluster' })))).toBe('ClusterNotFoundException');
    const eleven = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
    expect(await errorCode(e.send(new ecs.DescribeServicesCommand({ cluster: anyCluster, services: eleven })))).toBe('InvalidParameterException');
    expect(await errorCode(clients.ecr.send(new ecr.DescribeRepositoriesCommand({ repositoryNames: ['no-such-repo'] })))).toBe('RepositoryNotFoundException');
    expect(await errorCode(clients.ecr.send(new ecr.DescribeImagesCommand({ repositoryName: repositories[0].repositoryName!, imageIds: [{ imageTag: 'no-such-tag' }] })))).toBe('ImageNotFoundException');
    expect(await errorCode(clients.logs.send(new logs.GetLogEventsCommand({ logGroupName: '/no/such/group', logStreamName: 'x' })))).toBe('ResourceNotFoundException');

    // ---- a deployment: a new revision of a healthy service, the clock moved until it completes ----
    const target = serviceRecords.find((s) => s.deployments?.length === 1 && s.deployments[0].rolloutState === 'COMPLETED' && s.launchType !== 'EXTERNAL')!;
    expect(target).toBeDefined();
    const current = definitions.find((d) => d.taskDefinitionArn === target.taskDefinition)!;
    const registered = await e.send(new ecs.RegisterTaskDefinitionCommand(registrationOf(current, 'sdk-walk')));
    await e.send(new ecs.UpdateServiceCommand({ cluster: target.clusterArn, service: target.serviceName, taskDefinition: registered.taskDefinition!.taskDefinitionArn }));
    let rollout: string | undefined;
    for (let step = 0; step < 30 && rollout !== 'COMPLETED'; step++) {
      sim.clock.advance(MINUTE);
      const out = await e.send(new ecs.DescribeServicesCommand({ cluster: target.clusterArn, services: [target.serviceName!] }));
      rollout = out.services?.[0].deployments?.find((d) => d.status === 'PRIMARY')?.rolloutState;
    }
    expect(rollout).toBe('COMPLETED');
    // The moved clock produced new tasks, events and metrics: read them once more.
    await e.send(new ecs.ListTasksCommand({ cluster: target.clusterArn, serviceName: target.serviceName }));
    await e.send(new ecs.DescribeServicesCommand({ cluster: target.clusterArn, services: [target.serviceName!] }));

    // ---- the AWS CLI over the same sim, after the clock moved (its own suite covers every operation) ----
    const cluster = target.clusterArn!.split('/').pop()!;
    const [cliServices, cliImages, cliEvents] = await Promise.all([
      awsOk(sim, ['ecs', 'describe-services', '--cluster', cluster, '--services', target.serviceName!]),
      awsOk(sim, ['ecr', 'describe-images', '--repository-name', repositories[0].repositoryName!]),
      awsOk(sim, ['ecs', 'list-tasks', '--cluster', cluster, '--service-name', target.serviceName!]),
    ]);
    expect(cliServices.json.services[0].taskDefinition).toBe(registered.taskDefinition!.taskDefinitionArn);
    expect(cliImages.json.imageDetails.length).toBeGreaterThan(0);
    expect(cliEvents.json.taskArns.length).toBeGreaterThan(0);

    // ---- judge every answer ----
    const verdict = log.judge();
    console.log(
      `scenario walk: ${JSON.stringify(summary)}; ${verdict.checked} answers judged, ${verdict.byBoth} by both models; ` +
        `by the newer models alone: ${[...verdict.newerOnly].join(', ') || 'none'}; by SDK schema: ${[...verdict.bySdkSchema].join(', ') || 'none'}`,
    );
    expect(verdict.problems).toEqual([]);
    expect(verdict.unjudged).toEqual(new Set());
    // The 2024 operations Debian's 2023 models do not know are judged by the newer models.
    for (const op of ['ecs.ListServiceDeployments', 'ecs.DescribeServiceDeployments', 'ecs.DescribeServiceRevisions']) expect(verdict.newerOnly).toContain(op);
    expect(verdict.bySdkSchema).toEqual(new Set());
    const ops = log.operations();
    for (const op of [
      'ecs.ListClusters', 'ecs.DescribeClusters', 'ecs.ListServices', 'ecs.DescribeServices', 'ecs.ListTasks', 'ecs.DescribeTasks',
      'ecs.ListContainerInstances', 'ecs.DescribeContainerInstances', 'ecs.DescribeCapacityProviders', 'ecs.ListTaskDefinitionFamilies',
      'ecs.ListTaskDefinitions', 'ecs.DescribeTaskDefinition', 'ecs.RegisterTaskDefinition', 'ecs.UpdateService', 'ecs.ListServiceDeployments',
      'ecs.DescribeServiceDeployments', 'ecs.DescribeServiceRevisions',
      'ecr.DescribeRepositories', 'ecr.DescribeImages', 'ecr.ListImages', 'ecr.DescribeImageScanFindings',
      'logs.DescribeLogStreams', 'logs.GetLogEvents', 'logs.FilterLogEvents', 'cloudwatch.GetMetricData', 'sts.GetCallerIdentity',
    ]) {
      expect(ops, `no answer recorded for ${op}`).toContain(op);
    }
    expect(log.errorCodes()).toEqual(
      new Set([
        'ecs.ListServices:ClusterNotFoundException',
        'ecs.DescribeServices:InvalidParameterException',
        'ecr.DescribeRepositories:RepositoryNotFoundException',
        'ecr.DescribeImages:ImageNotFoundException',
        'logs.GetLogEvents:ResourceNotFoundException',
      ]),
    );
  });
});

/** RegisterTaskDefinition input that re-registers `d` with one environment variable changed. */
export function registrationOf(d: ecs.TaskDefinition, release: string): ecs.RegisterTaskDefinitionCommandInput {
  const containerDefinitions = (d.containerDefinitions ?? []).map((c, i) =>
    i === 0 ? { ...c, environment: [...(c.environment ?? []).filter((v) => v.name !== 'RELEASE'), { name: 'RELEASE', value: release }] } : c,
  );
  return {
    family: d.family!,
    containerDefinitions,
    taskRoleArn: d.taskRoleArn,
    executionRoleArn: d.executionRoleArn,
    networkMode: d.networkMode,
    volumes: d.volumes,
    placementConstraints: d.placementConstraints,
    requiresCompatibilities: d.requiresCompatibilities,
    cpu: d.cpu,
    memory: d.memory,
    runtimePlatform: d.runtimePlatform,
  };
}
