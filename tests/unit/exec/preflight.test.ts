import type { Cluster, Task } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { WharfError } from '../../../src-main/contract/errors';
import { compareVersions, explainExecError, preflight } from '../../../src-main/core/exec/preflight';

const cluster: Cluster = {
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
  clusterName: 'prod',
  status: 'ACTIVE',
  configuration: { executeCommandConfiguration: { kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' } },
};

function task(over: Partial<Task> = {}, agent: { lastStatus?: string; reason?: string } | null = { lastStatus: 'RUNNING' }): Task {
  return {
    taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/abc123',
    group: 'service:checkout',
    lastStatus: 'RUNNING',
    enableExecuteCommand: true,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    containers: [
      { name: 'app', lastStatus: 'RUNNING', runtimeId: 'abc123-111', managedAgents: agent ? [{ name: 'ExecuteCommandAgent', ...agent }] : [] },
      { name: 'sidecar', lastStatus: 'RUNNING', runtimeId: 'abc123-222' },
    ],
    ...over,
  };
}

function refusal(fn: () => unknown): WharfError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WharfError);
    return err as WharfError;
  }
  throw new Error('expected a refusal');
}

describe('exec preflight', () => {
  it('passes a running task with exec enabled and names the SSM target and KMS key', () => {
    const ok = preflight({ task: task(), cluster, containerName: 'app' });
    expect(ok).toMatchObject({ targetId: 'ecs:prod_abc123_abc123-111', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1', serviceName: 'checkout', taskId: 'abc123' });
  });

  it('refuses a task without exec, saying the command that fixes it', () => {
    const err = refusal(() => preflight({ task: task({ enableExecuteCommand: false }), cluster, containerName: 'app' }));
    expect(err.code).toBe('PRECONDITION');
    expect(err.message).toBe('Exec is not enabled on this task.');
    expect(err.fix).toBe('Run `aws ecs update-service --cluster prod --service checkout --enable-execute-command --force-new-deployment`, then open a shell in a new task.');
  });

  it('refuses a task that is not RUNNING', () => {
    const err = refusal(() => preflight({ task: task({ lastStatus: 'PROVISIONING' }), cluster, containerName: 'app' }));
    expect(err.message).toMatch(/Task abc123 is PROVISIONING; a shell opens only in a RUNNING task/);
  });

  it('refuses a stopped ExecuteCommandAgent, with its reason and what to check', () => {
    const err = refusal(() => preflight({ task: task({}, { lastStatus: 'STOPPED', reason: 'agent exited' }), cluster, containerName: 'app' }));
    expect(err.message).toBe('The ExecuteCommandAgent in container app is STOPPED (agent exited): it cannot accept a session.');
    expect(err.fix).toMatch(/ssmmessages:CreateControlChannel/);
  });

  it('asks to wait for a PENDING agent', () => {
    expect(refusal(() => preflight({ task: task({}, { lastStatus: 'PENDING' }), cluster, containerName: 'app' })).fix).toMatch(/Wait a few seconds/);
  });

  it('refuses a container without the agent, and an unknown container', () => {
    expect(refusal(() => preflight({ task: task(), cluster, containerName: 'sidecar' })).message).toMatch(/Container sidecar has no ExecuteCommandAgent/);
    expect(refusal(() => preflight({ task: task(), cluster, containerName: 'db' })).message).toMatch(/has no container named db \(it has: app, sidecar\)/);
  });

  it('refuses Fargate platform before 1.4.0 but accepts LATEST and Windows', () => {
    expect(refusal(() => preflight({ task: task({ platformVersion: '1.3.0' }), cluster, containerName: 'app' })).message).toMatch(/platform 1.3.0; exec needs 1.4.0/);
    expect(() => preflight({ task: task({ platformVersion: 'LATEST' }), cluster, containerName: 'app' })).not.toThrow();
    expect(() => preflight({ task: task({ platformVersion: '1.0.0', platformFamily: 'WINDOWS_SERVER_2019_CORE' }), cluster, containerName: 'app' })).not.toThrow();
  });

  it('refuses an EC2 agent older than 1.50.2', () => {
    const ec2 = task({ launchType: 'EC2', platformVersion: undefined });
    expect(refusal(() => preflight({ task: ec2, cluster, containerName: 'app', agentVersion: '1.50.1' })).message).toMatch(/ECS agent 1.50.1; exec needs 1.50.2/);
    expect(() => preflight({ task: ec2, cluster, containerName: 'app', agentVersion: '1.87.0' })).not.toThrow();
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', [1, 4, 0])).toBeGreaterThan(0);
    expect(compareVersions('v1.50.2', [1, 50, 2])).toBe(0);
  });
});

describe('exec errors from AWS', () => {
  const ctx = { clusterName: 'prod', containerName: 'app', serviceName: 'checkout' };
  const aws = (name: string, message: string) => Object.assign(new Error(message), { name });

  it('turns InvalidParameterException about exec into the enable-exec fix', () => {
    const err = explainExecError(aws('InvalidParameterException', 'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running.'), ctx);
    expect(err).toMatchObject({ code: 'PRECONDITION', awsCode: 'InvalidParameterException' });
    expect(err.fix).toMatch(/update-service --cluster prod --service checkout --enable-execute-command/);
  });

  it('explains TargetNotConnectedException with its usual causes', () => {
    const err = explainExecError(aws('TargetNotConnectedException', 'The execute command failed due to an internal error. Try again later.'), ctx);
    expect(err.message).toMatch(/not connected to Systems Manager/);
    expect(err.fix).toMatch(/task role lacks ssmmessages.*VPC endpoint.*AWS keys.*read-only root filesystem/);
  });

  it('maps AccessDenied, ClusterNotFound and throttling', () => {
    expect(explainExecError(aws('AccessDeniedException', 'not authorized to perform: ecs:ExecuteCommand'), ctx)).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(explainExecError(aws('AccessDeniedException', 'x'), ctx).fix).toMatch(/ecs:ExecuteCommand.*kms:GenerateDataKey/);
    expect(explainExecError(aws('ClusterNotFoundException', 'Cluster not found.'), ctx)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/cluster prod does not exist/) });
    expect(explainExecError(aws('ThrottlingException', 'Rate exceeded'), ctx)).toMatchObject({ code: 'THROTTLED' });
  });
});
