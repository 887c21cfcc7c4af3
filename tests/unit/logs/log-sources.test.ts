import { describe, expect, it } from 'vitest';
import { resolveLogSource, type ContainerLogContext } from '../../../src-main/core/logs/log-sources';

const ctx: ContainerLogContext = {
  container: 'app',
  taskId: '0123456789abcdef0123456789abcdef',
  clusterName: 'prod',
  taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
  defaultRegion: 'eu-west-1',
  runtimeId: 'd0c4e1f2a3b4',
};

describe('awslogs', () => {
  it('names the stream prefix/container/taskId in the configured group and region', () => {
    const source = resolveLogSource({ logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': 'us-east-2', 'awslogs-stream-prefix': 'ecs' } }, ctx);
    expect(source).toEqual({ readable: true, container: 'app', taskId: ctx.taskId, driver: 'awslogs', group: '/ecs/shop', region: 'us-east-2', stream: `ecs/app/${ctx.taskId}` });
  });

  it('uses the session region when awslogs-region is absent', () => {
    const source = resolveLogSource({ logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'web' } }, ctx);
    expect(source).toMatchObject({ readable: true, region: 'eu-west-1', stream: `web/app/${ctx.taskId}` });
  });

  it('without a prefix (EC2) the stream is the Docker container id; unknown id says so', () => {
    expect(resolveLogSource({ logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop' } }, ctx)).toMatchObject({ readable: true, stream: 'd0c4e1f2a3b4' });
    const unknown = resolveLogSource({ logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop' } }, { ...ctx, runtimeId: null });
    expect(unknown.readable).toBe(false);
    if (!unknown.readable) expect(unknown.where).toMatch(/container id/);
  });

  it('names each container\'s own stream (not the first container\'s)', () => {
    const config = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'ecs' } };
    const a = resolveLogSource(config, { ...ctx, container: 'app' });
    const b = resolveLogSource(config, { ...ctx, container: 'envoy' });
    expect(a.readable && b.readable && [a.stream, b.stream]).toEqual([`ecs/app/${ctx.taskId}`, `ecs/envoy/${ctx.taskId}`]);
  });
});

describe('FireLens', () => {
  it('reads a CloudWatch output from its options: group, region, prefix + FireLens tag', () => {
    const source = resolveLogSource({ logDriver: 'awsfirelens', options: { Name: 'cloudwatch_logs', region: 'us-west-2', log_group_name: '/firelens/app', log_stream_prefix: 'fb-', auto_create_group: 'true' } }, ctx);
    expect(source).toEqual({ readable: true, container: 'app', taskId: ctx.taskId, driver: 'awsfirelens', group: '/firelens/app', region: 'us-west-2', stream: `fb-app-firelens-${ctx.taskId}` });
  });

  it('fills $(ecs_task_id) and $(ecs_cluster) in log_stream_name', () => {
    const source = resolveLogSource({ logDriver: 'awsfirelens', options: { Name: 'cloudwatch', log_group_name: '/fl/$(ecs_cluster)', log_stream_name: 'app/$(ecs_task_id)' } }, ctx);
    expect(source).toMatchObject({ readable: true, group: '/fl/prod', stream: `app/${ctx.taskId}`, region: 'eu-west-1' });
  });

  it('a template Wharf cannot fill makes the source unreadable, with the group named', () => {
    const source = resolveLogSource({ logDriver: 'awsfirelens', options: { Name: 'cloudwatch', log_group_name: '/fl/app', log_stream_name: '$(kubernetes_pod)' } }, ctx);
    expect(source.readable).toBe(false);
    if (!source.readable) expect(source.where).toContain('/fl/app');
  });

  it('other outputs: says where the logs go', () => {
    const firehose = resolveLogSource({ logDriver: 'awsfirelens', options: { Name: 'firehose', region: 'us-east-1', delivery_stream: 'app-logs' } }, ctx);
    expect(firehose).toMatchObject({ readable: false, driver: 'awsfirelens' });
    if (!firehose.readable) expect(firehose.where).toBe("FireLens sends app's logs to the Kinesis Data Firehose delivery stream app-logs; Wharf reads only CloudWatch Logs.");
    const datadog = resolveLogSource({ logDriver: 'awsfirelens', options: { Name: 'datadog', apikey: 'x' } }, ctx);
    if (!datadog.readable) expect(datadog.where).toMatch(/Datadog/);
  });
});

describe('other drivers', () => {
  it('splunk, fluentd, json-file: where, and that Wharf reads only CloudWatch Logs', () => {
    const splunk = resolveLogSource({ logDriver: 'splunk', options: { 'splunk-url': 'https://splunk.example:8088' } }, ctx);
    expect(splunk).toMatchObject({ readable: false, driver: 'splunk' });
    if (!splunk.readable) expect(splunk.where).toBe('app logs through the splunk driver to Splunk at https://splunk.example:8088; Wharf reads only CloudWatch Logs.');
    const local = resolveLogSource({ logDriver: 'json-file' }, ctx);
    if (!local.readable) expect(local.where).toMatch(/on the container instance itself/);
  });

  it('no logConfiguration at all', () => {
    const none = resolveLogSource(undefined, ctx);
    expect(none).toMatchObject({ readable: false, driver: null });
    if (!none.readable) expect(none.where).toMatch(/no logConfiguration/);
  });
});
