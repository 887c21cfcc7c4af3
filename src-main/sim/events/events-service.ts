/**
 * EventBridge (the default event bus) as the JS SDK speaks it: JSON 1.1, target prefix
 * AWSEvents, signing name `events`. Rules and targets only: what routing ECS's events to an
 * SQS queue needs. Quotas and errors: docs/aws-quotas.md (EventBridge).
 */
import { randomUUID } from 'node:crypto';
import { SimError, type OperationInput, type ServiceDefinition } from '../http/types';
import { matches, parsePattern } from './event-pattern';
import { DEFAULT_BUS, MAX_RULES_PER_BUS, MAX_TARGETS_PER_RULE, type EventsStore, type Rule, type Target } from './events-store';

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const PAGE_MAX = 100;
const ENTRIES_MAX = 10;
/** A PutEvents entry may be at most 256 KB (EventBridge quotas). */
const MAX_ENTRY_BYTES = 256 * 1024;

function validation(message: string): SimError {
  return new SimError('ValidationException', message);
}

function ruleMissing(name: string): SimError {
  return new SimError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${DEFAULT_BUS}.`);
}

export function eventsService(store: EventsStore): ServiceDefinition {
  const busOf = (input: OperationInput): void => {
    const bus = input.EventBusName;
    if (bus === undefined || bus === null || bus === DEFAULT_BUS || bus === store.busArn()) return;
    throw new SimError('ResourceNotFoundException', `Event bus ${String(bus)} does not exist.`);
  };
  const ruleOf = (input: OperationInput, member: 'Rule' | 'Name'): Rule => {
    busOf(input);
    const name = nameOf(input[member], member === 'Rule' ? 'rule' : 'name');
    const rule = store.rules.get(name);
    if (!rule) throw ruleMissing(name);
    return rule;
  };

  return {
    signingName: 'events',
    targetPrefix: 'AWSEvents',
    protocols: ['json1.1'],
    operations: {
      PutRule(input) {
        busOf(input);
        const name = nameOf(input.Name, 'name');
        const eventPattern = optionalString(input.EventPattern, 'eventPattern');
        const scheduleExpression = optionalString(input.ScheduleExpression, 'scheduleExpression');
        if (eventPattern === undefined && scheduleExpression === undefined) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
        const state = optionalString(input.State, 'state') ?? 'ENABLED';
        if (state !== 'ENABLED' && state !== 'DISABLED') throw validation(`1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`);
        if (!store.rules.has(name) && store.rules.size >= MAX_RULES_PER_BUS) {
          throw new SimError('LimitExceededException', `The requested resource exceeds the maximum number allowed (${MAX_RULES_PER_BUS} rules per event bus).`);
        }
        const rule = store.putRule({
          name, eventPattern, scheduleExpression, state,
          description: optionalString(input.Description, 'description'),
          roleArn: optionalString(input.RoleArn, 'roleArn'),
          tags: tagsOf(input.Tags),
        });
        return { RuleArn: rule.arn };
      },

      DescribeRule(input) {
        const rule = ruleOf(input, 'Name');
        return { ...ruleView(rule), CreatedBy: store.accountId };
      },

      ListRules(input) {
        busOf(input);
        const prefix = optionalString(input.NamePrefix, 'namePrefix') ?? '';
        const rules = [...store.rules.values()].filter((r) => r.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
        const { page, next } = pageOf(rules, input);
        return { Rules: page.map(ruleView), ...(next ? { NextToken: next } : {}) };
      },

      EnableRule(input) {
        ruleOf(input, 'Name').state = 'ENABLED';
        return {};
      },

      DisableRule(input) {
        ruleOf(input, 'Name').state = 'DISABLED';
        return {};
      },

      DeleteRule(input) {
        busOf(input);
        const name = nameOf(input.Name, 'name');
        const rule = store.rules.get(name);
        if (!rule) return {};
        if (rule.targets.size > 0 && input.Force !== true) throw validation('Rule can\'t be deleted since it has targets.');
        store.rules.delete(name);
        return {};
      },

      PutTargets(input) {
        const rule = ruleOf(input, 'Rule');
        const targets = input.Targets;
        if (!Array.isArray(targets) || targets.length === 0) throw validation('1 validation error detected: Value at \'targets\' failed to satisfy constraint: Member must have length greater than or equal to 1');
        if (targets.length > ENTRIES_MAX) throw validation(`1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to ${ENTRIES_MAX}`);
        const failed: Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> = [];
        const adding = (targets as Array<Record<string, unknown>>).filter((t) => !rule.targets.has(String(t.Id))).length;
        if (rule.targets.size + adding > MAX_TARGETS_PER_RULE) {
          throw new SimError('LimitExceededException', `The requested resource exceeds the maximum number allowed (${MAX_TARGETS_PER_RULE} targets per rule).`);
        }
        for (const raw of targets as Array<Record<string, unknown>>) {
          const id = typeof raw.Id === 'string' ? raw.Id : '';
          if (!NAME.test(id)) throw validation(`1 validation error detected: Value '${id}' at 'targets.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
          const arn = typeof raw.Arn === 'string' ? raw.Arn : '';
          if (!arn.startsWith('arn:')) {
            failed.push({ TargetId: id, ErrorCode: 'ValidationException', ErrorMessage: `Parameter ${arn} is not valid. Reason: Provided Arn is not in correct format.` });
            continue;
          }
          const target: Target = { Id: id, Arn: arn };
          if (typeof raw.RoleArn === 'string') target.RoleArn = raw.RoleArn;
          if (typeof raw.Input === 'string') target.Input = raw.Input;
          if (typeof raw.InputPath === 'string') target.InputPath = raw.InputPath;
          rule.targets.set(id, target);
        }
        return { FailedEntryCount: failed.length, FailedEntries: failed };
      },

      RemoveTargets(input) {
        const rule = ruleOf(input, 'Rule');
        const ids = input.Ids;
        if (!Array.isArray(ids) || ids.length === 0) throw validation('1 validation error detected: Value at \'ids\' failed to satisfy constraint: Member must have length greater than or equal to 1');
        if (ids.length > ENTRIES_MAX) throw validation(`1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length less than or equal to ${ENTRIES_MAX}`);
        for (const id of ids) rule.targets.delete(String(id));
        return { FailedEntryCount: 0, FailedEntries: [] };
      },

      ListTargetsByRule(input) {
        const rule = ruleOf(input, 'Rule');
        const { page, next } = pageOf([...rule.targets.values()], input);
        return { Targets: page.map((t) => ({ ...t })), ...(next ? { NextToken: next } : {}) };
      },

      ListRuleNamesByTarget(input) {
        busOf(input);
        const arn = optionalString(input.TargetArn, 'targetArn') ?? '';
        const names = [...store.rules.values()].filter((r) => [...r.targets.values()].some((t) => t.Arn === arn)).map((r) => r.name).sort();
        const { page, next } = pageOf(names, input);
        return { RuleNames: page, ...(next ? { NextToken: next } : {}) };
      },

      TagResource(input) {
        const rule = ruleByArn(input.ResourceARN);
        Object.assign(rule.tags, tagsOf(input.Tags));
        return {};
      },

      UntagResource(input) {
        const rule = ruleByArn(input.ResourceARN);
        for (const key of Array.isArray(input.TagKeys) ? input.TagKeys : []) delete rule.tags[String(key)];
        return {};
      },

      ListTagsForResource(input) {
        const rule = ruleByArn(input.ResourceARN);
        return { Tags: Object.entries(rule.tags).map(([Key, Value]) => ({ Key, Value })) };
      },

      /**
       * Custom events onto the default bus (PutEvents in the EventBridge API reference): 1 to 10
       * entries; each needs Source, DetailType and Detail (a JSON object); a source beginning
       * "aws." is AWS's own (NotAuthorizedForSourceException). A failed entry fails alone: its
       * result carries ErrorCode and ErrorMessage, the others their EventId.
       */
      PutEvents(input, ctx) {
        const entries = input.Entries;
        if (!Array.isArray(entries) || entries.length === 0) throw validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
        if (entries.length > ENTRIES_MAX) throw validation(`1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${ENTRIES_MAX}`);
        const results: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }> = [];
        for (const raw of entries as Array<Record<string, unknown>>) {
          const failed = (ErrorCode: string, ErrorMessage: string) => results.push({ ErrorCode, ErrorMessage });
          const bus = raw.EventBusName;
          if (bus !== undefined && bus !== null && bus !== DEFAULT_BUS && bus !== store.busArn()) {
            failed('InvalidArgument', `Event bus ${String(bus)} does not exist.`);
            continue;
          }
          const source = typeof raw.Source === 'string' ? raw.Source : '';
          const detailType = typeof raw.DetailType === 'string' ? raw.DetailType : '';
          if (!source) { failed('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.'); continue; }
          if (!detailType) { failed('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.'); continue; }
          if (source.startsWith('aws.')) { failed('NotAuthorizedForSourceException', 'Not authorized for the source.'); continue; }
          let detail: unknown;
          try {
            detail = JSON.parse(typeof raw.Detail === 'string' ? raw.Detail : '');
          } catch {
            detail = undefined;
          }
          if (!detail || typeof detail !== 'object' || Array.isArray(detail)) { failed('MalformedDetail', 'Detail is malformed.'); continue; }
          const size = Buffer.byteLength(JSON.stringify(raw), 'utf8');
          if (size > MAX_ENTRY_BYTES) { failed('InvalidArgument', `Total size of the entries in the request is over the limit (${MAX_ENTRY_BYTES} bytes).`); continue; }
          const id = randomUUID();
          const time = raw.Time instanceof Date || typeof raw.Time === 'number' || typeof raw.Time === 'string' ? new Date(typeof raw.Time === 'number' && raw.Time < 1e12 ? raw.Time * 1000 : (raw.Time as string | number | Date)) : new Date(ctx.now);
          const resources = Array.isArray(raw.Resources) ? raw.Resources.map(String) : [];
          store.publish?.({ version: '0', id, 'detail-type': detailType, source, account: store.accountId, time: (Number.isNaN(time.getTime()) ? new Date(ctx.now) : time).toISOString().replace(/\.\d{3}Z$/, 'Z'), region: store.region, resources, detail: detail as Record<string, unknown> });
          results.push({ EventId: id });
        }
        return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
      },

      TestEventPattern(input) {
        const pattern = parsePattern(String(input.EventPattern ?? ''));
        let event: unknown;
        try {
          event = JSON.parse(String(input.Event ?? ''));
        } catch {
          throw validation('Parameter Event is not valid.');
        }
        return { Result: matches(pattern, event) };
      },
    },
  };

  function ruleByArn(arn: unknown): Rule {
    const rule = typeof arn === 'string' ? store.ruleByArn(arn) : undefined;
    if (!rule) throw new SimError('ResourceNotFoundException', `Rule ${String(arn)} does not exist.`);
    return rule;
  }
}

function ruleView(rule: Rule): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    RoleArn: rule.roleArn,
    EventBusName: DEFAULT_BUS,
  };
}

function nameOf(value: unknown, member: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw validation(`1 validation error detected: Value '${String(value ?? '')}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
  }
  return value;
}

function optionalString(value: unknown, member: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`1 validation error detected: Value at '${member}' must be a string`);
  return value;
}

function tagsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(value)) return out;
  for (const tag of value as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof tag?.Key !== 'string' || typeof tag.Value !== 'string') throw validation('Tags must each have a Key and a Value.');
    out[tag.Key] = tag.Value;
  }
  return out;
}

function pageOf<T>(items: T[], input: OperationInput): { page: T[]; next?: string } {
  const limit = input.Limit === undefined ? PAGE_MAX : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw validation(`1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${PAGE_MAX}`);
  const start = typeof input.NextToken === 'string' ? Number.parseInt(Buffer.from(input.NextToken, 'base64').toString('utf8'), 10) || 0 : 0;
  const page = items.slice(start, start + limit);
  return { page, next: start + limit < items.length ? Buffer.from(String(start + limit), 'utf8').toString('base64') : undefined };
}
