/**
 * CloudWatch Logs' read API over the sim's LogsStore, as the SDK and the AWS CLI speak it
 * (JSON 1.1). Timestamps are epoch milliseconds, as Logs sends them.
 */
import { SimError, type OperationInput, type ServiceDefinition } from '../http/types';
import { pageOf, pageSizeOf, type PageLimits } from '../ecr/paging';
import { filterLogEvents } from './filter-log-events';
import { getLogEvents, MAX_EVENTS } from './get-log-events';
import type { LogGroup, LogStream, LogsStore } from './logs-store';

const DESCRIBE_LIMIT: PageLimits = { sizeField: 'limit', min: 1, max: 50, defaultSize: 50, errorCode: 'InvalidParameterException' };
const EVENTS_LIMIT: PageLimits = { sizeField: 'limit', min: 1, max: MAX_EVENTS, defaultSize: MAX_EVENTS, errorCode: 'InvalidParameterException' };

export function logsService(store: LogsStore): ServiceDefinition {
  return {
    signingName: 'logs',
    targetPrefix: 'Logs_20140328',
    protocols: ['json1.1'],
    operations: {
      DescribeLogGroups: (input) => describeLogGroups(store, input),
      DescribeLogStreams: (input) => describeLogStreams(store, input),
      GetLogEvents: (input) => {
        const group = requireGroup(store, input);
        const stream = requireStream(group, input.logStreamName);
        return getLogEvents(stream, {
          startTime: optionalNumber(input.startTime),
          endTime: optionalNumber(input.endTime),
          limit: pageSizeOf(input.limit, EVENTS_LIMIT),
          startFromHead: input.startFromHead === true,
          nextToken: optionalString(input.nextToken),
        });
      },
      FilterLogEvents: (input) =>
        filterLogEvents(requireGroup(store, input), {
          logStreamNames: input.logStreamNames,
          logStreamNamePrefix: optionalString(input.logStreamNamePrefix),
          filterPattern: optionalString(input.filterPattern),
          startTime: optionalNumber(input.startTime),
          endTime: optionalNumber(input.endTime),
          limit: pageSizeOf(input.limit, EVENTS_LIMIT),
          nextToken: optionalString(input.nextToken),
        }),
    },
  };
}

function describeLogGroups(store: LogsStore, input: OperationInput) {
  const prefix = optionalString(input.logGroupNamePrefix);
  const pattern = optionalString(input.logGroupNamePattern);
  if (prefix !== undefined && pattern !== undefined) {
    throw new SimError('InvalidParameterException', 'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive.');
  }
  const groups = store
    .allGroups()
    .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())));
  const page = pageOf(groups, input.limit, input.nextToken, DESCRIBE_LIMIT);
  return {
    logGroups: page.items.map((g) => ({
      logGroupName: g.name,
      creationTime: g.creationTime,
      metricFilterCount: 0,
      arn: `${store.groupArn(g.name)}:*`,
      storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
    })),
    nextToken: page.nextToken,
  };
}

function describeLogStreams(store: LogsStore, input: OperationInput) {
  const group = requireGroup(store, input);
  const prefix = optionalString(input.logStreamNamePrefix);
  const orderBy = input.orderBy ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw new SimError(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(orderBy)}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw new SimError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
  streams.sort(orderBy === 'LastEventTime' ? byLastEventTime : byName);
  if (input.descending === true) streams.reverse();
  const page = pageOf(streams, input.limit, input.nextToken, DESCRIBE_LIMIT);
  return { logStreams: page.items.map((s) => streamJson(store, group, s)), nextToken: page.nextToken };
}

function streamJson(store: LogsStore, group: LogGroup, s: LogStream) {
  return {
    logStreamName: s.name,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
    ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
    ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
    arn: `${store.groupArn(group.name)}:log-stream:${s.name}`,
    // Deprecated by AWS (always 0 since 2019); sent because old clients read it.
    storedBytes: 0,
  };
}

function byName(a: LogStream, b: LogStream): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function byLastEventTime(a: LogStream, b: LogStream): number {
  return (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || byName(a, b);
}

/** The group named by logGroupName, or by logGroupIdentifier (a name or an ARN). */
function requireGroup(store: LogsStore, input: OperationInput): LogGroup {
  const raw = optionalString(input.logGroupName) ?? optionalString(input.logGroupIdentifier);
  if (raw === undefined) throw new SimError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.');
  const name = raw.startsWith('arn:') ? raw.split(':log-group:')[1]?.replace(/:\*$/, '') ?? raw : raw;
  const group = store.group(name);
  if (!group) throw new SimError('ResourceNotFoundException', 'The specified log group does not exist.');
  return group;
}

function requireStream(group: LogGroup, name: unknown): LogStream {
  const stream = typeof name === 'string' ? group.streams.get(name) : undefined;
  if (!stream) throw new SimError('ResourceNotFoundException', 'The specified log stream does not exist.');
  return stream;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function optionalNumber(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new SimError('InvalidParameterException', `Expected a timestamp in epoch milliseconds, got '${String(v)}'.`);
  return n;
}
