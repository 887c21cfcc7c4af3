import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src-main/contract/domains/inventory';
import { InventoryModel } from '../../../src-main/core/inventory/model';
import { DeltaBuilder } from '../../../src-main/core/inventory/delta';
import { CLUSTER, service } from './records';

const CLUSTER_ARN = CLUSTER;
const arnOf = (name: string) => `arn:aws:ecs:us-east-1:123456789012:service/prod/${name}`;
const crash = (name: string): Problem => ({
  id: `crash-loop:${arnOf(name)}`, severity: 'critical', kind: 'crash-loop', clusterArn: CLUSTER, region: 'us-east-1', targetArn: arnOf(name), serviceArn: arnOf(name),
  title: `${name}: crash loop`, detail: '3 tasks stopped in 10 min', since: 1,
});

describe('the model sends a service again when only its verdict moved', () => {
  it('setProblems re-sends the services whose verdict changed, and only those', () => {
    const model = new InventoryModel();
    const first = new DeltaBuilder(CLUSTER_ARN);
    model.put(CLUSTER_ARN, 'services', [service('ledger', { desiredCount: 2, runningCount: 2 }), service('web', { desiredCount: 2, runningCount: 2 })], first);
    expect(first.take().services?.map((s) => s.health.word)).toEqual(['steady', 'steady']);

    const deltas = new Map<string, DeltaBuilder>();
    const deltaOf = (arn: string) => deltas.get(arn) ?? deltas.set(arn, new DeltaBuilder(arn)).get(arn)!;
    model.setProblems([crash('ledger')], deltaOf);
    const sent = deltas.get(CLUSTER_ARN)!.take().services ?? [];
    expect(sent.map((s) => `${s.name}:${s.health.word}`)).toEqual(['ledger:crash-looping']);

    // The same record polled again keeps the verdict (the problems are remembered) and is not news.
    const again = new DeltaBuilder(CLUSTER_ARN);
    model.put(CLUSTER_ARN, 'services', [service('ledger', { desiredCount: 2, runningCount: 2 })], again);
    expect(again.isEmpty()).toBe(true);
    expect(model.state(CLUSTER_ARN).services.get(arnOf('ledger'))?.health.word).toBe('crash-looping');

    // Time alone ends the crash loop: the problem goes, the verdict follows.
    deltas.clear();
    model.setProblems([], deltaOf);
    expect(deltas.get(CLUSTER_ARN)!.take().services?.map((s) => `${s.name}:${s.health.word}`)).toEqual(['ledger:steady']);
  });
});
