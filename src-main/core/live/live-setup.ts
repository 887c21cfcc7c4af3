import {
  DeleteRuleCommand, DescribeRuleCommand, ListRulesCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand,
  type EventBridgeClient, type Rule,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LiveConfig } from '../../contract/domains/live';
import { WharfError } from '../../contract/errors';
import { ECS_EVENT_PATTERN, isAllEcsPattern, liveTags, parseQueueArn, QUEUE_ATTRIBUTES, queuePolicy, routesHeartbeats, ruleNameOf, type LiveNames } from './live-names';

/**
 * Setting live events up and taking them down, in AWS. Every step can run again safely (a
 * retry after a lost answer): PutRule and PutTargets are idempotent, CreateQueue returns the
 * same queue for the same name and attributes, and removal takes "already gone" as done.
 */
export interface LiveClients {
  eventbridge: Pick<EventBridgeClient, 'send'>;
  sqs: Pick<SQSClient, 'send'>;
}

const MAX_TARGETS_PER_RULE = 5;

export interface SetUpInput {
  clients: LiveClients;
  names: LiveNames;
  installId: string;
  profile: string;
  region: string;
  accountId: string;
  now: number;
}

export interface SetUpResult {
  config: LiveConfig;
  reusedRule: boolean;
}

export async function setUpLiveEvents(input: SetUpInput): Promise<SetUpResult> {
  const { clients, names, region, accountId } = input;
  const rule = await chooseRule(clients.eventbridge, names, input.installId);
  const queueArn = `arn:aws:sqs:${region}:${accountId}:${names.queue}`;
  const ruleArn = rule.arn ?? `arn:aws:events:${region}:${accountId}:rule/${rule.name}`;
  const tags = liveTags(input.installId, input.profile);
  const Attributes = { ...QUEUE_ATTRIBUTES, Policy: queuePolicy(queueArn, ruleArn) };

  // The queue first, its policy already naming the rule, so no event sent meanwhile is refused.
  let queueUrl: string;
  try {
    queueUrl = (await clients.sqs.send(new CreateQueueCommand({ QueueName: names.queue, Attributes, tags }))).QueueUrl ?? '';
  } catch (err) {
    if ((err as { name?: string }).name !== 'QueueNameExists') throw err;
    // Ours (the name carries this install's id), with other attributes: make them ours again.
    queueUrl = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queue }))).QueueUrl ?? '';
    await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes }));
  }
  // A new rule, or Wharf's own from before heartbeats: put with the pattern that carries them
  // too (PutRule of an existing rule keeps its targets and tags). An account's rule is left as it is.
  if (!rule.existing || (rule.ownedByUs && !routesHeartbeats(rule.pattern))) {
    await clients.eventbridge.send(
      new PutRuleCommand({
        Name: rule.name,
        EventPattern: JSON.stringify(ECS_EVENT_PATTERN),
        State: 'ENABLED',
        Description: 'Wharf live events: every ECS event, to the queue of each Wharf that set this up.',
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }
  const put = await clients.eventbridge.send(new PutTargetsCommand({ Rule: rule.name, Targets: [{ Id: names.targetId, Arn: queueArn }] }));
  if (put.FailedEntryCount) {
    const failed = put.FailedEntries?.[0];
    throw new WharfError('AWS', `EventBridge did not add Wharf's queue to the rule ${rule.name}: ${failed?.ErrorCode ?? ''} ${failed?.ErrorMessage ?? ''}`.trim());
  }
  // The queue really is there and readable with these credentials.
  const attrs = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return {
    reusedRule: rule.existing && !rule.ownedByUs,
    config: {
      profile: input.profile,
      region,
      accountId,
      mode: 'owned',
      queueArn: attrs.Attributes?.QueueArn ?? queueArn,
      queueUrl,
      ruleArn,
      ruleOwned: !rule.existing || rule.ownedByUs,
      targetId: names.targetId,
      setUpAt: input.now,
    },
  };
}

interface ChosenRule {
  name: string;
  arn: string | null;
  existing: boolean;
  /** An existing rule Wharf made (its name), so removal may delete it. */
  ownedByUs: boolean;
  pattern?: string;
}

/**
 * The account's rule for every ECS event if it has one with room for a target (or already
 * sending to this queue); else Wharf's own name, unless that name is taken by another pattern.
 */
async function chooseRule(eventbridge: LiveClients['eventbridge'], names: LiveNames, installId: string): Promise<ChosenRule> {
  const rules: Rule[] = [];
  let nextToken: string | undefined;
  do {
    const page = await eventbridge.send(new ListRulesCommand({ NextToken: nextToken, Limit: 100 }));
    rules.push(...(page.Rules ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  const candidates = rules.filter((r) => r.State === 'ENABLED' && isAllEcsPattern(r.EventPattern) && (!r.EventBusName || r.EventBusName === 'default'));
  // Wharf's own first, then any other.
  candidates.sort((a, b) => Number(b.Name === names.rule) - Number(a.Name === names.rule));
  for (const rule of candidates) {
    const targets = await eventbridge.send(new ListTargetsByRuleCommand({ Rule: rule.Name }));
    const list = targets.Targets ?? [];
    if (list.some((t) => t.Id === names.targetId) || list.length < MAX_TARGETS_PER_RULE) {
      return { name: rule.Name!, arn: rule.Arn ?? null, existing: true, ownedByUs: rule.Name === names.rule || rule.Name === `${names.rule}-${installId}`, pattern: rule.EventPattern };
    }
  }
  const taken = rules.find((r) => r.Name === names.rule);
  const name = taken ? `${names.rule}-${installId}` : names.rule;
  return { name, arn: null, existing: false, ownedByUs: true };
}

/**
 * Takes it down: Wharf's target off the rule, the rule itself when Wharf created it and no
 * other target is left, and the queue when it is Wharf's. An existing queue is never deleted.
 */
export async function removeLiveEvents(clients: LiveClients, config: LiveConfig): Promise<{ ruleDeleted: boolean; queueDeleted: boolean }> {
  let ruleDeleted = false;
  let queueDeleted = false;
  if (config.ruleArn) {
    const rule = ruleNameOf(config.ruleArn);
    try {
      if (config.targetId) await clients.eventbridge.send(new RemoveTargetsCommand({ Rule: rule, Ids: [config.targetId] }));
      if (config.ruleOwned) {
        const left = (await clients.eventbridge.send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets ?? [];
        if (left.length === 0) {
          await clients.eventbridge.send(new DeleteRuleCommand({ Name: rule }));
          ruleDeleted = true;
        }
      }
    } catch (err) {
      if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
      ruleDeleted = config.ruleOwned;
    }
  }
  if (config.mode === 'owned') {
    try {
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: config.queueUrl }));
    } catch (err) {
      if ((err as { name?: string }).name !== 'QueueDoesNotExist') throw err;
    }
    queueDeleted = true;
  }
  return { ruleDeleted, queueDeleted };
}

/** An existing queue: its URL and that these credentials may read it. */
export async function checkExistingQueue(clients: LiveClients, queueArn: string): Promise<{ queueUrl: string }> {
  const parts = parseQueueArn(queueArn);
  if (!parts) throw new WharfError('BAD_REQUEST', `${queueArn} is not an SQS queue ARN.`);
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: parts.name, QueueOwnerAWSAccountId: parts.accountId }));
  await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { queueUrl: QueueUrl ?? '' };
}

/**
 * The rule still routes to the queue: for the health check. `problem` is null when all is well,
 * else what is wrong; `heartbeats` says whether the rule's pattern carries Wharf's heartbeats
 * (a rule set up before them does not: Wharf then sends none, and expects none).
 */
export async function checkRoute(eventbridge: LiveClients['eventbridge'], config: LiveConfig): Promise<{ problem: string | null; heartbeats: boolean }> {
  if (!config.ruleArn) return { problem: null, heartbeats: false };
  const name = ruleNameOf(config.ruleArn);
  try {
    const rule = await eventbridge.send(new DescribeRuleCommand({ Name: name }));
    const heartbeats = routesHeartbeats(rule.EventPattern);
    if (rule.State !== 'ENABLED') return { problem: `The EventBridge rule ${name} is disabled, so ECS's events no longer reach Wharf's queue.`, heartbeats: false };
    const targets = (await eventbridge.send(new ListTargetsByRuleCommand({ Rule: name }))).Targets ?? [];
    if (!targets.some((t) => t.Arn === config.queueArn)) return { problem: `The EventBridge rule ${name} no longer sends to Wharf's queue.`, heartbeats: false };
    return { problem: null, heartbeats };
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return { problem: `The EventBridge rule ${name} was deleted, so ECS's events no longer reach Wharf's queue.`, heartbeats: false };
    throw err;
  }
}
