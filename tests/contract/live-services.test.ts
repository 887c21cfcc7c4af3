/**
 * The sim's SQS and EventBridge answers against the schemas the current JS SDK ships for them
 * (written by nobody here): every member the sim sends is one the SDK knows, of its type.
 */
import { describe, expect, it } from 'vitest';
import { EventsStore } from '../../src-main/sim/events/events-store';
import { eventsService } from '../../src-main/sim/events/events-service';
import { SqsStore } from '../../src-main/sim/sqs/sqs-store';
import { sqsService } from '../../src-main/sim/sqs/sqs-service';
import type { RequestContext } from '../../src-main/sim/http/types';
import { validateAgainstSdk } from './sdk-schema';

const ctx: RequestContext = { accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', now: Date.UTC(2026, 0, 1), requestId: 'r', host: '127.0.0.1:4566' };
const ACCOUNT = '123456789012';

describe('SQS outputs match @aws-sdk/client-sqs', () => {
  const sqs = sqsService(new SqsStore(ACCOUNT, 'us-east-1'));
  const run = (op: string, input: Record<string, unknown>) => Promise.resolve(sqs.operations[op](input, ctx));

  it('for every operation live events use', async () => {
    const client = (await import('@aws-sdk/client-sqs')) as unknown as Record<string, unknown>;
    const created = (await run('CreateQueue', { QueueName: 'q', Attributes: { MessageRetentionPeriod: '86400' }, tags: { a: 'b' } })) as { QueueUrl: string };
    const QueueUrl = created.QueueUrl;
    await run('SendMessage', { QueueUrl, MessageBody: '{"source":"aws.ecs"}' });
    const received = (await run('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] })) as { Messages: Array<{ ReceiptHandle: string }> };
    const changed = await run('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: received.Messages[0].ReceiptHandle, VisibilityTimeout: 10 });
    const outputs: Array<[string, unknown]> = [
      ['CreateQueue', created],
      ['GetQueueUrl', await run('GetQueueUrl', { QueueName: 'q' })],
      ['GetQueueAttributes', await run('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] })],
      ['ListQueues', await run('ListQueues', { MaxResults: 1 })],
      ['ListQueueTags', await run('ListQueueTags', { QueueUrl })],
      ['ReceiveMessage', received],
      ['ChangeMessageVisibility', changed],
      ['DeleteMessageBatch', await run('DeleteMessageBatch', { QueueUrl, Entries: [{ Id: 'a', ReceiptHandle: received.Messages[0].ReceiptHandle }, { Id: 'b', ReceiptHandle: 'nope' }] })],
      ['SetQueueAttributes', await run('SetQueueAttributes', { QueueUrl, Attributes: { VisibilityTimeout: '60' } })],
      ['PurgeQueue', await run('PurgeQueue', { QueueUrl })],
      ['DeleteQueue', await run('DeleteQueue', { QueueUrl })],
    ];
    for (const [operation, output] of outputs) expect(validateAgainstSdk(client, operation, output), operation).toEqual([]);
    // Not vacuous: a member the SDK does not know, or of another type, is named.
    expect(validateAgainstSdk(client, 'ReceiveMessage', { Messages: [{ Body: 1, Bogus: 'x' }] })).toHaveLength(2);
  });
});

describe('EventBridge outputs match @aws-sdk/client-eventbridge', () => {
  const events = eventsService(new EventsStore(ACCOUNT, 'us-east-1'));
  const run = (op: string, input: Record<string, unknown>) => Promise.resolve(events.operations[op](input, ctx));

  it('for every operation live events use', async () => {
    const client = (await import('@aws-sdk/client-eventbridge')) as unknown as Record<string, unknown>;
    const put = await run('PutRule', { Name: 'r', EventPattern: '{"source":["aws.ecs"]}', Tags: [{ Key: 'a', Value: 'b' }] });
    const outputs: Array<[string, unknown]> = [
      ['PutRule', put],
      ['PutTargets', await run('PutTargets', { Rule: 'r', Targets: [{ Id: 't', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` }, { Id: 'u', Arn: 'nope' }] })],
      ['DescribeRule', await run('DescribeRule', { Name: 'r' })],
      ['ListRules', await run('ListRules', { Limit: 1 })],
      ['ListTargetsByRule', await run('ListTargetsByRule', { Rule: 'r' })],
      ['ListTagsForResource', await run('ListTagsForResource', { ResourceARN: (put as { RuleArn: string }).RuleArn })],
      ['TagResource', await run('TagResource', { ResourceARN: (put as { RuleArn: string }).RuleArn, Tags: [{ Key: 'c', Value: 'd' }] })],
      ['PutEvents', await run('PutEvents', { Entries: [{ Source: 'wharf.live', DetailType: 'Wharf Live Heartbeat', Detail: '{"seq":1}' }, { Source: 'aws.ecs', DetailType: 'x', Detail: '{}' }, { Source: 'wharf.live', DetailType: 'x', Detail: '[' }] })],
      ['RemoveTargets', await run('RemoveTargets', { Rule: 'r', Ids: ['t'] })],
      ['DeleteRule', await run('DeleteRule', { Name: 'r' })],
    ];
    for (const [operation, output] of outputs) expect(validateAgainstSdk(client, operation, output), operation).toEqual([]);
  });
});

describe('the sim answers PutEvents and PurgeQueue as AWS documents them', () => {
  it('fails an aws.* source or a malformed detail per entry, and refuses a second purge within 60 s', async () => {
    const events = eventsService(new EventsStore(ACCOUNT, 'us-east-1'));
    const put = (await events.operations.PutEvents({ Entries: [{ Source: 'wharf.live', DetailType: 'Wharf Live Heartbeat', Detail: '{"seq":1}' }, { Source: 'aws.ecs', DetailType: 'x', Detail: '{}' }, { Source: 'wharf.live', DetailType: 'x', Detail: '[' }] }, ctx)) as { FailedEntryCount: number; Entries: Array<Record<string, string>> };
    expect(put.FailedEntryCount).toBe(2);
    expect(put.Entries[0].EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(put.Entries.slice(1).map((e) => e.ErrorCode)).toEqual(['NotAuthorizedForSourceException', 'MalformedDetail']);
    const sqs = sqsService(new SqsStore(ACCOUNT, 'us-east-1'));
    const { QueueUrl } = (await sqs.operations.CreateQueue({ QueueName: 'p' }, ctx)) as { QueueUrl: string };
    await sqs.operations.PurgeQueue({ QueueUrl }, ctx);
    await expect(Promise.resolve().then(() => sqs.operations.PurgeQueue({ QueueUrl }, { ...ctx, now: ctx.now + 59_000 }))).rejects.toMatchObject({ code: 'PurgeQueueInProgress' });
    await sqs.operations.PurgeQueue({ QueueUrl }, { ...ctx, now: ctx.now + 61_000 });
  });
});
