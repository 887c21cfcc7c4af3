/**
 * The sim's EventBridge and SQS through the AWS SDK's own clients, and ECS's events routed
 * from the engine through a rule to a queue: shapes, errors, long polling, the queue policy,
 * and at-least-once delivery (duplicates, late events, drops by fault).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeContainerInstancesCommand, ListContainerInstancesCommand, UpdateContainerInstancesStateCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  DeleteRuleCommand, DescribeRuleCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand,
  RemoveTargetsCommand, TagResourceCommand, ListTagsForResourceCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand,
  ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient, type Message,
} from '@aws-sdk/client-sqs';
import { errorOf, startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
let sqs: SQSClient;
let events: EventBridgeClient;

beforeAll(async () => {
  h = await startHarness({ scenario: 'demo', speed: 1, admin: true });
  const config = { endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials, maxAttempts: 1 };
  sqs = new SQSClient(config);
  events = new EventBridgeClient(config);
});
afterAll(async () => {
  sqs?.destroy();
  events?.destroy();
  await stopHarness(h);
});

const account = () => h.sim.accountId;
const region = () => h.sim.region;
const queueArn = (name: string) => `arn:aws:sqs:${region()}:${account()}:${name}`;
const ruleArn = (name: string) => `arn:aws:events:${region()}:${account()}:rule/${name}`;

function policyFor(queue: string, rule: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'events', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn(queue),
      Condition: { ArnEquals: { 'aws:SourceArn': ruleArn(rule) } },
    }],
  });
}

async function routed(name: string, pattern: object = { source: ['aws.ecs'] }): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { Policy: policyFor(name, name), MessageRetentionPeriod: '86400' } }));
  await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern) }));
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'q', Arn: queueArn(name) }] }));
  return QueueUrl!;
}

/** Receives (long polls) until `enough` says so or `ms` pass; deletes what it got. */
async function drain(url: string, enough: (all: Message[]) => boolean, ms = 15_000): Promise<Message[]> {
  const all: Message[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until && !enough(all)) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    all.push(...Messages);
    if (Messages.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })) }));
  }
  return all;
}

const bodyOf = (m: Message) => JSON.parse(m.Body!) as { id: string; 'detail-type': string; resources: string[]; detail: Record<string, unknown>; time: string; version: string; source: string };

describe('SQS (JSON 1.0, query-compatible errors)', () => {
  it('creates a queue with attributes, policy and tags, and reads them back', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({
      QueueName: 'shapes', Attributes: { MessageRetentionPeriod: '86400', SqsManagedSseEnabled: 'true', Policy: policyFor('shapes', 'r') }, tags: { 'wharf:owner': 'test' },
    }));
    expect(QueueUrl).toBe(`${h.sim.endpoint}/${account()}/shapes`);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'shapes' }))).QueueUrl).toBe(QueueUrl);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ QueueArn: queueArn('shapes'), MessageRetentionPeriod: '86400', SqsManagedSseEnabled: 'true', VisibilityTimeout: '30', ApproximateNumberOfMessages: '0' });
    expect(JSON.parse(Attributes!.Policy!).Statement[0].Principal.Service).toBe('events.amazonaws.com');
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '60' } }));
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }))).Attributes).toEqual({ VisibilityTimeout: '60' });
    // The same name with the same attributes is the same queue; other attributes are refused.
    expect((await sqs.send(new CreateQueueCommand({ QueueName: 'shapes', Attributes: { MessageRetentionPeriod: '86400' } }))).QueueUrl).toBe(QueueUrl);
    const exists = await errorOf(sqs.send(new CreateQueueCommand({ QueueName: 'shapes', Attributes: { MessageRetentionPeriod: '600' } })));
    expect(exists).toMatchObject({ name: 'QueueNameExists', Code: 'QueueAlreadyExists' });
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'sha' }))).QueueUrls).toEqual([QueueUrl]);
  });

  it('answers with SQS errors and their query codes', async () => {
    const missing = await errorOf(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })));
    expect(missing).toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.' });
    expect(await errorOf(sqs.send(new CreateQueueCommand({ QueueName: 'bad', Attributes: { MessageRetentionPeriod: '30' } })))).toMatchObject({ name: 'InvalidAttributeValue' });
    expect(await errorOf(sqs.send(new CreateQueueCommand({ QueueName: 'bad', Attributes: { Colour: 'red' } as Record<string, string> })))).toMatchObject({ name: 'InvalidAttributeName' });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'gone' }));
    const many = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, ReceiptHandle: 'x' }));
    expect(await errorOf(sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: many })))).toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
    expect(await errorOf(sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', ReceiptHandle: 'x' }, { Id: 'a', ReceiptHandle: 'y' }] })))).toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
    expect(await errorOf(sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })))).toMatchObject({ name: 'InvalidParameterValue' });
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    expect(await errorOf(sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })))).toMatchObject({ name: 'QueueDoesNotExist' });
    expect(await errorOf(sqs.send(new CreateQueueCommand({ QueueName: 'gone' })))).toMatchObject({ name: 'QueueDeletedRecently' });
  });

  it('holds a long poll until a message arrives, and a deleted message is gone', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'poll' }));
    const began = Date.now();
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    await new Promise((r) => setTimeout(r, 300));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const { Messages = [] } = await receiving;
    expect(Date.now() - began).toBeLessThan(9_000);
    expect(Messages.map((m) => m.Body)).toEqual(['hello']);
    expect(Messages[0].Attributes?.ApproximateReceiveCount).toBe('1');
    const { Successful, Failed } = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', ReceiptHandle: Messages[0].ReceiptHandle }, { Id: 'b', ReceiptHandle: 'bogus' }] }));
    expect(Successful?.map((s) => s.Id)).toEqual(['a']);
    expect(Failed).toEqual([expect.objectContaining({ Id: 'b', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }))).Messages).toBeUndefined();
  });
});

describe('EventBridge rules and targets (JSON 1.1)', () => {
  it('puts, describes, lists, tags and deletes a rule and its target', async () => {
    const { RuleArn } = await events.send(new PutRuleCommand({ Name: 'crud', EventPattern: '{"source":["aws.ecs"]}', Tags: [{ Key: 'app', Value: 'wharf' }] }));
    expect(RuleArn).toBe(ruleArn('crud'));
    expect(await events.send(new DescribeRuleCommand({ Name: 'crud' }))).toMatchObject({ Name: 'crud', Arn: RuleArn, State: 'ENABLED', EventBusName: 'default', EventPattern: '{"source":["aws.ecs"]}' });
    expect((await events.send(new ListRulesCommand({ NamePrefix: 'cr' }))).Rules?.map((r) => r.Name)).toEqual(['crud']);
    await events.send(new TagResourceCommand({ ResourceARN: RuleArn, Tags: [{ Key: 'more', Value: 'yes' }] }));
    expect((await events.send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([{ Key: 'app', Value: 'wharf' }, { Key: 'more', Value: 'yes' }]);
    const put = await events.send(new PutTargetsCommand({ Rule: 'crud', Targets: [{ Id: 't1', Arn: queueArn('whatever') }] }));
    expect(put.FailedEntryCount).toBe(0);
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'crud' }))).Targets).toEqual([{ Id: 't1', Arn: queueArn('whatever') }]);
    const blocked = await errorOf(events.send(new DeleteRuleCommand({ Name: 'crud' })));
    expect(blocked).toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });
    await events.send(new RemoveTargetsCommand({ Rule: 'crud', Ids: ['t1'] }));
    await events.send(new DeleteRuleCommand({ Name: 'crud' }));
    expect(await errorOf(events.send(new DescribeRuleCommand({ Name: 'crud' })))).toMatchObject({ name: 'ResourceNotFoundException', message: 'Rule crud does not exist on EventBus default.' });
  });

  it('refuses a pattern that is not one', async () => {
    expect(await errorOf(events.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"aws.ecs"}' })))).toMatchObject({ name: 'InvalidEventPatternException' });
    expect(await errorOf(events.send(new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 'x', Arn: queueArn('x') }] })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe("ECS's events through a rule to a queue", () => {
  it('delivers task state changes in the guide\'s shape when a service scales', async () => {
    const url = await routed('ecs-all');
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: 4 }));
    const messages = await drain(url, (all) => all.some((m) => bodyOf(m)['detail-type'] === 'ECS Task State Change' && bodyOf(m).detail.group === 'service:checkout'));
    const event = messages.map(bodyOf).find((e) => e['detail-type'] === 'ECS Task State Change' && e.detail.group === 'service:checkout')!;
    expect(event).toMatchObject({ version: '0', source: 'aws.ecs', account: account(), region: region() });
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event.resources).toEqual([event.detail.taskArn]);
    expect(event.detail).toMatchObject({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', launchType: 'FARGATE', clusterArn: expect.stringContaining(':cluster/prod-fargate') });
    expect(typeof event.detail.version).toBe('number');
    expect(event.detail.updatedAt).toMatch(/Z$/);
    expect(event.detail.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await events.send(new RemoveTargetsCommand({ Rule: 'ecs-all', Ids: ['q'] }));
  });

  it('reports a drained instance with a newer version, and its tasks stopping', async () => {
    const url = await routed('drain', { source: ['aws.ecs'], 'detail-type': ['ECS Container Instance State Change', 'ECS Task State Change'] });
    const { containerInstanceArns = [] } = await h.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod-ec2', status: 'ACTIVE' }));
    const busiest = (await h.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'prod-ec2', containerInstances: containerInstanceArns })))
      .containerInstances!.sort((a, b) => (b.runningTasksCount ?? 0) - (a.runningTasksCount ?? 0))[0];
    await h.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'prod-ec2', containerInstances: [busiest.containerInstanceArn!], status: 'DRAINING' }));
    const isDrained = (m: Message) => bodyOf(m)['detail-type'] === 'ECS Container Instance State Change' && bodyOf(m).detail.status === 'DRAINING';
    const messages = await drain(url, (all) => all.some(isDrained) && all.some((m) => bodyOf(m).detail.desiredStatus === 'STOPPED'));
    const drained = bodyOf(messages.find(isDrained)!);
    expect(drained.resources).toEqual([busiest.containerInstanceArn]);
    expect(drained.detail).toMatchObject({ containerInstanceArn: busiest.containerInstanceArn, clusterArn: expect.stringContaining(':cluster/prod-ec2'), agentConnected: true });
    expect(drained.detail.version as number).toBeGreaterThan(busiest.version!);
    const stopping = messages.map(bodyOf).filter((e) => e.detail.desiredStatus === 'STOPPED');
    expect(stopping.every((e) => e.detail.containerInstanceArn === busiest.containerInstanceArn && e.detail.stopCode === 'ServiceSchedulerInitiated')).toBe(true);
    await events.send(new RemoveTargetsCommand({ Rule: 'drain', Ids: ['q'] }));
  });

  it('delivers nothing to a queue whose policy does not let the rule send', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'closed', Attributes: { Policy: policyFor('closed', 'someone-else') } }));
    await events.send(new PutRuleCommand({ Name: 'closed', EventPattern: '{"source":["aws.ecs"]}' }));
    await events.send(new PutTargetsCommand({ Rule: 'closed', Targets: [{ Id: 'q', Arn: queueArn('closed') }] }));
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'checkout', desiredCount: 3 }));
    const state = await (await fetch(`${h.sim.endpoint}/__sim/state`, { headers: { authorization: `Bearer ${h.sim.credentials.secretAccessKey}`, 'content-type': 'application/json' } })).json() as { events: Record<string, { failed: number }> };
    expect(state.events[region()].failed).toBeGreaterThan(0);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages).toBeUndefined();
    await events.send(new RemoveTargetsCommand({ Rule: 'closed', Ids: ['q'] }));
  });

  it('delivers each event twice with a duplicate rate of 1, and none with a drop rate of 1', async () => {
    // Faults first: every event the rule routes from its first one on comes twice.
    h.sim.setFaults({ eventDuplicateRate: 1, eventReorderRate: 0 });
    const url = await routed('dupes', { source: ['aws.ecs'], 'detail-type': ['ECS Task State Change'] });
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'search', desiredCount: 5 }));
    const messages = await drain(url, (all) => all.length >= 2 && new Set(all.map((m) => bodyOf(m).id)).size * 2 <= all.length);
    const ids = messages.map((m) => bodyOf(m).id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of new Set(ids)) expect(ids.filter((x) => x === id).length).toBe(2);

    h.sim.setFaults({ eventDuplicateRate: 0, eventDropRate: 1 });
    await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod-fargate', service: 'search', desiredCount: 6 }));
    expect(await drain(url, () => false, 2_500)).toEqual([]);
    h.sim.setFaults({ eventDropRate: 0, eventDuplicateRate: 0.02, eventReorderRate: 0.03 });
  });
});
