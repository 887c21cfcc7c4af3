// Outputs are plain objects typed unknown by the seam: tests read them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { EVENTS_KEPT_PER_STREAM, LogsStore } from '../../../src-main/sim/logs/logs-store';
import { logsService } from '../../../src-main/sim/logs/logs-service';
import { ctxAt, errorOf } from './ctx';

const T0 = Date.UTC(2025, 0, 1);
const GROUP = '/ecs/shop-api';

function setup() {
  const store = new LogsStore({ accountId: '123456789012', region: 'us-east-1' });
  store.ensureGroup(GROUP, new Date(T0));
  const ops = logsService(store).operations;
  const call = (op: string, input: Record<string, unknown>) => ops[op](input, ctxAt(T0 + 3_600_000)) as any;
  return { store, call };
}

const lines = (from: number, n: number, stream = 'x') =>
  Array.from({ length: n }, (_, i) => ({ timestamp: T0 + (from + i) * 1000, message: `${stream} line ${from + i}` }));

describe('LogsStore', () => {
  it('keeps events sorted by time when they arrive out of order', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 's', [{ timestamp: T0 + 3000, message: 'c' }, { timestamp: T0 + 1000, message: 'a' }]);
    store.putEvents(GROUP, 's', [{ timestamp: T0 + 2000, message: 'b' }]);
    const out = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', startFromHead: true });
    expect(out.events.map((e: any) => e.message)).toEqual(['a', 'b', 'c']);
  });

  it(`keeps only about the newest ${EVENTS_KEPT_PER_STREAM} events of a stream`, () => {
    const { store, call } = setup();
    for (let batch = 0; batch < 12; batch++) store.putEvents(GROUP, 's', lines(batch * 1000, 1000));
    const head = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', startFromHead: true, limit: 1 });
    expect(head.events[0].message).toBe('x line 2000');
    expect(store.group(GROUP)!.streams.get('s')!.events.length).toBeLessThanOrEqual(EVENTS_KEPT_PER_STREAM + 1000);
  });
});

describe('GetLogEvents tokens', () => {
  it('reads the newest events by default and walks back with nextBackwardToken', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 's', lines(0, 25));
    const newest = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', limit: 10 });
    expect(newest.events.map((e: any) => e.message)).toEqual(lines(15, 10).map((l) => l.message));
    const older = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', limit: 10, nextToken: newest.nextBackwardToken });
    expect(older.events[0].message).toBe('x line 5');
    const oldest = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', limit: 10, nextToken: older.nextBackwardToken });
    expect(oldest.events.map((e: any) => e.message)).toEqual(lines(0, 5).map((l) => l.message));
    const beyond = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', limit: 10, nextToken: oldest.nextBackwardToken });
    expect(beyond.events).toEqual([]);
    expect(beyond.nextBackwardToken).toBe(oldest.nextBackwardToken);
  });

  it('tails forward: the same token back when nothing is new, new events once written', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 's', lines(0, 3));
    const first = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', startFromHead: true });
    expect(first.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    const idle = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', nextToken: first.nextForwardToken });
    expect(idle.events).toEqual([]);
    expect(idle.nextForwardToken).toBe(first.nextForwardToken);
    store.putEvents(GROUP, 's', lines(3, 2));
    const fresh = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', nextToken: idle.nextForwardToken });
    expect(fresh.events.map((e: any) => e.message)).toEqual(['x line 3', 'x line 4']);
  });

  it('applies startTime (inclusive) and endTime (exclusive)', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 's', lines(0, 10));
    const out = call('GetLogEvents', { logGroupName: GROUP, logStreamName: 's', startTime: T0 + 2000, endTime: T0 + 5000, startFromHead: true });
    expect(out.events.map((e: any) => e.message)).toEqual(['x line 2', 'x line 3', 'x line 4']);
  });

  it('answers ResourceNotFoundException for a missing group or stream', async () => {
    const { call } = setup();
    expect(await errorOf(() => call('GetLogEvents', { logGroupName: '/nope', logStreamName: 's' }))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    expect(await errorOf(() => call('GetLogEvents', { logGroupName: GROUP, logStreamName: 'nope' }))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
  });
});

describe('DescribeLogStreams and DescribeLogGroups', () => {
  it('orders by last event time, descending, with paging', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 'ecs/api/aaa', lines(30, 1));
    store.putEvents(GROUP, 'ecs/api/bbb', lines(10, 1));
    store.putEvents(GROUP, 'ecs/api/ccc', lines(20, 1));
    const page1 = call('DescribeLogStreams', { logGroupName: GROUP, orderBy: 'LastEventTime', descending: true, limit: 2 });
    expect(page1.logStreams.map((s: any) => s.logStreamName)).toEqual(['ecs/api/aaa', 'ecs/api/ccc']);
    const page2 = call('DescribeLogStreams', { logGroupName: GROUP, orderBy: 'LastEventTime', descending: true, limit: 2, nextToken: page1.nextToken });
    expect(page2.logStreams.map((s: any) => s.logStreamName)).toEqual(['ecs/api/bbb']);
    expect(page2.nextToken).toBeUndefined();
    expect(page1.logStreams[0]).toMatchObject({ lastEventTimestamp: T0 + 30_000, arn: expect.stringContaining(':log-stream:ecs/api/aaa') });
  });

  it('filters by prefix and refuses prefix with LastEventTime ordering', async () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 'ecs/api/1', lines(0, 1));
    store.putEvents(GROUP, 'ecs/worker/1', lines(0, 1));
    const out = call('DescribeLogStreams', { logGroupName: GROUP, logStreamNamePrefix: 'ecs/worker/' });
    expect(out.logStreams.map((s: any) => s.logStreamName)).toEqual(['ecs/worker/1']);
    const err = await errorOf(() => call('DescribeLogStreams', { logGroupName: GROUP, logStreamNamePrefix: 'ecs', orderBy: 'LastEventTime' }));
    expect(err.code).toBe('InvalidParameterException');
    expect((await errorOf(() => call('DescribeLogStreams', { logGroupName: GROUP, limit: 51 }))).code).toBe('InvalidParameterException');
  });

  it('lists groups by prefix', () => {
    const { store, call } = setup();
    store.ensureGroup('/ecs/other', new Date(T0));
    store.ensureGroup('/aws/lambda/x', new Date(T0));
    const out = call('DescribeLogGroups', { logGroupNamePrefix: '/ecs/' });
    expect(out.logGroups.map((g: any) => g.logGroupName)).toEqual(['/ecs/other', GROUP]);
    expect(out.logGroups[0].arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/other:*');
  });
});

describe('FilterLogEvents', () => {
  it('interleaves streams by time and matches terms, phrases, alternatives and exclusions', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 'a', [
      { timestamp: T0 + 1000, message: 'ERROR connection refused by db' },
      { timestamp: T0 + 3000, message: 'WARN slow query' },
    ]);
    store.putEvents(GROUP, 'b', [
      { timestamp: T0 + 2000, message: 'ERROR connection reset, retry' },
      { timestamp: T0 + 4000, message: 'INFO ok' },
    ]);
    const messages = (filterPattern: string) => call('FilterLogEvents', { logGroupName: GROUP, filterPattern }).events.map((e: any) => e.message);
    expect(messages('')).toHaveLength(4);
    expect(call('FilterLogEvents', { logGroupName: GROUP }).events.map((e: any) => e.logStreamName)).toEqual(['a', 'b', 'a', 'b']);
    expect(messages('ERROR connection')).toHaveLength(2);
    expect(messages('"connection refused"')).toEqual(['ERROR connection refused by db']);
    expect(messages('?WARN ?INFO')).toEqual(['WARN slow query', 'INFO ok']);
    expect(messages('ERROR -retry')).toEqual(['ERROR connection refused by db']);
    expect(messages('error')).toEqual([]);
  });

  it('pages with nextToken and honours stream selection and time range', () => {
    const { store, call } = setup();
    store.putEvents(GROUP, 'ecs/api/1', lines(0, 30, 'one'));
    store.putEvents(GROUP, 'ecs/api/2', lines(0, 30, 'two'));
    store.putEvents(GROUP, 'other', lines(0, 30, 'other'));
    const all: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = call('FilterLogEvents', { logGroupName: GROUP, logStreamNamePrefix: 'ecs/api/', limit: 7, nextToken });
      all.push(...page.events.map((e: any) => e.eventId));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
    const ranged = call('FilterLogEvents', { logGroupName: GROUP, logStreamNames: ['other'], startTime: T0 + 5000, endTime: T0 + 7000 });
    expect(ranged.events.map((e: any) => e.message)).toEqual(['other line 5', 'other line 6', 'other line 7']);
  });
});
