import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { CloudWatchClient, GetMetricStatisticsCommand, type Statistic } from '@aws-sdk/client-cloudwatch';
import { errorOf, startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'empty' });
});
afterAll(() => stopHarness(h));

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDSIMTEST/20261121/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00';

describe('the front door', () => {
  it('refuses a JSON request without an Authorization header as AWS does', async () => {
    const res = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('refuses a query request without credentials with an XML error', async () => {
    const res = await fetch(h.sim.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationTokenException</Code><Message>Missing Authentication Token</Message>');
  });

  it('answers an unknown operation with UnknownOperationException and the error type header', async () => {
    const res = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteEverything', authorization: AUTH },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('routes query requests by the signing name: STS and CloudWatch (which also speaks JSON 1.0)', async () => {
    const sts = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH.replace('/ecs/', '/sts/') },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(sts.status).toBe(200);
    const xml = await sts.text();
    expect(xml).toMatch(/^<GetCallerIdentityResponse xmlns="[^"]+"><GetCallerIdentityResult>.*<Account>123456789012<\/Account>/);
    expect(xml).toContain('<ResponseMetadata><RequestId>');

    const cwQuery = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH.replace('/ecs/', '/monitoring/') },
      body: 'Action=ListMetrics&Version=2010-08-01',
    });
    expect(cwQuery.status).toBe(200);
    expect(await cwQuery.text()).toContain('<ListMetricsResponse');
    const cwJson = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics', authorization: AUTH.replace('/ecs/', '/monitoring/') },
      body: '{}',
    });
    expect(cwJson.status).toBe(200);
    expect(await cwJson.json()).toHaveProperty('Metrics');
  });

  it("answers CloudWatch errors with the model's query codes: in query XML, and as x-amzn-query-error on JSON 1.0", async () => {
    const body = { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', StartTime: 0, EndTime: 600, Period: 60, Statistics: ['Bogus'] };
    const json = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricStatistics', authorization: AUTH.replace('/ecs/', '/monitoring/') },
      body: JSON.stringify(body),
    });
    expect(json.status).toBe(400);
    expect(json.headers.get('x-amzn-query-error')).toBe('InvalidParameterValue;Sender');
    expect(((await json.json()) as { __type: string }).__type).toBe('InvalidParameterValueException');
    const query = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH.replace('/ecs/', '/monitoring/') },
      body: 'Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FECS&MetricName=CPUUtilization&StartTime=0&EndTime=600&Period=60&Statistics.member.1=Bogus',
    });
    expect(query.status).toBe(400);
    expect(await query.text()).toContain('<Type>Sender</Type><Code>InvalidParameterValue</Code>');
    // The SDK (awsQueryCompatible) keeps the shape's name and exposes the query code.
    const cw = new CloudWatchClient({ endpoint: h.sim.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDSIMTEST', secretAccessKey: 's' }, maxAttempts: 1 });
    const error = (await errorOf(cw.send(new GetMetricStatisticsCommand({ ...body, Statistics: body.Statistics as Statistic[], StartTime: new Date(0), EndTime: new Date(600_000) })))) as { name: string; Code?: string; Type?: string };
    cw.destroy();
    expect(error).toMatchObject({ name: 'InvalidParameterValueException', Code: 'InvalidParameterValue', Type: 'Sender' });
    // Services without the trait send no such header.
    const ecs = await fetch(h.sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListServices', authorization: AUTH },
      body: JSON.stringify({ cluster: 'nope' }),
    });
    expect(ecs.headers.get('x-amzn-query-error')).toBeNull();
  });

  it('serves the SDK, and reports every exchange to onExchange', async () => {
    const seen: string[] = [];
    await h.sim.close();
    const { startHarness: start } = await import('./harness');
    h = await start({ scenario: 'empty', onExchange: (e) => seen.push(`${e.service}.${e.operation}:${e.status}`) });
    expect((await h.ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    expect(seen).toEqual(['ecs.ListClusters:200']);
  });

  it('turns faults on and off at runtime through POST /__sim/faults', async () => {
    const set = await fetch(`${h.sim.endpoint}/__sim/faults`, { method: 'POST', body: JSON.stringify({ serverErrorRate: 1 }) });
    expect(await set.json()).toMatchObject({ serverErrorRate: 1 });
    const error = await errorOf(h.ecs.send(new ListClustersCommand({})));
    expect(error.name).toBe('ServerException');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    await fetch(`${h.sim.endpoint}/__sim/faults`, { method: 'POST', body: JSON.stringify({ serverErrorRate: 0 }) });
    await expect(h.ecs.send(new ListClustersCommand({}))).resolves.toBeTruthy();
    const state = await (await fetch(`${h.sim.endpoint}/__sim/state`)).json();
    expect(state).toMatchObject({ scenario: 'empty', counts: { clusters: 0 } });
  });

  it('expires credentials after the configured time', async () => {
    h.sim.setFaults({ expireCredentialsAfterSeconds: 0.05 });
    await h.ecs.send(new ListClustersCommand({}));
    await new Promise((resolve) => setTimeout(resolve, 80));
    const error = await errorOf(h.ecs.send(new ListClustersCommand({})));
    expect(error.name).toBe('ExpiredTokenException');
    expect(error.message).toBe('The security token included in the request is expired');
    h.sim.setFaults({ expireCredentialsAfterSeconds: 0 });
  });
});
