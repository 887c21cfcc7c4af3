import { describe, expect, it } from 'vitest';
import { eventKindOf, eventTextParts, taskIdsIn } from '../../../src-main/contract/event-text';

describe('service event text', () => {
  it('files ECS\'s messages under their kind', () => {
    expect(eventKindOf('(service web) has reached a steady state.')).toBe('steady-state');
    expect(eventKindOf('(service inference) was unable to place a task because no container instance met all of its requirements.')).toBe('unable-to-place');
    expect(eventKindOf('(service api) (port 8080) is unhealthy in (target-group arn:...) due to (reason Health checks failed).')).toBe('unhealthy');
    expect(eventKindOf('(service ledger) has started 2 tasks: (task 0123456789abcdef0123456789abcdef).')).toBe('started-tasks');
    expect(eventKindOf('(service ledger) has stopped 1 running tasks: (task 0123456789abcdef0123456789abcdef).')).toBe('stopped-tasks');
    expect(eventKindOf('(service web) (deployment ecs-svc/123) deployment completed.')).toBe('deployment-completed');
    expect(eventKindOf('(service emailer) (deployment ecs-svc/9) deployment failed: tasks failed to start.')).toBe('deployment-failed');
    expect(eventKindOf('(service web) registered 1 targets in (target-group x)')).toBe('registered-targets');
    expect(eventKindOf('(service web) deregistered 1 targets in (target-group x)')).toBe('deregistered-targets');
    expect(eventKindOf('something else entirely')).toBe('other');
  });

  it('splits a message around the task IDs it names, for links', () => {
    const id1 = '0123456789abcdef0123456789abcdef';
    const id2 = 'fedcba9876543210fedcba9876543210';
    const message = `(service ledger) has started 2 tasks: (task ${id1}) (task ${id2}).`;
    expect(taskIdsIn(message)).toEqual([id1, id2]);
    const parts = eventTextParts(message);
    expect(parts.map((p) => p.text).join('')).toBe(message);
    expect(parts.filter((p) => p.taskId).map((p) => p.taskId)).toEqual([id1, id2]);
    expect(eventTextParts('(service web) has reached a steady state.')).toEqual([{ text: '(service web) has reached a steady state.' }]);
  });
});

describe('stopped tasks are grouped by cause', () => {
  it('masks the IDs in a reason, so one cause is one group', async () => {
    const { reasonKey } = await import('../../../src-main/core/history/store/recorder');
    expect(reasonKey('ServiceSchedulerInitiated', 'Scaling activity initiated by (deployment ecs-svc/4121654091117375193)')).toBe('ServiceSchedulerInitiated: Scaling activity initiated by (deployment ecs-svc/…)');
    expect(reasonKey('EssentialContainerExited', 'Essential container in task exited')).toBe('EssentialContainerExited: Essential container in task exited');
    expect(reasonKey(null, null)).toBe('no reason given');
  });
});
