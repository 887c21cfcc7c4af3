/**
 * DescribeTasks answers from JSON cached per task version. The cache must never be stale:
 * walked through three hours of the demo (tasks starting, pulling, crashing, interrupted,
 * stopping), every cached answer equals a fresh render of the task, with and without tags.
 */
import { describe, expect, it } from 'vitest';
import { createSimAccount } from '../../../src-main/sim/index';
import { renderTask } from '../../../src-main/sim/ecs/render';
import { TaskJsonCache } from '../../../src-main/sim/ecs/task-json';
import { encodeJsonBody, encodeJsonOutput } from '../../../src-main/sim/http/json-codec';

const START = Date.parse('2026-11-21T12:00:00Z');

describe('DescribeTasks JSON cache', () => {
  it('re-encodes a task only when its version moves, and splices tags in fresh', () => {
    const account = createSimAccount({ scenario: 'demo', speed: 0, seed: 3, startTime: START });
    const cache = new TaskJsonCache(account.world);
    const task = [...account.world.tasks.values()].find((t) => t.lastStatus === 'RUNNING')!;
    const first = cache.fragment(task, false);
    expect(cache.fragment(task, false).bytes).toBe(first.bytes);
    task.tags.push({ key: 'owner', value: 'sim-test' });
    expect(JSON.parse(cache.fragment(task, true).bytes.toString()).tags).toContainEqual({ key: 'owner', value: 'sim-test' });
    task.version++;
    expect(cache.fragment(task, false).bytes).not.toBe(first.bytes);
  });

  it('never answers stale JSON over three hours of the demo', () => {
    const account = createSimAccount({ scenario: 'demo', speed: 0, seed: 3, startTime: START });
    const ecs = account.services()[0].operations;
    const ctx = { accessKeyId: 'AKIDTEST', region: account.region, now: START, requestId: 'r' };
    let compared = 0;
    for (let minute = 0; minute < 180; minute += 2) {
      account.clock.advance(2 * 60_000);
      for (const cluster of account.world.clusters.keys()) {
        const tasks = [...account.world.tasksOfCluster(cluster)];
        for (let i = 0; i < tasks.length; i += 100) {
          const batch = tasks.slice(i, i + 100);
          const include = minute % 4 ? ['TAGS'] : [];
          const answer = JSON.parse(encodeJsonBody(ecs.DescribeTasks({ cluster, tasks: batch.map((t) => t.arn), include }, ctx)).toString());
          const fresh = JSON.parse(encodeJsonOutput({ tasks: batch.map((t) => renderTask(account.world, t, include.length > 0)), failures: [] }));
          expect(answer).toEqual(fresh);
          compared += batch.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });
});
