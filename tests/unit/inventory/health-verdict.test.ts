import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src-main/contract/domains/inventory';
import { clusterVerdict, deploymentVerdict, serviceVerdict } from '../../../src-main/contract/health';
import { InventoryModel } from '../../../src-main/core/inventory/model';
import { DeltaBuilder } from '../../../src-main/core/inventory/delta';
import { ACCOUNT, CLUSTER_ARN, deployment, problem, service } from '../renderer/inventory-fixtures';

const arnOf = (name: string) => `${ACCOUNT}:service/prod/${name}`;
const crash = (name: string): Problem => problem({ id: `crash-loop:${arnOf(name)}`, targetArn: arnOf(name), title: `${name}: crash loop` });

describe('serviceVerdict: one verdict from the Problems rules and the record', () => {
  it('a crash loop under a completed deployment is failed, never steady', () => {
    const ledger = service('ledger', { runningCount: 2, desiredCount: 2 });
    expect(ledger.deployments[0]!.rolloutState).toBe('COMPLETED');
    expect(serviceVerdict(ledger, [])).toMatchObject({ state: 'healthy', word: 'steady', problem: null, problemCount: 0 });
    const verdict = serviceVerdict(ledger, [crash('ledger')]);
    expect(verdict).toMatchObject({ state: 'failed', word: 'crash-looping', problemCount: 1 });
    expect(verdict.problem?.kind).toBe('crash-loop');
  });

  it('ignores problems of other services, and counts a task problem that names the service', () => {
    const web = service('web');
    expect(serviceVerdict(web, [crash('ledger')]).word).toBe('steady');
    const taskProblem = problem({ id: 'task-stopped-error:t', kind: 'task-stopped-error', severity: 'error', targetArn: `${ACCOUNT}:task/prod/abc`, serviceArn: web.arn, title: 'web: task stopped with an error' });
    expect(serviceVerdict(web, [taskProblem])).toMatchObject({ state: 'degraded', word: 'task errors', problemCount: 1 });
  });

  it('reads worst reason first: draining, failed, stuck, rolling, below desired, scaling', () => {
    expect(serviceVerdict(service('x', { status: 'DRAINING' }), [crash('x')]).word).toBe('draining');
    expect(serviceVerdict(service('x', { deployments: [deployment({ rolloutState: 'FAILED' })] }), []).word).toBe('failed');
    const stuck = problem({ id: 's', kind: 'deployment-stuck', severity: 'error', targetArn: arnOf('x') });
    const rollingDeployments = [deployment({ rolloutState: 'IN_PROGRESS' }), deployment({ id: 'old', status: 'ACTIVE' })];
    expect(serviceVerdict(service('x', { deployments: rollingDeployments }), [stuck]).word).toBe('stuck');
    expect(serviceVerdict(service('x', { deployments: rollingDeployments }), [])).toMatchObject({ state: 'progress', word: 'rolling' });
    const below = (severity: Problem['severity']) => problem({ id: 'b', kind: 'below-desired', severity, targetArn: arnOf('x') });
    expect(serviceVerdict(service('x', { runningCount: 2 }), [below('warning')])).toMatchObject({ state: 'degraded', word: 'below desired' });
    expect(serviceVerdict(service('x', { runningCount: 0 }), [below('error')])).toMatchObject({ state: 'failed', word: 'down' });
    // Fewer running than desired before the rule's few minutes: counts moving, not yet a problem.
    expect(serviceVerdict(service('x', { runningCount: 2 }), [])).toMatchObject({ state: 'progress', word: 'scaling' });
    expect(serviceVerdict(service('x', { status: 'INACTIVE' }), []).state).toBe('unknown');
  });
});

describe('deploymentVerdict: the deployment card says both', () => {
  it('"completed · crash-looping" in the verdict\'s state for the deployment running now', () => {
    const verdict = serviceVerdict(service('ledger'), [crash('ledger')]);
    expect(deploymentVerdict({ status: 'PRIMARY', rolloutState: 'COMPLETED' }, verdict)).toEqual({ state: 'failed', word: 'completed · crash-looping' });
    expect(deploymentVerdict({ status: 'ACTIVE', rolloutState: 'COMPLETED' }, verdict)).toEqual({ state: 'healthy', word: 'completed' });
    expect(deploymentVerdict({ status: 'PRIMARY', rolloutState: 'COMPLETED' }, serviceVerdict(service('web'), []))).toEqual({ state: 'healthy', word: 'completed' });
    expect(deploymentVerdict({ status: 'PRIMARY', rolloutState: 'FAILED' }, serviceVerdict(service('x', { deployments: [deployment({ rolloutState: 'FAILED' })] }), []))).toEqual({ state: 'failed', word: 'failed' });
  });
});

describe('clusterVerdict', () => {
  it('is unknown before the cluster was read in full, then names its worst problem', () => {
    expect(clusterVerdict([], false)).toEqual({ state: 'unknown', word: 'not read yet' });
    expect(clusterVerdict([], true)).toEqual({ state: 'healthy', word: 'no problems' });
    const warning = problem({ id: 'w', severity: 'warning', kind: 'spot-interruption', title: 'web: Spot capacity reclaimed' });
    expect(clusterVerdict([warning, crash('ledger')], true)).toEqual({ state: 'failed', word: 'ledger: crash loop +1 more' });
    expect(clusterVerdict([warning], true)).toEqual({ state: 'degraded', word: 'web: Spot capacity reclaimed' });
  });
});

describe('the model sends a service again when only its verdict moved', () => {
  it('setProblems re-sends the services whose verdict changed, and only those', () => {
    const model = new InventoryModel();
    const first = new DeltaBuilder(CLUSTER_ARN);
    model.put(CLUSTER_ARN, 'services', [service('ledger'), service('web')], first);
    expect(first.take().services?.map((s) => s.health.word)).toEqual(['steady', 'steady']);

    const deltas = new Map<string, DeltaBuilder>();
    const deltaOf = (arn: string) => deltas.get(arn) ?? deltas.set(arn, new DeltaBuilder(arn)).get(arn)!;
    model.setProblems([crash('ledger')], deltaOf);
    const sent = deltas.get(CLUSTER_ARN)!.take().services ?? [];
    expect(sent.map((s) => `${s.name}:${s.health.word}`)).toEqual(['ledger:crash-looping']);

    // The same record polled again keeps the verdict (the problems are remembered) and is not news.
    const again = new DeltaBuilder(CLUSTER_ARN);
    model.put(CLUSTER_ARN, 'services', [service('ledger')], again);
    expect(again.isEmpty()).toBe(true);
    expect(model.state(CLUSTER_ARN).services.get(arnOf('ledger'))?.health.word).toBe('crash-looping');

    // Time alone ends the crash loop: the problem goes, the verdict follows.
    deltas.clear();
    model.setProblems([], deltaOf);
    expect(deltas.get(CLUSTER_ARN)!.take().services?.map((s) => `${s.name}:${s.health.word}`)).toEqual(['ledger:steady']);
  });
});
