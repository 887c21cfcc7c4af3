/**
 * SQS as the current JS SDK speaks it: JSON 1.0 (target prefix AmazonSQS) with the model's
 * awsQueryCompatible trait, so errors also carry their query-protocol code in
 * `x-amzn-query-error` (AWS.SimpleQueueService.NonExistentQueue...), which the SDK reads.
 * Standard queues only. Limits and defaults: docs/aws-quotas.md (SQS).
 */
import { SimError, type OperationInput, type RequestContext, type ServiceDefinition } from '../http/types';
import { parsePolicy } from './queue-policy';
import { MAX_IN_FLIGHT, MAX_RECEIVE, MAX_WAIT_SECONDS, PURGE_IN_PROGRESS_MS, type Queue, type SqsStore } from './sqs-store';

/** Shape name -> the query code the model gives it (`awsQueryError`), where they differ. */
export const SQS_QUERY_ERROR_CODES: Record<string, string> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};

/** Settable attributes and their valid ranges (CreateQueue in the SQS API reference). */
const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
const SETTABLE = new Set([...Object.keys(RANGES), 'Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'SqsManagedSseEnabled']);
const FIFO_ONLY = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const READABLE = new Set([
  ...SETTABLE, 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp', 'LastModifiedTimestamp', 'QueueArn',
]);
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const LIST_MAX = 1000;

const queueMissing = () => new SimError('QueueDoesNotExist', 'The specified queue does not exist.');

export function sqsService(store: SqsStore): ServiceDefinition {
  const queueOf = (input: OperationInput): Queue => {
    const url = input.QueueUrl;
    if (typeof url !== 'string' || url === '') throw new SimError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    const name = queueNameOfUrl(url, store.accountId);
    const queue = name ? store.get(name) : undefined;
    if (!queue) throw queueMissing();
    return queue;
  };

  return {
    signingName: 'sqs',
    targetPrefix: 'AmazonSQS',
    protocols: ['json1.0'],
    awsQueryCompatible: true,
    queryErrorCodes: SQS_QUERY_ERROR_CODES,
    operations: {
      CreateQueue(input, ctx) {
        const name = requiredString(input.QueueName, 'QueueName');
        if (!QUEUE_NAME.test(name)) {
          throw new SimError('InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
        }
        const attributes = validAttributes(input.Attributes, true);
        const existing = store.get(name);
        if (existing) {
          for (const [key, value] of Object.entries(attributes)) {
            if (existing.attributes[key] !== value) throw new SimError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${key}`);
          }
          return { QueueUrl: existing.url };
        }
        if (store.recentlyDeleted(name, ctx.now)) {
          throw new SimError('QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another with the same name.');
        }
        const tags = stringMap(input.tags, 'tags');
        return { QueueUrl: store.create(name, queueUrl(ctx, store.accountId, name), attributes, tags, ctx.now).url };
      },

      GetQueueUrl(input) {
        const name = requiredString(input.QueueName, 'QueueName');
        const owner = input.QueueOwnerAWSAccountId;
        const queue = owner === undefined || owner === store.accountId ? store.get(name) : undefined;
        if (!queue) throw queueMissing();
        return { QueueUrl: queue.url };
      },

      GetQueueAttributes(input, ctx) {
        const queue = queueOf(input);
        const names = stringList(input.AttributeNames, 'AttributeNames');
        for (const n of names) if (n !== 'All' && !READABLE.has(n) && !FIFO_ONLY.has(n)) throw new SimError('InvalidAttributeName', `Unknown Attribute ${n}.`);
        const all = attributesOf(store, queue, ctx.now);
        const wanted = names.includes('All') ? Object.keys(all) : names;
        const Attributes: Record<string, string> = {};
        for (const n of wanted) if (all[n] !== undefined) Attributes[n] = all[n];
        return Object.keys(Attributes).length ? { Attributes } : {};
      },

      SetQueueAttributes(input, ctx) {
        const queue = queueOf(input);
        const attributes = validAttributes(input.Attributes, false);
        Object.assign(queue.attributes, attributes);
        if (attributes.KmsMasterKeyId) queue.attributes.SqsManagedSseEnabled = 'false';
        if (attributes.SqsManagedSseEnabled === 'true') delete queue.attributes.KmsMasterKeyId;
        queue.lastModifiedAt = ctx.now;
        return {};
      },

      async ReceiveMessage(input, ctx) {
        const queue = queueOf(input);
        const max = intParameter(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, MAX_RECEIVE) ?? 1;
        const wait = intParameter(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, MAX_WAIT_SECONDS) ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds);
        const visibility = intParameter(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200) ?? Number(queue.attributes.VisibilityTimeout);
        const systemNames = new Set([...stringList(input.MessageSystemAttributeNames, 'MessageSystemAttributeNames'), ...stringList(input.AttributeNames, 'AttributeNames')]);
        if (wait === 0 && store.inFlight(queue, ctx.now) >= MAX_IN_FLIGHT) {
          throw new SimError('OverLimit', 'Too many messages in flight: delete the messages you have processed.');
        }
        const deadline = Date.now() + wait * 1000;
        let messages = store.take(queue, max, visibility * 1000, ctx.now);
        while (messages.length === 0 && Date.now() < deadline && store.get(queue.name) === queue && !ctx.signal?.aborted) {
          // A message becomes visible again when its visibility timeout ends: the long poll
          // answers then, as on SQS (sim ms taken as real ms: the clock's speed is 1 or stopped).
          const nextVisible = store.nextVisibleIn(queue, ctx.clock?.() ?? ctx.now);
          await store.waitForMessage(queue, Math.max(50, Math.min(deadline - Date.now(), nextVisible ?? Infinity)), ctx.signal);
          // A caller that hung up gets nothing: its messages stay visible for the next one.
          if (ctx.signal?.aborted) return {};
          messages = store.take(queue, max, visibility * 1000, ctx.clock?.() ?? ctx.now);
        }
        if (messages.length === 0) return {};
        return {
          Messages: messages.map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.receipt,
            MD5OfBody: m.md5OfBody,
            Body: m.body,
            Attributes: systemAttributes(m, systemNames),
          })),
        };
      },

      DeleteMessage(input) {
        const queue = queueOf(input);
        const receipt = requiredString(input.ReceiptHandle, 'ReceiptHandle');
        if (!store.deleteByReceipt(queue, receipt)) throw new SimError('ReceiptHandleIsInvalid', `The input receipt handle "${receipt}" is not a valid receipt handle.`, 404);
        return {};
      },

      DeleteMessageBatch(input) {
        const queue = queueOf(input);
        const entries = batchEntries(input.Entries);
        const Successful: Array<{ Id: string }> = [];
        const Failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }> = [];
        for (const entry of entries) {
          const receipt = typeof entry.ReceiptHandle === 'string' ? entry.ReceiptHandle : '';
          if (receipt && store.deleteByReceipt(queue, receipt)) Successful.push({ Id: entry.Id });
          else Failed.push({ Id: entry.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: `The input receipt handle "${receipt}" is not a valid receipt handle.` });
        }
        return { Successful, Failed };
      },

      SendMessage(input, ctx) {
        const queue = queueOf(input);
        const body = requiredString(input.MessageBody, 'MessageBody');
        const limit = Number(queue.attributes.MaximumMessageSize);
        if (Buffer.byteLength(body, 'utf8') > limit) {
          throw new SimError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`);
        }
        const delay = intParameter(input.DelaySeconds, 'DelaySeconds', 0, 900);
        const message = store.send(queue, body, ctx.now, ctx.accessKeyId, delay);
        return { MessageId: message.id, MD5OfMessageBody: message.md5OfBody };
      },

      /**
       * Every message of the queue, in flight ones too, is deleted (the sim does it at once;
       * SQS takes up to 60 s, and may still hand out a message sent before the purge in that
       * minute). A second purge within 60 s: PurgeQueueInProgress.
       */
      PurgeQueue(input, ctx) {
        const queue = queueOf(input);
        if (queue.purgedAt !== undefined && ctx.now - queue.purgedAt < PURGE_IN_PROGRESS_MS) {
          throw new SimError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`);
        }
        store.purge(queue, ctx.now);
        return {};
      },

      /** A received message's visibility from now (0 to 12 hours); only for a message in flight. */
      ChangeMessageVisibility(input, ctx) {
        const queue = queueOf(input);
        const receipt = requiredString(input.ReceiptHandle, 'ReceiptHandle');
        const seconds = intParameter(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
        if (seconds === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter VisibilityTimeout.');
        const outcome = store.changeVisibility(queue, receipt, seconds * 1000, ctx.now);
        if (outcome === 'invalid') throw new SimError('ReceiptHandleIsInvalid', `The input receipt handle "${receipt}" is not a valid receipt handle.`, 404);
        if (outcome === 'not-in-flight') throw new SimError('MessageNotInflight', 'The message referred to is not in flight.');
        return {};
      },

      DeleteQueue(input, ctx) {
        store.delete(queueOf(input), ctx.now);
        return {};
      },

      ListQueues(input) {
        const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
        const max = intParameter(input.MaxResults, 'MaxResults', 1, LIST_MAX);
        const start = typeof input.NextToken === 'string' ? Number.parseInt(Buffer.from(input.NextToken, 'base64').toString('utf8'), 10) || 0 : 0;
        const urls = store.all().filter((q) => q.name.startsWith(prefix)).map((q) => q.url).sort();
        const size = max ?? LIST_MAX;
        const page = urls.slice(start, start + size);
        const more = max !== undefined && start + size < urls.length;
        return {
          ...(page.length ? { QueueUrls: page } : {}),
          ...(more ? { NextToken: Buffer.from(String(start + size), 'utf8').toString('base64') } : {}),
        };
      },

      ListQueueTags(input) {
        const queue = queueOf(input);
        return Object.keys(queue.tags).length ? { Tags: { ...queue.tags } } : {};
      },

      TagQueue(input) {
        const queue = queueOf(input);
        Object.assign(queue.tags, stringMap(input.Tags, 'Tags'));
        return {};
      },

      UntagQueue(input) {
        const queue = queueOf(input);
        for (const key of stringList(input.TagKeys, 'TagKeys')) delete queue.tags[key];
        return {};
      },
    },
  };
}

/** `http://host/123456789012/name` -> name, when the account is this one. */
export function queueNameOfUrl(url: string, accountId: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const [account, name, ...rest] = path.split('/').filter(Boolean);
  return account === accountId && name && rest.length === 0 ? name : null;
}

function queueUrl(ctx: RequestContext, accountId: string, name: string): string {
  return `http://${ctx.host ?? '127.0.0.1'}/${accountId}/${name}`;
}

function attributesOf(store: SqsStore, queue: Queue, now: number): Record<string, string> {
  store.expire(queue, now);
  let visible = 0;
  let notVisible = 0;
  let delayed = 0;
  for (const m of queue.messages) {
    if (m.visibleAt <= now) visible++;
    else if (m.receiveCount > 0) notVisible++;
    else delayed++;
  }
  return {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(notVisible),
    ApproximateNumberOfMessagesDelayed: String(delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
    ...queue.attributes,
  };
}

function systemAttributes(m: { senderId: string; sentAt: number; receiveCount: number; firstReceivedAt?: number }, names: Set<string>): Record<string, string> | undefined {
  const all: Record<string, string> = {
    SenderId: m.senderId,
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
  };
  if (names.size === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) if (names.has('All') || names.has(key)) out[key] = value;
  return Object.keys(out).length ? out : undefined;
}

function validAttributes(value: unknown, creating: boolean): Record<string, string> {
  const attributes = stringMap(value, 'Attributes');
  for (const [name, text] of Object.entries(attributes)) {
    if (FIFO_ONLY.has(name)) {
      if (name === 'FifoQueue' && text === 'false') {
        delete attributes[name];
        continue;
      }
      throw new SimError('UnsupportedOperation', 'The sim has standard queues only: FIFO queues are not simulated.');
    }
    if (!SETTABLE.has(name)) throw new SimError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    const range = RANGES[name];
    if (range) {
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < range[0] || n > range[1]) throw new SimError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
    if ((name === 'Policy' || name === 'RedrivePolicy' || name === 'RedriveAllowPolicy') && text !== '' && (name === 'Policy' ? parsePolicy(text) === null : !isJsonObject(text))) {
      throw new SimError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
    if (name === 'SqsManagedSseEnabled' && text !== 'true' && text !== 'false') throw new SimError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
  }
  if (attributes.SqsManagedSseEnabled === 'true' && attributes.KmsMasterKeyId) {
    throw new SimError('InvalidAttributeValue', 'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
  }
  if (creating && attributes.KmsMasterKeyId && attributes.SqsManagedSseEnabled === undefined) attributes.SqsManagedSseEnabled = 'false';
  return attributes;
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function batchEntries(value: unknown): Array<{ Id: string; ReceiptHandle?: unknown }> {
  if (!Array.isArray(value) || value.length === 0) throw new SimError('EmptyBatchRequest', 'There should be at least one DeleteMessageBatchRequestEntry in the request.');
  if (value.length > 10) throw new SimError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${value.length}.`);
  const ids = new Set<string>();
  for (const entry of value as Array<{ Id?: unknown }>) {
    if (typeof entry?.Id !== 'string' || !BATCH_ID.test(entry.Id)) {
      throw new SimError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
    }
    if (ids.has(entry.Id)) throw new SimError('BatchEntryIdsNotDistinct', `Id ${entry.Id} repeated.`);
    ids.add(entry.Id);
  }
  return value as Array<{ Id: string; ReceiptHandle?: unknown }>;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new SimError('MissingParameter', `The request must contain the parameter ${name}.`);
  return value;
}

function stringList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new SimError('InvalidParameterValue', `${name} must be a list of strings.`);
  return value as string[];
}

function stringMap(value: unknown, name: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new SimError('InvalidParameterValue', `${name} must be a map of strings.`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new SimError('InvalidParameterValue', `${name}.${key} must be a string.`);
    out[key] = v;
  }
  return out;
}

function intParameter(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SimError('InvalidParameterValue', `Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`);
  }
  return n;
}
