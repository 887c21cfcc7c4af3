import { describe, expect, it } from 'vitest';
import type { DeploymentSummary } from '../../../src-main/contract/domains/deployments';
import { deploymentHeadline } from '../../../src-renderer/models/deployments/deployment-rows';

const NOW = 1_000_000_000_000;

function summary(over: Partial<DeploymentSummary>): DeploymentSummary {
  return {
    serviceDeploymentArn: 'arn:aws:ecs:us-east-1:1:service-deployment/c/s/x', region: 'us-east-1', clusterArn: 'c', clusterName: 'c', serviceArn: 's', serviceName: 'storefront',
    strategy: 'BLUE_GREEN', shiftPercent: null, status: 'IN_PROGRESS', statusReason: null, stage: 'POST_TEST_TRAFFIC_SHIFT',
    verdict: { tone: 'progress', section: 'in-progress', word: 'test traffic on new', reason: null },
    productionWeight: 0, testWeight: 100, step: null, awaiting: null, bakeEndsAt: null, targets: null,
    alarms: { status: 'MONITORING', names: [], triggered: [], inAlarm: [] }, circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
    source: null, target: { arn: null, taskDefinition: null, requested: 4, running: 4, pending: 0 }, startedAt: NOW - 600_000, finishedAt: null, updatedAt: NOW, rollbackReason: null, fetchedAt: NOW,
    ...over,
  } as DeploymentSummary;
}

describe("the service page's headline while a staged deployment moves", () => {
  it('says a paused deployment waits for approval, with what ECS does at the timeout and when, in the Deployments view verdict', () => {
    const d = summary({
      verdict: { tone: 'awaiting', section: 'needs-action', word: 'awaiting approval', reason: null },
      awaiting: { hookId: 'ecs-pause-1', targetType: 'PAUSE', targetArn: null, status: 'AWAITING_ACTION', expiresAt: NOW + 17 * 60_000 + 5_000, timeoutAction: 'ROLLBACK', stage: 'POST_TEST_TRAFFIC_SHIFT', firstSeenAt: NOW, lastSeenAt: NOW },
    });
    expect(deploymentHeadline(d, NOW)).toEqual({
      state: 'degraded',
      word: 'awaiting approval',
      sentence: 'A blue/green deployment waits for approval at post test traffic shift (prod 0% · test 100%); unless approved or rolled back, ECS rolls back in 17:05.',
    });
  });

  it('says why a failing one fails, and what an in-progress one is doing', () => {
    const failing = summary({ strategy: 'CANARY', verdict: { tone: 'failing', section: 'failing', word: 'alarm', reason: 'alarm cart-5xx in ALARM' } });
    expect(deploymentHeadline(failing, NOW)).toMatchObject({ state: 'failed', word: 'alarm', sentence: 'A canary deployment is failing: alarm cart-5xx in ALARM.' });
    const baking = summary({ strategy: 'CANARY', stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 5, testWeight: 5, bakeEndsAt: NOW + 90_000, verdict: { tone: 'progress', section: 'in-progress', word: 'baking at 5 %', reason: null } });
    expect(deploymentHeadline(baking, NOW)?.sentence).toBe('A canary deployment is baking at 5 % at production traffic shift (prod 5%), bake ends in 1:30.');
  });

  it('leaves a rolling or finished deployment to the service state', () => {
    expect(deploymentHeadline(summary({ strategy: 'ROLLING' }), NOW)).toBeNull();
    expect(deploymentHeadline(summary({ status: 'SUCCESSFUL', verdict: { tone: 'succeeded', section: 'finished', word: 'successful', reason: null } }), NOW)).toBeNull();
    expect(deploymentHeadline(null, NOW)).toBeNull();
  });
});
