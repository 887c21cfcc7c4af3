import { describe, expect, it } from 'vitest';
import { serviceSummaryMarkdown, type SummaryInput } from '../../../src-main/core/summary/summary-markdown';
import type { ServiceRecord, TaskRecord } from '../../../src-main/contract/domains/inventory';

const T = Date.UTC(2025, 2, 14, 3, 4, 5);

function service(): ServiceRecord {
  return {
    arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod-ec2/ledger', clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod-ec2', name: 'ledger',
    status: 'ACTIVE', desiredCount: 2, runningCount: 1, pendingCount: 1, launchType: null, capacityProviderStrategy: [], platformVersion: null,
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/payments-ledger:8',
    deployments: [{
      id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/payments-ledger:8', desiredCount: 2, pendingCount: 1,
      runningCount: 1, failedTasks: 14, rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment ecs-svc/1 completed.', createdAt: T - 3_600_000, updatedAt: T,
      launchType: null, capacityProviderStrategy: [], platformVersion: null,
    }],
    minimumHealthyPercent: 100, maximumPercent: 200, circuitBreaker: null,
    events: [
      { id: 'e2', createdAt: T - 60_000, message: '(service ledger) has started 1 tasks: (task abc).' },
      { id: 'e1', createdAt: T - 120_000, message: '(service ledger) has stopped 1 running tasks:\n(task abc).' },
    ],
    placementStrategy: [], placementConstraints: [], enableExecuteCommand: false, schedulingStrategy: 'REPLICA', serviceRegistries: [], loadBalancers: [],
    serviceConnect: null, networkMode: null, roleArn: null, createdAt: T - 86_400_000, fetchedAt: T, stale: false,
    health: { state: 'degraded', word: 'below desired', problem: null, problemCount: 0 },
  };
}

function stopped(id: string, stoppedAt: number): TaskRecord {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task/prod-ec2/${id}`, id, clusterArn: '', serviceName: 'ledger', group: 'service:ledger', startedBy: null,
    taskDefinitionArn: '', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', launchType: null, capacityProviderName: null, availabilityZone: null,
    containerInstanceArn: null, cpu: null, memory: null, platformVersion: null, healthStatus: null, enableExecuteCommand: false, connectivity: null,
    createdAt: null, pullStartedAt: null, pullStoppedAt: null, connectivityAt: null, startedAt: null, stoppingAt: null, stoppedAt,
    stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', privateIp: null, subnetId: null,
    containers: [{ name: 'ledger', image: 'x', imageDigest: null, runtimeId: null, lastStatus: 'STOPPED', exitCode: 1, reason: null, healthStatus: null, cpu: null, memory: null, networkBindings: [], managedAgents: [] }],
    version: 5, fetchedAt: T, stale: false,
  };
}

function input(over: Partial<SummaryInput> = {}): SummaryInput {
  return {
    service: service(), clusterName: 'prod-ec2', profile: 'prod-admin', accountId: '123456789012', region: 'us-east-1', generatedAt: T,
    stoppedTasks: [stopped('older', T - 600_000), stopped('newest', T - 60_000)],
    errorLines: [{ id: '1', timestamp: T - 61_000, message: 'FATAL: could not connect to database', container: 'ledger', taskId: 'newest0123' }],
    logsNote: null, problems: [], changesBefore: null, consoleUrl: 'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-ec2/services/ledger/health?region=us-east-1', ...over,
  };
}

describe('incident summary Markdown', () => {
  it('has the header, deployments, events, stopped tasks with exit codes, and the error lines', () => {
    const md = serviceSummaryMarkdown(input());
    expect(md).toContain('### ledger — below desired (1/2 running)');
    expect(md).toContain('- **Service:** `ledger` in cluster `prod-ec2`');
    expect(md).toContain('- **Account:** prod-admin · 123456789012 · us-east-1');
    expect(md).toContain('- **As of:** 2025-03-14 03:04:05 UTC');
    expect(md).toContain('- PRIMARY `payments-ledger:8` — COMPLETED (ECS deployment ecs-svc/1 completed.) · 1/2 running, 1 pending, 14 failed · created 2025-03-14 02:04:05 UTC');
    // Events on one line each, newest first.
    expect(md).toContain('- 2025-03-14 03:02:05 UTC — (service ledger) has stopped 1 running tasks: (task abc).');
    expect(md.indexOf('has started')).toBeLessThan(md.indexOf('has stopped'));
    // Stopped tasks newest first, with the stop code and exit code.
    expect(md.indexOf('`newest`')).toBeLessThan(md.indexOf('`older`'));
    expect(md).toContain('EssentialContainerExited: Essential container in task exited; ledger exit 1');
    expect(md).toContain('```\n2025-03-14 03:03:04 UTC ledger/newest01 FATAL: could not connect to database\n```');
  });

  it('leads with what the problem rules found about the service', () => {
    const problem = {
      id: 'crash-loop:x', severity: 'critical' as const, kind: 'crash-loop' as const, clusterArn: '', region: 'us-east-1', targetArn: service().arn,
      title: 'ledger: crash loop', detail: '8 tasks stopped in 10 min: essential container exited with code 1', since: T,
    };
    const md = serviceSummaryMarkdown(input({ problems: [problem] }));
    expect(md.startsWith('### ledger — crash loop\n\n> **critical:** ledger: crash loop — 8 tasks stopped in 10 min: essential container exited with code 1\n')).toBe(true);
  });

  it('says why there are no log lines, and marks a failed deployment in the title', () => {
    const s = service();
    s.deployments[0] = { ...s.deployments[0], rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' };
    s.health = { state: 'failed', word: 'failed', problem: null, problemCount: 0 };
    const md = serviceSummaryMarkdown(input({ service: s, errorLines: [], logsNote: 'No logs Wharf can read: FireLens sends them to Datadog.' }));
    expect(md).toContain('### ledger — failed (1/2 running)');
    expect(md).toContain('_No logs Wharf can read: FireLens sends them to Datadog._');
  });

  it('lists the changes in the hour before, the service\'s own first, and stopped tasks by reason', () => {
    const change = (minutesBefore: number, service: string | null, text: string) => ({ t: T - minutesBefore * 60_000, kind: 'deployment-started' as const, clusterArn: '', service, subject: 'x', text, taskArns: [] });
    const md = serviceSummaryMarkdown(input({
      changesBefore: {
        changes: [change(5, 'api', 'api: deployment started (shop-api:9, 6 desired)'), change(40, 'ledger', 'ledger: deployment started (payments-ledger:8, 2 desired)')],
        stopped: [{ reason: 'EssentialContainerExited: Essential container in task exited', count: 7, services: ['ledger'], first: T - 30 * 60_000, last: T, taskArns: [] }],
        total: 2,
      },
    }));
    const section = md.slice(md.indexOf('**Changes in the hour before**'), md.indexOf('**Stopped tasks**'));
    expect(section).toContain('- 2025-03-14 02:24:05 UTC — ledger: deployment started (payments-ledger:8, 2 desired)');
    expect(section.indexOf('api: deployment')).toBeLessThan(section.indexOf('ledger: deployment'));
    expect(section).toContain('- 7 tasks stopped (ledger): EssentialContainerExited: Essential container in task exited');
    expect(serviceSummaryMarkdown(input({ changesBefore: null, changesNote: 'not recorded' }))).toContain('**Changes in the hour before**\n\n_not recorded_');
  });
});
