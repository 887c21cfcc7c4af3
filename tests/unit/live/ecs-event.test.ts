import { describe, expect, it } from 'vitest';
import { actionOf, clusterOfService, clusterOfTask, parseEvent, type EcsEventEnvelope } from '../../../src-main/core/live/ecs-event';
import { isAllEcsPattern, queuePolicy, routesHeartbeats } from '../../../src-main/core/live/live-names';
import { DeltaBuilder } from '../../../src-main/core/inventory/delta';
import { InventoryModel } from '../../../src-main/core/inventory/model';
import { task } from '../inventory/records';

const ACCOUNT = 'arn:aws:ecs:us-west-2:111122223333';
const CLUSTER = `${ACCOUNT}:cluster/FargateCluster`;
const TASK = `${ACCOUNT}:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad`;

/** The task state change of the ECS developer guide ("Amazon ECS task state change events"). */
function guideTaskEvent(over: Record<string, unknown> = {}): EcsEventEnvelope {
  return {
    id: '3317b2af-7005-947d-b652-f55e762e571a', 'detail-type': 'ECS Task State Change', source: 'aws.ecs', account: '111122223333',
    time: '2020-01-23T17:57:58Z', region: 'us-west-2', resources: [TASK],
    detail: {
      attachments: [{ id: '1789bcae', type: 'eni', status: 'ATTACHED', details: [{ name: 'subnetId', value: 'subnet-abcd1234' }, { name: 'privateIPv4Address', value: '10.0.0.139' }] }],
      availabilityZone: 'us-west-2c', clusterArn: CLUSTER,
      containers: [{ containerArn: `${ACCOUNT}:container/cf159fd6`, lastStatus: 'RUNNING', name: 'FargateApp', image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/hello-repository:latest', imageDigest: 'sha256:74b2', runtimeId: 'ad64', taskArn: TASK, cpu: '0' }],
      createdAt: '2020-01-23T17:57:34.402Z', launchType: 'FARGATE', cpu: '256', memory: '512', desiredStatus: 'RUNNING', group: 'service:sample-fargate',
      lastStatus: 'RUNNING', connectivity: 'CONNECTED', connectivityAt: '2020-01-23T17:57:38.453Z', pullStartedAt: '2020-01-23T17:57:52.103Z',
      startedAt: '2020-01-23T17:57:58.103Z', pullStoppedAt: '2020-01-23T17:57:55.103Z', updatedAt: '2020-01-23T17:57:58.103Z',
      taskArn: TASK, taskDefinitionArn: `${ACCOUNT}:task-definition/sample-fargate:1`, version: 4, platformVersion: '1.3.0',
      ...over,
    },
  };
}

describe('ECS events to inventory actions', () => {
  it('turns the guide\'s task state change into a task record with its version and epoch-ms times, and names its service', () => {
    const action = actionOf(guideTaskEvent(), 1000);
    expect(action).toMatchObject({ kind: 'task', clusterArn: CLUSTER, taskArn: TASK, serviceName: 'sample-fargate' });
    if (action.kind !== 'task' || !action.record) throw new Error('expected a record');
    expect(action.record).toMatchObject({ version: 4, lastStatus: 'RUNNING', startedAt: Date.parse('2020-01-23T17:57:58.103Z'), createdAt: Date.parse('2020-01-23T17:57:34.402Z'), fetchedAt: 1000 });
    // The guide's example carries no capacityProviderName nor enableExecuteCommand: kept from a known record, or described.
    expect(action.missing).toEqual(['capacityProviderName', 'enableExecuteCommand', 'startedBy']);
  });

  it('describes a task whose event does not carry what Wharf shows', () => {
    expect(actionOf(guideTaskEvent({ containers: undefined }), 1)).toMatchObject({ kind: 'task', record: null, taskArn: TASK });
  });

  it('describes the service a service action or deployment event names', () => {
    const service = `${ACCOUNT}:service/default/servicetest`;
    const base = { id: 'x', source: 'aws.ecs', resources: [service] };
    expect(actionOf({ ...base, 'detail-type': 'ECS Service Action', detail: { eventType: 'INFO', eventName: 'SERVICE_STEADY_STATE', clusterArn: `${ACCOUNT}:cluster/default` } }, 1))
      .toEqual({ kind: 'service', clusterArn: `${ACCOUNT}:cluster/default`, service });
    expect(actionOf({ ...base, 'detail-type': 'ECS Deployment State Change', detail: { eventName: 'SERVICE_DEPLOYMENT_COMPLETED', deploymentId: 'ecs-svc/123' } }, 1))
      .toEqual({ kind: 'service', clusterArn: `${ACCOUNT}:cluster/default`, service });
  });

  it('ignores what is not ECS, or not for the inventory, and bodies that are not events', () => {
    expect(actionOf({ id: 'x', source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }, 1).kind).toBe('ignore');
    expect(actionOf({ id: 'x', source: 'aws.ecs', 'detail-type': 'ECS Something New', resources: [] }, 1).kind).toBe('ignore');
    expect(parseEvent('not json')).toBeNull();
  });

  it('finds the cluster in task and service ARNs of the long format only', () => {
    expect(clusterOfTask(TASK)).toBe(CLUSTER);
    expect(clusterOfTask(`${ACCOUNT}:task/c13b4cb4`)).toBeNull();
    expect(clusterOfService(`${ACCOUNT}:service/prod/web`)).toBe(`${ACCOUNT}:cluster/prod`);
  });
});

describe('the queue Wharf creates', () => {
  it('lets only EventBridge send, only for its rule', () => {
    const policy = JSON.parse(queuePolicy('arn:aws:sqs:us-east-1:1:q', 'arn:aws:events:us-east-1:1:rule/r'));
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:us-east-1:1:rule/r' } } })]);
    expect(isAllEcsPattern('{"source":["aws.ecs"]}')).toBe(true);
    expect(isAllEcsPattern('{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}')).toBe(false);
    // Wharf's own pattern, with its heartbeats; only that one routes them.
    expect(isAllEcsPattern('{"source":["aws.ecs","wharf.live"]}')).toBe(true);
    expect(isAllEcsPattern('{"source":["wharf.live"]}')).toBe(false);
    expect(routesHeartbeats('{"source":["aws.ecs","wharf.live"]}')).toBe(true);
    expect(routesHeartbeats('{"source":["aws.ecs"]}')).toBe(false);
  });
});

describe('versions in the model', () => {
  it('keeps the newest reading of a task: older ones and duplicates change nothing', () => {
    const model = new InventoryModel();
    const delta = new DeltaBuilder(CLUSTER);
    const v = (version: number, lastStatus: string) => ({ ...task('t1', { lastStatus }), clusterArn: CLUSTER, version });
    expect(model.putVersioned(CLUSTER, 'tasks', [v(3, 'RUNNING')], delta)).toEqual({ applied: 1, duplicates: 0, older: 0 });
    expect(model.putVersioned(CLUSTER, 'tasks', [v(2, 'PENDING')], delta)).toEqual({ applied: 0, duplicates: 0, older: 1 });
    expect(model.putVersioned(CLUSTER, 'tasks', [v(3, 'RUNNING')], delta)).toEqual({ applied: 0, duplicates: 1, older: 0 });
    // A poll's older reading does not replace it either.
    model.put(CLUSTER, 'tasks', [v(1, 'PROVISIONING')], delta);
    expect(model.state(CLUSTER).tasks.get(v(1, '').arn)).toMatchObject({ version: 3, lastStatus: 'RUNNING' });
    expect(delta.take().tasks?.map((t) => t.version)).toEqual([3]);
  });
});
