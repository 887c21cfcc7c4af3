import type { LogSource } from '../../contract/domains/logs';

/**
 * Where a container's logs are, from its task definition's `logConfiguration` alone (pure, so
 * every driver's rule is unit-tested). Known tools show only awslogs, and sometimes the wrong
 * container's stream; this names the right stream per container, and says in words where the
 * logs go when Wharf cannot read them.
 */
export interface LogConfiguration {
  logDriver?: string;
  options?: Record<string, string | undefined>;
}

export interface ContainerLogContext {
  container: string;
  /** The task id (last segment of the task ARN): the awslogs stream's last part. */
  taskId: string;
  /** The cluster name, for FireLens stream templates. */
  clusterName: string;
  taskArn: string;
  /** The session's region: the default when the configuration names none. */
  defaultRegion: string;
  /** The Docker container id: awslogs names the stream after it when there is no prefix (EC2). */
  runtimeId: string | null;
}

export function resolveLogSource(config: LogConfiguration | undefined | null, ctx: ContainerLogContext): LogSource {
  const base = { container: ctx.container, taskId: ctx.taskId };
  if (!config?.logDriver) {
    return {
      ...base, readable: false, driver: null,
      where: `${ctx.container} has no logConfiguration: its output stays with the container runtime's default log driver on the host, which Wharf cannot read. Add an awslogs logConfiguration to see it here.`,
    };
  }
  const options = config.options ?? {};
  if (config.logDriver === 'awslogs') return awslogsSource(options, ctx);
  if (config.logDriver === 'awsfirelens') return firelensSource(options, ctx);
  return { ...base, readable: false, driver: config.logDriver, where: `${ctx.container} logs through the ${config.logDriver} driver${driverDestination(config.logDriver, options)}; Wharf reads only CloudWatch Logs.` };
}

function awslogsSource(options: Record<string, string | undefined>, ctx: ContainerLogContext): LogSource {
  const base = { container: ctx.container, taskId: ctx.taskId, driver: 'awslogs' };
  const group = options['awslogs-group'];
  if (!group) return { ...base, readable: false, where: `${ctx.container} uses awslogs without an awslogs-group option; ECS would refuse such a definition, so there is nothing to read.` };
  const region = options['awslogs-region'] || ctx.defaultRegion;
  const prefix = options['awslogs-stream-prefix'];
  // Without a prefix (allowed on EC2 only) the stream is named after the Docker container id.
  const stream = prefix ? `${prefix}/${ctx.container}/${ctx.taskId}` : ctx.runtimeId;
  if (!stream) {
    return { ...base, readable: false, where: `${ctx.container} logs to ${group} (${region}) without a stream prefix, so its stream is named after the Docker container id, which ECS has not reported yet.` };
  }
  return { ...base, driver: 'awslogs', readable: true, group, region, stream };
}

/** Fluent Bit's CloudWatch outputs (the Go `cloudwatch` plugin and the C `cloudwatch_logs` one). */
const FIRELENS_CLOUDWATCH = new Set(['cloudwatch', 'cloudwatch_logs']);

function firelensSource(options: Record<string, string | undefined>, ctx: ContainerLogContext): LogSource {
  const base = { container: ctx.container, taskId: ctx.taskId, driver: 'awsfirelens' };
  const output = (options.Name ?? options.name ?? '').toLowerCase();
  if (!FIRELENS_CLOUDWATCH.has(output)) {
    return { ...base, readable: false, where: `FireLens sends ${ctx.container}'s logs to ${firelensDestination(output, options)}; Wharf reads only CloudWatch Logs.` };
  }
  const group = options.log_group_name ? fillTemplate(options.log_group_name, ctx) : null;
  if (!group) return { ...base, readable: false, where: `FireLens sends ${ctx.container}'s logs to CloudWatch Logs, but the log group is not a fixed name (log_group_name is missing or templated).` };
  const region = options.region || ctx.defaultRegion;
  // The stream is log_stream_name when set, else log_stream_prefix + the FireLens tag
  // `<container>-firelens-<task id>`.
  const named = options.log_stream_name ?? options.log_stream_template;
  const stream = named ? fillTemplate(named, ctx) : `${options.log_stream_prefix ?? ''}${ctx.container}-firelens-${ctx.taskId}`;
  if (!stream) return { ...base, readable: false, where: `FireLens sends ${ctx.container}'s logs to ${group} (${region}) under a stream name Wharf cannot work out (${named}).` };
  return { ...base, driver: 'awsfirelens', readable: true, group, region, stream };
}

/** Fluent Bit's `$(ecs_task_id)`-style variables Wharf knows; null when others remain. */
function fillTemplate(template: string, ctx: ContainerLogContext): string | null {
  const filled = template
    .replaceAll('$(ecs_task_id)', ctx.taskId)
    .replaceAll('$(ecs_cluster)', ctx.clusterName)
    .replaceAll('$(ecs_task_arn)', ctx.taskArn)
    .replaceAll('$(container_name)', ctx.container);
  return /\$\(|\$\{/.test(filled) ? null : filled;
}

function firelensDestination(output: string, options: Record<string, string | undefined>): string {
  switch (output) {
    case 'firehose':
    case 'kinesis_firehose':
      return `the Kinesis Data Firehose delivery stream ${options.delivery_stream ?? '(unnamed)'}`;
    case 'kinesis':
    case 'kinesis_streams':
      return `the Kinesis data stream ${options.stream ?? '(unnamed)'}`;
    case 's3':
      return `the S3 bucket ${options.bucket ?? '(unnamed)'}`;
    case 'es':
    case 'opensearch':
      return `OpenSearch at ${options.Host ?? options.host ?? '(no host)'}`;
    case 'datadog':
      return 'Datadog';
    case 'splunk':
      return `Splunk at ${options.Host ?? options.host ?? '(no host)'}`;
    case 'newrelic':
      return 'New Relic';
    case '':
      return 'an output named in its own Fluent Bit or Fluentd configuration file';
    default:
      return `the ${output} output`;
  }
}

function driverDestination(driver: string, options: Record<string, string | undefined>): string {
  switch (driver) {
    case 'splunk':
      return options['splunk-url'] ? ` to Splunk at ${options['splunk-url']}` : ' to Splunk';
    case 'fluentd':
      return options['fluentd-address'] ? ` to fluentd at ${options['fluentd-address']}` : ' to a fluentd daemon';
    case 'gelf':
      return options['gelf-address'] ? ` to ${options['gelf-address']}` : '';
    case 'syslog':
      return options['syslog-address'] ? ` to ${options['syslog-address']}` : ' to the host\'s syslog';
    case 'json-file':
    case 'journald':
    case 'local':
      return ' on the container instance itself';
    default:
      return '';
  }
}
