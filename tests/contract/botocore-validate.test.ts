/**
 * The validator itself: it must catch what a real client would choke on, and pass what the
 * sim's ECR, Logs, CloudWatch and STS services answer for a representative set of calls.
 */
import { describe, expect, it } from 'vitest';
import { EcrStore } from '../../src-main/sim/ecr/ecr-store';
import { ecrService } from '../../src-main/sim/ecr/ecr-service';
import { LogsStore } from '../../src-main/sim/logs/logs-store';
import { logsService } from '../../src-main/sim/logs/logs-service';
import { MetricsStore } from '../../src-main/sim/cloudwatch/metrics-store';
import { cloudwatchService } from '../../src-main/sim/cloudwatch/cloudwatch-service';
import { stsService } from '../../src-main/sim/sts/sts-service';
import type { RequestContext, ServiceDefinition } from '../../src-main/sim/http/types';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelAvailable, NEWER_MODELS, NOT_IN_MODELS, sourcesOf, validateError, validateOutput, type ModelService } from './botocore-validate';
import { validateAgainstSdk } from './sdk-schema';

if (!modelAvailable()) throw new Error('Debian botocore models are missing: apt-get install awscli python3-botocore');

const T0 = Date.UTC(2025, 0, 1);
const ctx: RequestContext = { accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', now: T0 + 3_600_000, requestId: 'r' };

describe('the validator', () => {
  it('passes a conforming output and names each kind of problem', () => {
    const good = { clusterArns: ['arn:aws:ecs:us-east-1:123456789012:cluster/a'], nextToken: undefined };
    expect(validateOutput('ecs', 'ListClusters', good)).toEqual([]);
    const bad = {
      clusters: [{ clusterName: 'a', status: 'ACTIVE', registeredContainerInstancesCount: 1.5, madeUp: 1, settings: [{ name: 'bogus', value: 'x' }] }],
      failures: [{ arn: 'x', reason: null }],
    };
    expect(validateOutput('ecs', 'DescribeClusters', bad)).toEqual([
      'DescribeClusters.clusters[0].registeredContainerInstancesCount: expected an integer, got number 1.5',
      'DescribeClusters.clusters[0].madeUp: not a member of the model\'s shape',
      "DescribeClusters.clusters[0].settings[0].name: 'bogus' is not one of containerInsights",
      'DescribeClusters.failures[0].reason: null (AWS omits a member rather than sending null)',
    ]);
    expect(validateOutput('ecr', 'DescribeRepositories', { repositories: [{ encryptionConfiguration: {}, createdAt: 1700000000 }] })).toEqual([
      'DescribeRepositories.repositories[0].encryptionConfiguration.encryptionType: required by the model, missing',
      'DescribeRepositories.repositories[0].createdAt: expected a Date (the front door encodes it), got number 1700000000',
    ]);
  });

  it('accepts declared and common errors, in JSON and query spellings, and flags others', () => {
    expect(validateError('ecs', 'DescribeServices', 'ClusterNotFoundException')).toEqual([]);
    expect(validateError('ecs', 'DescribeServices', 'ThrottlingException')).toEqual([]);
    expect(validateError('cloudwatch', 'GetMetricStatistics', 'InvalidParameterValue')).toEqual([]);
    expect(validateError('cloudwatch', 'GetMetricStatistics', 'InvalidParameterValueException')).toEqual([]);
    expect(validateError('ecr', 'DescribeRepositories', 'ClusterNotFoundException')[0]).toContain('not among its declared errors');
  });

  it('judges an operation unknown to Debian\'s models by the newer ones', () => {
    expect(sourcesOf('ecs', 'ListServiceDeployments')).toEqual(['newer']);
    expect(sourcesOf('ecs', 'DescribeServices')).toEqual(['debian', 'newer']);
    expect(sourcesOf('sts', 'GetCallerIdentity')).toEqual(['debian']); // no STS among the newer models
    const brief = { serviceDeploymentArn: 'arn', status: 'SUCCESSFUL', createdAt: new Date(0) };
    expect(validateOutput('ecs', 'ListServiceDeployments', { serviceDeployments: [brief] })).toEqual([]);
    expect(validateOutput('ecs', 'ListServiceDeployments', { serviceDeployments: [{ ...brief, status: 'DONE', bogus: 1 }] })).toEqual([
      "ListServiceDeployments.serviceDeployments[0].status: 'DONE' is not one of PENDING, SUCCESSFUL, STOPPED, STOP_REQUESTED, IN_PROGRESS, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED",
      "ListServiceDeployments.serviceDeployments[0].bogus: not a member of the model's shape",
    ]);
    expect(validateError('ecs', 'ContinueServiceDeployment', 'ServiceDeploymentNotFoundException')).toEqual([]);
    expect(validateOutput('ecs', 'MadeUpOperation', {})).toEqual([`ecs.MadeUpOperation: ${NOT_IN_MODELS}`]);
  });

  it('holds an answer both models know to the newer one where AWS added to the API, and to both on types', () => {
    // availabilityZoneRebalancing (2024) is not in Debian's Service shape; the newer model has it.
    const service = { serviceName: 's', availabilityZoneRebalancing: 'ENABLED' };
    expect(validateOutput('ecs', 'DescribeServices', { services: [service] })).toEqual([]);
    expect(validateOutput('ecs', 'DescribeServices', { services: [{ ...service, availabilityZoneRebalancing: 'SOMETIMES' }] })).toEqual([
      "DescribeServices.services[0].availabilityZoneRebalancing: 'SOMETIMES' is not one of ENABLED, DISABLED",
    ]);
    expect(validateOutput('ecs', 'DescribeServices', { services: [{ serviceName: 's', desiredCount: '2', notAMember: true }] })).toEqual([
      'DescribeServices.services[0].desiredCount: expected an integer, got string "2"',
      "DescribeServices.services[0].notAMember: not a member of the model's shape",
    ]);
  });

  it('knows the services the newer models add (ELBv2, EventBridge, SQS, EKS)', () => {
    expect(sourcesOf('elbv2', 'DescribeTargetHealth')).toEqual(['debian', 'newer']);
    expect(sourcesOf('eks', 'DescribeCluster')).toEqual(['debian', 'newer']);
    expect(validateOutput('sqs', 'ReceiveMessage', { Messages: [{ MessageId: 'm', Body: 'b' }] })).toEqual([]);
    expect(validateOutput('events', 'PutRule', { RuleArn: 7 })).toEqual(['PutRule.RuleArn: expected a string, got number 7']);
  });
});

describe('the models copied into the repository', () => {
  it('are there, with their licence and attribution', () => {
    for (const file of ['README.md', 'LICENSE.txt', 'NOTICE', 'ecs/2014-11-13/service-2.json']) expect(existsSync(join(NEWER_MODELS, file)), file).toBe(true);
    expect(readFileSync(join(NEWER_MODELS, 'README.md'), 'utf8')).toContain('botocore 1.43.67');
  });
});

describe('the sim services conform to the botocore models', () => {
  const ecr = new EcrStore({ accountId: '123456789012', region: 'us-east-1' });
  ecr.createRepository({ name: 'shop/api', tagMutability: 'IMMUTABLE', scanOnPush: true, createdAt: new Date(T0) });
  ecr.putImage('shop/api', { tags: ['v1'], pushedAt: new Date(T0), sizeBytes: 1000, scanFindings: { HIGH: 2, LOW: 1 } });
  ecr.putImage('shop/api', { tags: [], pushedAt: new Date(T0 + 1), sizeBytes: 1000 });
  ecr.recordPull('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:v1', new Date(T0 + 5));
  // Enhanced scanning (Inspector): the other shape of the same answer.
  ecr.createRepository({ name: 'shop/checkout', tagMutability: 'IMMUTABLE', scanOnPush: true, scanType: 'ENHANCED', createdAt: new Date(T0) });
  ecr.putImage('shop/checkout', { tags: ['v3'], pushedAt: new Date(T0), sizeBytes: 1000, scanFindings: { CRITICAL: 1, HIGH: 3, LOW: 2 } });
  const logs = new LogsStore();
  logs.putEvents('/ecs/api', 'ecs/api/1', [{ timestamp: T0, message: 'ERROR boom' }]);
  const metrics = new MetricsStore();
  metrics.defineSeries('AWS/ECS', 'CPUUtilization', { ClusterName: 'c', ServiceName: 's' }, () => 42);
  const dims = [{ Name: 'ClusterName', Value: 'c' }, { Name: 'ServiceName', Value: 's' }];

  const calls: Array<[ModelService, ServiceDefinition, string, Record<string, unknown>]> = [
    ['ecr', ecrService(ecr), 'DescribeRepositories', {}],
    ['ecr', ecrService(ecr), 'DescribeImages', { repositoryName: 'shop/api' }],
    ['ecr', ecrService(ecr), 'ListImages', { repositoryName: 'shop/api' }],
    ['ecr', ecrService(ecr), 'DescribeImageScanFindings', { repositoryName: 'shop/api', imageId: { imageTag: 'v1' } }],
    ['ecr', ecrService(ecr), 'DescribeImageScanFindings', { repositoryName: 'shop/api', imageId: { imageTag: 'v1' }, maxResults: 2 }],
    ['ecr', ecrService(ecr), 'DescribeImages', { repositoryName: 'shop/checkout' }],
    ['ecr', ecrService(ecr), 'DescribeImageScanFindings', { repositoryName: 'shop/checkout', imageId: { imageTag: 'v3' } }],
    ['ecr', ecrService(ecr), 'DescribeImageScanFindings', { repositoryName: 'shop/checkout', imageId: { imageTag: 'v3' }, maxResults: 4 }],
    ['ecr', ecrService(ecr), 'BatchGetImage', { repositoryName: 'shop/api', imageIds: [{ imageTag: 'v1' }, { imageTag: 'nope' }] }],
    ['logs', logsService(logs), 'DescribeLogGroups', {}],
    ['logs', logsService(logs), 'DescribeLogStreams', { logGroupName: '/ecs/api' }],
    ['logs', logsService(logs), 'GetLogEvents', { logGroupName: '/ecs/api', logStreamName: 'ecs/api/1' }],
    ['logs', logsService(logs), 'FilterLogEvents', { logGroupName: '/ecs/api', filterPattern: 'ERROR' }],
    ['cloudwatch', cloudwatchService(metrics), 'GetMetricData', {
      MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: dims }, Period: 60, Stat: 'Average' } }],
      StartTime: T0 / 1000,
      EndTime: (T0 + 600_000) / 1000,
    }],
    ['cloudwatch', cloudwatchService(metrics), 'GetMetricStatistics', {
      Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: dims, StartTime: T0 / 1000, EndTime: (T0 + 600_000) / 1000, Period: 60, Statistics: ['Maximum'], ExtendedStatistics: ['p90'],
    }],
    ['cloudwatch', cloudwatchService(metrics), 'ListMetrics', {}],
    ['sts', stsService({ accountId: '123456789012' }), 'GetCallerIdentity', {}],
  ];

  it.each(calls)('%s %s', async (service, definition, operation, input) => {
    const output = await definition.operations[operation](input, ctx);
    expect(output).toBeTruthy();
    expect(validateOutput(service, operation, output)).toEqual([]);
  });
});

describe('the SDK-schema check for operations neither model knows', () => {
  it('passes a conforming ListServiceDeployments output and flags unknown members and wrong types', async () => {
    const ecs = (await import('@aws-sdk/client-ecs')) as unknown as Record<string, unknown>;
    const brief = { serviceDeploymentArn: 'arn', status: 'SUCCESSFUL', createdAt: new Date(), targetServiceRevisionArn: 'arn' };
    expect(validateAgainstSdk(ecs, 'ListServiceDeployments', { serviceDeployments: [brief] })).toEqual([]);
    expect(validateAgainstSdk(ecs, 'ListServiceDeployments', { serviceDeployments: [{ ...brief, createdAt: 17e8, bogus: 1 }] })).toEqual([
      'ListServiceDeployments.serviceDeployments[0].createdAt: expected a Date, got number',
      "ListServiceDeployments.serviceDeployments[0].bogus: not a member of the SDK's shape",
    ]);
  });
});
