import { describe, expect, it } from 'vitest';
import { RecordTable } from '../../../src-main/core/inventory/record-table';
import { TaskDescribePlan } from '../../../src-main/core/inventory/task-plan';
import type { TaskRecord } from '../../../src-main/contract/domains/inventory';
import { task } from './records';

function known(...tasks: TaskRecord[]) {
  const table = new RecordTable<TaskRecord>((t) => t.arn);
  for (const t of tasks) table.upsert(t);
  return table;
}

describe('TaskDescribePlan', () => {
  it('describes new ARNs and known live tasks, never a known STOPPED one', () => {
    const plan = new TaskDescribePlan(known(task('live'), task('done', { lastStatus: 'STOPPED' })), 100);
    expect(plan.addListed([task('new').arn, task('live').arn, task('done').arn])).toEqual([]);
    expect(plan.flush()).toEqual([[task('new').arn, task('live').arn]]);
  });

  it('sends full batches as soon as they fill, and each ARN once', () => {
    const plan = new TaskDescribePlan(known(), 3);
    const arns = ['a', 'b', 'c', 'd'].map((id) => task(id).arn);
    expect(plan.addListed(arns)).toEqual([arns.slice(0, 3)]);
    expect(plan.addListed(arns)).toEqual([]);
    expect(plan.flush()).toEqual([[arns[3]]]);
    expect(plan.flush()).toEqual([]);
  });

  it('adds known live tasks the listings missed (they have probably stopped)', () => {
    const plan = new TaskDescribePlan(known(task('gone'), task('other', { serviceName: 'x' })), 100);
    plan.addKnownLive((t) => t.serviceName === null);
    expect(plan.flush()).toEqual([[task('gone').arn]]);
  });
});
