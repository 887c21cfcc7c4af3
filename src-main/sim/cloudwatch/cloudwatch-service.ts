/**
 * CloudWatch's metric reads over the sim's MetricsStore, in both protocols its clients speak:
 * JSON 1.0 (the JS SDK v3, awsQueryCompatible) and query/XML (the AWS CLI 2.9).
 * Errors carry the model's shape names (InvalidParameterValueException, …); the front door
 * answers the query protocol with the model's short codes (InvalidParameterValue) from
 * QUERY_ERROR_CODES, and adds them to JSON errors as x-amzn-query-error (awsQueryCompatible).
 */
import { SimError, wireMap, type OperationInput, type RequestContext, type ServiceDefinition } from '../http/types';
import { decodeOffset, encodeOffset, pageOf } from '../ecr/paging';
import type { MetricSeries, MetricsStore } from './metrics-store';
import { AlarmsStore, type AlarmRecord } from './alarms-store';
import { boolOf, dimensionsOf, intOf, listOf, timeOf } from './query-input';
import { periodStarts, statisticOf, valuesInPeriod, type Statistic } from './statistics';

const DEFAULT_MAX_DATAPOINTS = 100_800;
const MAX_STATISTICS_DATAPOINTS = 1_440;
const LIST_METRICS_PAGE = 500;

/**
 * Error shape name -> query code, where they differ: the `error.code` of each error shape in
 * botocore's cloudwatch/2010-08-01/service-2.json.
 */
export const QUERY_ERROR_CODES: Record<string, string> = {
  DashboardInvalidInputError: 'InvalidParameterInput',
  DashboardNotFoundError: 'ResourceNotFound',
  InternalServiceFault: 'InternalServiceError',
  InvalidFormatFault: 'InvalidFormat',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  InvalidParameterValueException: 'InvalidParameterValue',
  LimitExceededFault: 'LimitExceeded',
  MissingRequiredParameterException: 'MissingParameter',
  ThrottlingException: 'Throttling',
};

/** CloudWatch: metric reads over `store`, and alarms (DescribeAlarms, SetAlarmState, PutMetricAlarm) over `alarms`. */
export function cloudwatchService(store: MetricsStore, alarms: AlarmsStore = new AlarmsStore({ accountId: '000000000000', region: 'us-east-1' })): ServiceDefinition {
  return {
    signingName: 'monitoring',
    targetPrefix: 'GraniteServiceVersion20100801',
    protocols: ['json1.0', 'query'],
    xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
    queryErrorCodes: QUERY_ERROR_CODES,
    awsQueryCompatible: true,
    operations: {
      GetMetricData: (input, ctx) => getMetricData(store, input, ctx),
      GetMetricStatistics: (input, ctx) => getMetricStatistics(store, input, ctx),
      ListMetrics: (input) => listMetrics(store, input),
      DescribeAlarms: (input) => describeAlarms(alarms, input),
      SetAlarmState: (input, ctx) => setAlarmState(alarms, input, ctx.now),
      PutMetricAlarm: (input, ctx) => putMetricAlarm(alarms, input, ctx.now),
    },
  };
}

interface Point {
  t: number;
  v: number;
}

function getMetricData(store: MetricsStore, input: OperationInput, ctx: RequestContext) {
  const queries = listOf(input.MetricDataQueries);
  if (queries.length === 0) throw invalid('The parameter MetricDataQueries is required and must hold at least one query.');
  const start = timeOf(input.StartTime, 'StartTime');
  const end = timeOf(input.EndTime, 'EndTime');
  if (end <= start) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const descending = (input.ScanBy ?? 'TimestampDescending') !== 'TimestampAscending';
  const results = queries
    .filter((q) => boolOf(q.ReturnData) !== false)
    .map((q, i) => {
      const points = queryPoints(store, q, start, end, ctx.now);
      if (descending) points.reverse();
      return { id: String(q.Id ?? `m${i}`), label: String(q.Label ?? q.MetricStat?.Metric?.MetricName ?? q.Id), points };
    });
  return pageDatapoints(results, intOf(input.MaxDatapoints) ?? DEFAULT_MAX_DATAPOINTS, input.NextToken);
}

/**
 * One page of at most `budget` datapoints over all queries, in query order. Every query
 * appears on every page; a query with points left for later pages says PartialData.
 */
function pageDatapoints(results: Array<{ id: string; label: string; points: Point[] }>, budget: number, nextToken: unknown) {
  if (budget < 1) throw invalid('The parameter MaxDatapoints must be greater than 0.');
  const from = nextToken === undefined || nextToken === '' ? 0 : decodeOffset(nextToken, 'InvalidNextToken');
  const to = from + budget;
  let offset = 0;
  const metricDataResults = results.map((r) => {
    const slice = r.points.slice(Math.max(0, from - offset), Math.max(0, to - offset));
    const left = offset + r.points.length > to;
    offset += r.points.length;
    return {
      Id: r.id,
      Label: r.label,
      Timestamps: slice.map((p) => new Date(p.t)),
      Values: slice.map((p) => p.v),
      StatusCode: left ? 'PartialData' : 'Complete',
    };
  });
  return { MetricDataResults: metricDataResults, NextToken: offset > to ? encodeOffset(to) : undefined, Messages: [] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function queryPoints(store: MetricsStore, q: any, start: number, end: number, now: number): Point[] {
  const stat = q.MetricStat;
  if (!stat) {
    // Metric math is not simulated: the query answers with no data rather than failing the call.
    return [];
  }
  const metric = stat.Metric ?? {};
  const period = intOf(stat.Period ?? q.Period);
  if (period === undefined || period < 1) throw invalid(`The parameter MetricDataQueries.member.${String(q.Id)}.MetricStat.Period must be a positive number of seconds.`);
  const reduce = requireStatistic(String(stat.Stat));
  const series = store.find(String(metric.Namespace), String(metric.MetricName), dimensionsOf(metric.Dimensions));
  return series ? aggregate(series, start, end, period, now, reduce) : [];
}

function aggregate(series: MetricSeries, start: number, end: number, periodSec: number, now: number, reduce: Statistic): Point[] {
  const points: Point[] = [];
  for (const t of periodStarts(start, end, periodSec, now)) {
    const values = valuesInPeriod(series, t, periodSec * 1000, now);
    if (values.length > 0) points.push({ t, v: round(reduce(values)) });
  }
  return points;
}

function getMetricStatistics(store: MetricsStore, input: OperationInput, ctx: RequestContext) {
  const start = timeOf(input.StartTime, 'StartTime');
  const end = timeOf(input.EndTime, 'EndTime');
  const period = intOf(input.Period);
  if (period === undefined || period < 1) throw invalid('The parameter Period must be a positive number of seconds.');
  const stats = listOf(input.Statistics).map(String);
  const extended = listOf(input.ExtendedStatistics).map(String);
  if (stats.length === 0 && extended.length === 0) {
    throw new SimError('MissingRequiredParameterException', 'Must specify either Statistics or ExtendedStatistics.');
  }
  const requested = Math.ceil((end - start) / (period * 1000));
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw new SimError(
      'InvalidParameterCombinationException',
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const reducers = [...stats, ...extended].map((name) => [name, requireStatistic(name)] as const);
  const metricName = String(input.MetricName);
  const series = store.find(String(input.Namespace), metricName, dimensionsOf(input.Dimensions));
  const datapoints = [];
  for (const t of series ? periodStarts(start, end, period, ctx.now) : []) {
    const values = valuesInPeriod(series!, t, period * 1000, ctx.now);
    if (values.length === 0) continue;
    const point: Record<string, unknown> = { Timestamp: new Date(t), Unit: series!.unit };
    const ext: Record<string, number> = {};
    for (const [name, reduce] of reducers) {
      if (extended.includes(name)) ext[name] = round(reduce(values));
      else point[name] = round(reduce(values));
    }
    if (extended.length > 0) point.ExtendedStatistics = wireMap(ext);
    datapoints.push(point);
  }
  return { Label: metricName, Datapoints: datapoints };
}

function listMetrics(store: MetricsStore, input: OperationInput) {
  const filters = listOf(input.Dimensions).map((d) => ({ name: String(d.Name), value: d.Value === undefined ? undefined : String(d.Value) }));
  const matching = store
    .all()
    .filter(
      (s) =>
        (input.Namespace === undefined || s.namespace === input.Namespace) &&
        (input.MetricName === undefined || s.metricName === input.MetricName) &&
        filters.every((f) => f.name in s.dimensions && (f.value === undefined || s.dimensions[f.name] === f.value)),
    );
  const page = pageOf(matching, LIST_METRICS_PAGE, input.NextToken, {
    sizeField: 'NextToken',
    min: 1,
    max: LIST_METRICS_PAGE,
    defaultSize: LIST_METRICS_PAGE,
    errorCode: 'InvalidParameterValueException',
  });
  return {
    Metrics: page.items.map((s) => ({
      Namespace: s.namespace,
      MetricName: s.metricName,
      Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
    })),
    NextToken: page.nextToken,
  };
}

const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

function describeAlarms(alarms: AlarmsStore, input: OperationInput) {
  const names = listOf(input.AlarmNames).map(String);
  const prefix = input.AlarmNamePrefix === undefined ? undefined : String(input.AlarmNamePrefix);
  if (names.length && prefix !== undefined) {
    throw new SimError('InvalidParameterCombinationException', 'AlarmNames and AlarmNamePrefix cannot be specified at the same time.');
  }
  if (names.length > 100) throw invalid('The parameter AlarmNames must hold at most 100 names.');
  const state = input.StateValue === undefined ? undefined : String(input.StateValue);
  if (state !== undefined && !(ALARM_STATES as readonly string[]).includes(state)) throw invalid(`The value ${state} for parameter StateValue is not valid.`);
  const types = listOf(input.AlarmTypes).map(String);
  const wantsMetric = types.length === 0 || types.includes('MetricAlarm');
  const matching = wantsMetric
    ? alarms.all().filter((a) => (!names.length || names.includes(a.name)) && (prefix === undefined || a.name.startsWith(prefix)) && (state === undefined || a.state === state))
    : [];
  const page = pageOf(matching, input.MaxRecords, input.NextToken, {
    sizeField: 'maxRecords',
    min: 1,
    max: 100,
    defaultSize: 50,
    errorCode: 'InvalidParameterValueException',
  });
  return { MetricAlarms: page.items.map(renderAlarm), CompositeAlarms: [], NextToken: page.nextToken };
}

function renderAlarm(a: AlarmRecord) {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: a.description,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configUpdatedAt),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: [],
    StateValue: a.state,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: new Date(a.stateUpdatedAt),
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: a.statistic,
    Dimensions: Object.entries(a.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Period: a.period,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    StateTransitionedTimestamp: new Date(a.stateTransitionedAt),
  };
}

function setAlarmState(alarms: AlarmsStore, input: OperationInput, now: number) {
  const name = input.AlarmName === undefined ? '' : String(input.AlarmName);
  const state = input.StateValue === undefined ? '' : String(input.StateValue);
  const reason = input.StateReason === undefined ? '' : String(input.StateReason);
  if (!name || !state || !reason) throw new SimError('MissingRequiredParameterException', 'The parameters AlarmName, StateValue and StateReason are required.');
  if (!(ALARM_STATES as readonly string[]).includes(state)) throw invalid(`The value ${state} for parameter StateValue is not valid.`);
  if (input.StateReasonData !== undefined) {
    try {
      JSON.parse(String(input.StateReasonData));
    } catch {
      throw new SimError('InvalidFormatFault', 'StateReasonData is not valid JSON.');
    }
  }
  if (!alarms.get(name)) throw new SimError('ResourceNotFound', `Alarm ${name} not found`, 404);
  alarms.setState(name, state as AlarmRecord['state'], reason, now, input.StateReasonData === undefined ? undefined : String(input.StateReasonData));
  return {};
}

function putMetricAlarm(alarms: AlarmsStore, input: OperationInput, now: number) {
  const name = input.AlarmName === undefined ? '' : String(input.AlarmName);
  if (!name) throw new SimError('MissingRequiredParameterException', 'The parameter AlarmName is required.');
  alarms.put(
    {
      name,
      description: input.AlarmDescription === undefined ? undefined : String(input.AlarmDescription),
      namespace: String(input.Namespace ?? ''),
      metricName: String(input.MetricName ?? ''),
      dimensions: dimensionsOf(input.Dimensions),
      statistic: (input.Statistic ?? 'Average') as AlarmRecord['statistic'],
      period: intOf(input.Period) ?? 60,
      evaluationPeriods: intOf(input.EvaluationPeriods) ?? 1,
      datapointsToAlarm: intOf(input.DatapointsToAlarm),
      threshold: Number(input.Threshold ?? 0),
      comparisonOperator: String(input.ComparisonOperator ?? 'GreaterThanThreshold'),
      treatMissingData: input.TreatMissingData === undefined ? undefined : String(input.TreatMissingData),
      actionsEnabled: boolOf(input.ActionsEnabled) ?? true,
      alarmActions: listOf(input.AlarmActions).map(String),
      okActions: listOf(input.OKActions).map(String),
    },
    now,
  );
  return {};
}

function requireStatistic(name: string): Statistic {
  const reduce = statisticOf(name);
  if (!reduce) throw invalid(`The value ${name} for parameter Stat is not a valid statistic: use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99.`);
  return reduce;
}

function invalid(message: string): SimError {
  return new SimError('InvalidParameterValueException', message);
}

// CloudWatch answers doubles; keep them short so responses and snapshots stay readable.
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
