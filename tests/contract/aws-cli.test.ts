/**
 * Debian's AWS CLI (botocore 1.29's parsers, paginators and validators) pointed at the demo
 * sim: every implemented read operation, and deployments end to end (one that completes, one
 * to a missing image that the circuit breaker fails and rolls back). Every answer the sim
 * gives the CLI is also judged against the botocore models.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim } from '../../src-main/sim/index';
import { aws, awsOk, awsProcess, closeAwsCli, requireAwsCli } from './aws-cli';
import { ExchangeLog } from './exchange-check';

type Sim = Awaited<ReturnType<typeof startSim>>;
// Shapes of the CLI's JSON output, read loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const MINUTE = 60_000;
const log = new ExchangeLog();
let sim: Sim;

const cli = (...args: string[]) => awsOk(sim, args).then((r) => r.json as Json);
const nameOf = (arn: string) => arn.split('/').pop()!;

beforeAll(async () => {
  requireAwsCli();
  sim = await startSim({ scenario: 'demo', port: 0, seed: 11, speed: 0, throttle: false, onExchange: log.onExchange });
});

afterAll(async () => {
  closeAwsCli();
  await sim?.close();
});

// The CLI costs about 0.1 s per command once started, more on a loaded machine.
const CLI_TEST_TIMEOUT = 120_000;

describe('the AWS CLI against the demo sim', () => {
  it('runs every implemented read operation', async () => {
    const { clusterArns } = await cli('ecs', 'list-clusters');
    expect(clusterArns.length).toBeGreaterThan(1);
    const { clusters } = await cli('ecs', 'describe-clusters', '--clusters', ...clusterArns.map(nameOf), '--include', 'STATISTICS', 'SETTINGS', 'TAGS');
    expect(clusters.map((c: Json) => c.clusterArn).sort()).toEqual([...clusterArns].sort());
    const most = (field: string) => [...clusters].sort((a: Json, b: Json) => b[field] - a[field])[0].clusterName as string;

    const [services, tasks, instances] = await Promise.all([
      readServices(most('activeServicesCount')),
      readTasks(most('runningTasksCount')),
      readInstances(most('registeredContainerInstancesCount')),
      readCapacityProviders(clusters),
    ]);
    expect(services.length).toBeGreaterThan(2);
    expect(tasks.length).toBeGreaterThan(0);
    expect(instances.length).toBeGreaterThan(0);

    const family = services[0].taskDefinition.split('/').pop().split(':')[0];
    const [{ taskDefinitionArns }, { taskDefinition }] = await Promise.all([
      cli('ecs', 'list-task-definitions', '--family-prefix', family),
      cli('ecs', 'describe-task-definition', '--task-definition', services[0].taskDefinition),
    ]);
    expect(taskDefinitionArns).toContain(services[0].taskDefinition);
    expect(taskDefinition.containerDefinitions.length).toBeGreaterThan(0);

    const service = services[0];
    const now = sim.clock.now();
    const queries = JSON.stringify([
      {
        Id: 'cpu',
        MetricStat: {
          Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: nameOf(service.clusterArn) }, { Name: 'ServiceName', Value: service.serviceName }] },
          Period: 60,
          Stat: 'Average',
        },
      },
    ]);
    const [metrics, identity] = await Promise.all([
      cli('cloudwatch', 'get-metric-data', '--metric-data-queries', queries, '--start-time', new Date(now - 30 * MINUTE).toISOString(), '--end-time', new Date(now).toISOString()),
      cli('sts', 'get-caller-identity'),
      readRegistry(),
      readLogs(taskDefinition),
    ]);
    expect(metrics.MetricDataResults[0].Values.length).toBeGreaterThan(0);
    expect(identity).toMatchObject({ Account: sim.accountId, Arn: expect.stringContaining(`arn:aws:iam::${sim.accountId}:user/`) });
  }, CLI_TEST_TIMEOUT);

  it('deploys to COMPLETED, and fails a missing image with the circuit breaker and rolls back', async () => {
    const services: Json[] = [];
    for (const cluster of (await cli('ecs', 'list-clusters')).clusterArns.map(nameOf)) {
      const { serviceArns } = await cli('ecs', 'list-services', '--cluster', cluster);
      for (let i = 0; i < serviceArns.length; i += 10) {
        services.push(...(await cli('ecs', 'describe-services', '--cluster', cluster, '--services', ...serviceArns.slice(i, i + 10))).services);
      }
    }
    const [good, bad] = services.filter(
      (s) => s.deployments.length === 1 && s.deployments[0].rolloutState === 'COMPLETED' && s.launchType !== 'EXTERNAL' && s.deploymentConfiguration?.deploymentCircuitBreaker?.rollback,
    );
    expect(bad, 'the demo needs two settled services with a rolling-back circuit breaker').toBeDefined();
    const original = { good: good.taskDefinition, bad: bad.taskDefinition };

    const [goodRevision, badRevision] = await Promise.all([
      registerRevision(good.taskDefinition, (image) => image),
      // A release whose image was never pushed: same repository, a tag that does not exist.
      registerRevision(bad.taskDefinition, (image) => `${image.includes('.dkr.ecr.') ? image.split(/[:@]/)[0] : `${sim.accountId}.dkr.ecr.${sim.region}.amazonaws.com/shop`}:never-pushed`),
    ]);
    await Promise.all([
      cli('ecs', 'update-service', '--cluster', good.clusterArn, '--service', good.serviceName, '--task-definition', goodRevision),
      cli('ecs', 'update-service', '--cluster', bad.clusterArn, '--service', bad.serviceName, '--task-definition', badRevision),
    ]);

    // The failed deployment may be rolled back between two polls: its events tell it too.
    const breakerEvents = (s: Json) => s.events.filter((ev: Json) => /deployment failed|rolling back/.test(ev.message)).length;
    const breakerEventsBefore = breakerEvents(bad);
    let sawFailed = false;
    let goodDone = false;
    let badDone = false;
    for (let step = 0; step < 30 && !(goodDone && badDone); step++) {
      sim.clock.advance(MINUTE);
      const [g, b] = await Promise.all([describeOne(good), describeOne(bad)]);
      goodDone = primaryOf(g)?.rolloutState === 'COMPLETED' && primaryOf(g)?.taskDefinition === goodRevision;
      sawFailed ||= b.deployments.some((d: Json) => d.rolloutState === 'FAILED' && d.taskDefinition === badRevision) || breakerEvents(b) > breakerEventsBefore;
      badDone = sawFailed && primaryOf(b)?.rolloutState === 'COMPLETED';
      if (badDone) {
        expect(b.taskDefinition).toBe(original.bad);
        expect(primaryOf(b).taskDefinition).toBe(original.bad);
      }
    }
    expect(goodDone, `${good.serviceName} should reach COMPLETED on ${goodRevision}`).toBe(true);
    expect(sawFailed, `${bad.serviceName}'s deployment to a missing image should be FAILED`).toBe(true);
    expect(badDone, `${bad.serviceName} should roll back to ${original.bad}`).toBe(true);

    const { taskArns } = await cli('ecs', 'list-tasks', '--cluster', bad.clusterArn, '--service-name', bad.serviceName, '--desired-status', 'STOPPED');
    const { tasks } = await cli('ecs', 'describe-tasks', '--cluster', bad.clusterArn, '--tasks', ...taskArns.slice(0, 100));
    const failedToStart = tasks.filter((t: Json) => t.stopCode === 'TaskFailedToStart');
    expect(failedToStart.length).toBeGreaterThan(0);
    expect(failedToStart[0].stoppedReason).toMatch(/^CannotPullContainerError: .*:never-pushed/);
  }, CLI_TEST_TIMEOUT);

  it('works through /usr/bin/aws itself, and gives AWS errors the CLI understands', async () => {
    const [ok, missing, repo] = await Promise.all([
      awsProcess(sim, ['sts', 'get-caller-identity']),
      awsProcess(sim, ['ecs', 'list-services', '--cluster', 'no-such-cluster']),
      awsProcess(sim, ['ecr', 'describe-images', '--repository-name', 'no-such-repo']),
    ]);
    expect(ok.json).toMatchObject({ Account: sim.accountId });
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain('An error occurred (ClusterNotFoundException) when calling the ListServices operation');
    expect(repo.stderr).toContain('(RepositoryNotFoundException)');
  }, CLI_TEST_TIMEOUT);

  it("signs as the sim requires (botocore's SigV4), and is refused with AWS's words for a wrong secret or an unknown key", async () => {
    const wrongSecret = { endpoint: sim.endpoint, credentials: { ...sim.credentials, secretAccessKey: `${sim.credentials.secretAccessKey}x` } };
    const unknownKey = { endpoint: sim.endpoint, credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN01', secretAccessKey: sim.credentials.secretAccessKey } };
    const [sts, ecs, stranger, strangerEcs] = await Promise.all([
      aws(wrongSecret, ['sts', 'get-caller-identity']),
      aws(wrongSecret, ['ecs', 'list-clusters']),
      aws(unknownKey, ['sts', 'get-caller-identity']),
      aws(unknownKey, ['ecs', 'list-clusters']),
    ]);
    // (botocore adds "(reached max retries: 0)" with AWS_MAX_ATTEMPTS=1.)
    expect(sts.stderr).toMatch(/An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation(?: \(reached max retries: \d+\))?: The request signature we calculated does not match/);
    expect(ecs.stderr).toContain('An error occurred (InvalidSignatureException) when calling the ListClusters operation');
    expect(stranger.stderr).toMatch(/An error occurred \(InvalidClientTokenId\) when calling the GetCallerIdentity operation(?: \(reached max retries: \d+\))?: The security token included in the request is invalid\./);
    expect(strangerEcs.stderr).toContain('(UnrecognizedClientException)');
  }, CLI_TEST_TIMEOUT);

  it("verifies the presigned STS GetCallerIdentity URL in an `aws eks get-token` token (botocore's presigning)", async () => {
    const { status } = await cli('eks', 'get-token', '--cluster-name', 'prod-eks');
    const token = String(status.token);
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    const url = Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8');
    expect(url).toMatch(/[?&]X-Amz-SignedHeaders=host%3Bx-k8s-aws-id(&|$)/);
    expect(sim.auth.verifyPresignedUrl(url, { 'x-k8s-aws-id': 'prod-eks' })).toMatchObject({ accessKeyId: sim.credentials.accessKeyId, signingName: 'sts', presigned: true });
    expect(() => sim.auth.verifyPresignedUrl(url, { 'x-k8s-aws-id': 'other-cluster' })).toThrow(/does not match the signature you provided/);
  }, CLI_TEST_TIMEOUT);

  it('reads CloudWatch percentiles (maps in query XML) and gets its query error codes', async () => {
    const now = sim.clock.now();
    const statistics = (period: string, ...stats: string[]) => [
      'cloudwatch', 'get-metric-statistics', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization',
      '--dimensions', 'Name=ClusterName,Value=prod-ec2', 'Name=ServiceName,Value=web',
      '--start-time', new Date(now - 30 * MINUTE).toISOString(), '--end-time', new Date(now).toISOString(), '--period', period, ...stats,
    ];
    const [out, badStatistic, tooMany] = await Promise.all([
      cli(...statistics('300', '--statistics', 'Average', '--extended-statistics', 'p99', 'p50')),
      aws(sim, statistics('300', '--statistics', 'Bogus')),
      aws(sim, statistics('1', '--statistics', 'Average')),
    ]);
    // The codes of botocore's model (error.code), not the JSON shape names.
    expect(badStatistic.stderr).toContain('An error occurred (InvalidParameterValue) when calling the GetMetricStatistics operation');
    expect(tooMany.stderr).toContain('(InvalidParameterCombination)');
    expect(out.Datapoints.length).toBeGreaterThan(0);
    for (const point of out.Datapoints) {
      expect(typeof point.Average).toBe('number');
      expect(Object.keys(point.ExtendedStatistics).sort()).toEqual(['p50', 'p99']);
      expect(point.ExtendedStatistics.p99).toBeGreaterThanOrEqual(point.ExtendedStatistics.p50);
    }
  }, CLI_TEST_TIMEOUT);

  it('every answer the CLI received conforms to the botocore models', () => {
    const verdict = log.judge();
    console.log(`aws cli: ${verdict.checked} answers judged, ${log.operations().size} operations`);
    expect(verdict.problems).toEqual([]);
  });
});

/** list-services paginated in pages of 2 by the CLI itself must add up to everything. */
async function readServices(cluster: string): Promise<Json[]> {
  const [{ serviceArns }, { serviceArns: allAtOnce }] = await Promise.all([
    cli('ecs', 'list-services', '--cluster', cluster, '--page-size', '2'),
    cli('ecs', 'list-services', '--cluster', cluster, '--max-results', '100', '--no-paginate'),
  ]);
  expect(serviceArns.length).toBeGreaterThan(2);
  expect([...serviceArns].sort()).toEqual([...allAtOnce].sort());
  return (await cli('ecs', 'describe-services', '--cluster', cluster, '--services', ...serviceArns.slice(0, 10))).services;
}

async function readTasks(cluster: string): Promise<Json[]> {
  const { taskArns } = await cli('ecs', 'list-tasks', '--cluster', cluster);
  return (await cli('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...taskArns.slice(0, 100))).tasks;
}

async function readInstances(cluster: string): Promise<Json[]> {
  const { containerInstanceArns } = await cli('ecs', 'list-container-instances', '--cluster', cluster);
  return (await cli('ecs', 'describe-container-instances', '--cluster', cluster, '--container-instances', ...containerInstanceArns.slice(0, 100))).containerInstances;
}

async function readCapacityProviders(clusters: Json[]): Promise<void> {
  const names = [...new Set(clusters.flatMap((c: Json) => c.capacityProviders ?? []))] as string[];
  const { capacityProviders } = await cli('ecs', 'describe-capacity-providers', '--capacity-providers', ...names);
  expect(capacityProviders.map((p: Json) => p.name).sort()).toEqual([...names].sort());
}

async function readRegistry() {
  const { repositories } = await cli('ecr', 'describe-repositories');
  expect(repositories.length).toBeGreaterThan(0);
  // One repository is enough here (the SDK walk reads them all): one that scans on push.
  const repositoryName = (repositories.find((r: Json) => r.imageScanningConfiguration?.scanOnPush) ?? repositories[0]).repositoryName;
  const [{ imageDetails }, { imageIds }] = await Promise.all([
    cli('ecr', 'describe-images', '--repository-name', repositoryName, '--page-size', '3'),
    cli('ecr', 'list-images', '--repository-name', repositoryName),
  ]);
  expect(imageIds.length).toBeGreaterThanOrEqual(imageDetails.filter((d: Json) => d.imageTags).length);
  const scanned = imageDetails.find((d: Json) => d.imageScanStatus);
  expect(scanned, `${repositoryName} should hold a scanned image`).toBeDefined();
  {
    const findings = await cli('ecr', 'describe-image-scan-findings', '--repository-name', repositoryName, '--image-id', `imageDigest=${scanned.imageDigest}`);
    expect(findings.imageScanStatus.status).toBe('COMPLETE');
  }
}

async function readLogs(taskDefinition: Json) {
  const group = taskDefinition.containerDefinitions.map((c: Json) => c.logConfiguration?.options?.['awslogs-group']).find(Boolean);
  expect(group, 'the first service should log with awslogs').toBeDefined();
  const { logStreams } = await cli('logs', 'describe-log-streams', '--log-group-name', group, '--order-by', 'LastEventTime', '--descending', '--max-items', '3');
  expect(logStreams.length).toBeGreaterThan(0);
  const [events, filtered] = await Promise.all([
    cli('logs', 'get-log-events', '--log-group-name', group, '--log-stream-name', logStreams[0].logStreamName, '--limit', '20'),
    cli('logs', 'filter-log-events', '--log-group-name', group, '--max-items', '50'),
  ]);
  expect(events.events.length).toBeGreaterThan(0);
  expect(events.nextForwardToken).toMatch(/^f\//);
  expect(filtered.events.length).toBeGreaterThan(0);
}

/** Registers a new revision of `arn` with the first container's image mapped; returns its ARN. */
async function registerRevision(arn: string, image: (current: string) => string): Promise<string> {
  const { taskDefinition: d } = await cli('ecs', 'describe-task-definition', '--task-definition', arn);
  const input = {
    family: d.family,
    containerDefinitions: d.containerDefinitions.map((c: Json, i: number) => (i === 0 ? { ...c, image: image(c.image) } : c)),
    ...pick(d, ['taskRoleArn', 'executionRoleArn', 'networkMode', 'volumes', 'placementConstraints', 'requiresCompatibilities', 'cpu', 'memory', 'runtimePlatform']),
  };
  const out = await cli('ecs', 'register-task-definition', '--cli-input-json', JSON.stringify(input));
  expect(out.taskDefinition.revision).toBeGreaterThan(d.revision);
  return out.taskDefinition.taskDefinitionArn;
}

async function describeOne(service: Json): Promise<Json> {
  return (await cli('ecs', 'describe-services', '--cluster', service.clusterArn, '--services', service.serviceName)).services[0];
}

function primaryOf(service: Json): Json {
  return service.deployments.find((d: Json) => d.status === 'PRIMARY');
}

function pick(source: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}
