import { describe, expect, it } from 'vitest';
import type { Problem } from '@contract/domains/inventory';
import { clusterVerdict, DEPLOYMENT_TONE_STATE, deploymentProblemTitle, deploymentVerdict, serviceVerdict } from '@contract/health';
import { ACCOUNT, deployment, problem, service } from './inventory-fixtures';

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

  it("takes the deployments domain's verdict: awaiting approval over rolling, a failing deployment in its own word, both in the Deployments view's colours", () => {
    const rollingDeployments = [deployment({ rolloutState: 'IN_PROGRESS' }), deployment({ id: 'old', status: 'ACTIVE' })];
    const storefront = service('storefront', { deployments: rollingDeployments });
    expect(serviceVerdict(storefront, []).word).toBe('rolling');
    const awaiting = problem({ id: `deployment-awaiting:${arnOf('storefront')}`, kind: 'deployment-awaiting', severity: 'warning', targetArn: arnOf('storefront'), title: deploymentProblemTitle('storefront', 'awaiting approval') });
    expect(serviceVerdict(storefront, [awaiting])).toMatchObject({ state: DEPLOYMENT_TONE_STATE.awaiting, word: 'awaiting approval', problem: { kind: 'deployment-awaiting' } });
    // A person is needed even when the new tasks crash: the word says what to do first.
    expect(serviceVerdict(storefront, [crash('storefront'), awaiting]).word).toBe('awaiting approval');
    const failing = problem({ id: `deployment-failing:${arnOf('recs')}`, kind: 'deployment-failing', severity: 'error', targetArn: arnOf('recs'), title: deploymentProblemTitle('recs', 'rolling back') });
    expect(serviceVerdict(service('recs', { deployments: rollingDeployments }), [failing])).toMatchObject({ state: DEPLOYMENT_TONE_STATE.failing, word: 'rolling back' });
    expect(DEPLOYMENT_TONE_STATE).toMatchObject({ awaiting: 'degraded', failing: 'failed' });
    // The overview's cluster row names a deployment awaiting approval beside a worse problem.
    const fargate = [problem({ id: 'c', kind: 'crash-loop', severity: 'critical', title: 'emailer: crash loop' }), awaiting, problem({ id: 'w', kind: 'spot-interruption', severity: 'warning', title: 'x: Spot' })];
    expect(clusterVerdict(fargate, true)).toEqual({ state: 'failed', word: 'emailer: crash loop +1 more', awaiting: 'storefront: awaiting approval' });
    expect(clusterVerdict([awaiting], true)).toEqual({ state: 'degraded', word: 'storefront: awaiting approval' });
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
