/**
 * Whether a task event makes Wharf describe the task's service: judged against what events
 * last told of the task, so a reconciliation that read the task's newest version before its
 * (late) event arrived does not leave the service's counts stale, to be counted as "missed by
 * events" at the next reconciliation though no event was lost.
 */
import { describe, expect, it } from 'vitest';
import { TaskCountMemory } from '../../../src-main/core/live/task-counts';

const task = (version: number, lastStatus: string, desiredStatus = 'RUNNING') => ({ arn: 'arn:aws:ecs:us-east-1:1:task/c/t1', version, lastStatus, desiredStatus });

describe('TaskCountMemory', () => {
  it('moves the service when the event of a version a reconciliation already took arrives', () => {
    const memory = new TaskCountMemory();
    // Events told PENDING (v2); the reconciliation then read v3 RUNNING before its event came,
    // so the event is a duplicate for the model: the model's reading is no help (it is v3 too).
    expect(memory.moved(task(2, 'PENDING'), null)).toBe(true);
    expect(memory.moved(task(3, 'RUNNING'), null)).toBe(true);
    // The old rule ("applied, and moved against the model's reading") said no here: the model
    // held v3 already, so the service was never described again and its running count stayed old.
  });

  it('does not move the service for a change that keeps its counts, or for a late older version', () => {
    const memory = new TaskCountMemory();
    expect(memory.moved(task(3, 'RUNNING'), task(2, 'PENDING'))).toBe(true);
    // v4: health or a container moved; still running.
    expect(memory.moved(task(4, 'RUNNING'), task(3, 'RUNNING'))).toBe(false);
    // v2 arriving after v4 (out of order): nothing to describe.
    expect(memory.moved(task(2, 'PENDING'), null)).toBe(false);
    // Asked to stop: the desired count of stopping tasks moved.
    expect(memory.moved(task(5, 'RUNNING', 'STOPPED'), task(4, 'RUNNING'))).toBe(true);
  });

  it('judges a task no event told yet against the reading the event replaced, or describes', () => {
    const memory = new TaskCountMemory();
    // The first load read it running; its first event only changes its health.
    expect(memory.moved(task(7, 'RUNNING'), task(6, 'RUNNING'))).toBe(false);
    const other = { ...task(1, 'PROVISIONING'), arn: 'arn:aws:ecs:us-east-1:1:task/c/t2' };
    // New to the model, or a version the model already held from a poll: describe.
    expect(memory.moved(other, null)).toBe(true);
  });

  it('forgets the oldest tasks past its bound', () => {
    const memory = new TaskCountMemory(2);
    for (const n of [1, 2, 3]) memory.moved({ ...task(1, 'RUNNING'), arn: `t${n}` }, null);
    // t1 was forgotten: with nothing told and no reading, its next event describes again.
    expect(memory.moved({ ...task(2, 'RUNNING'), arn: 't1' }, null)).toBe(true);
    expect(memory.moved({ ...task(2, 'RUNNING'), arn: 't3' }, null)).toBe(false);
  });
});
