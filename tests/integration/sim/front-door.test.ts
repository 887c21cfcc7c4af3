import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { CloudWatchClient, GetMetricStatisticsCommand, type Statistic } from '@aws-sdk/client-cloudwatch';
import { adminFetch, errorOf, startHarness, stopHarness, type Harness } from './harness';
import { sendSigned } from './signing';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'empty', admin: true });
});
afterAll(() => stopHarness(h));

/** A request signed with the sim's own key pair for `service`, sent as it is. */
const signed = (service: string, headers: Record<string, string>, body: string) => sendSigned(h.sim.endpoint, { headers, body }, h.sim.credentials, service);

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
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>');
  });

  it('answers an unknown operation with UnknownOperationException and the error type header', async () => {
    const res = await signed('ecs', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteEverything' }, '{}');
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect((JSON.parse(res.text) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('routes query requests by the signing name: STS and CloudWatch (which also speaks JSON 1.0)', async () => {
    const sts = await signed('sts', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(sts.status).toBe(200);
    expect(sts.text).toMatch(/^<GetCallerIdentityResponse xmlns="[^"]+"><GetCallerIdentityResult>.*<Account>123456789012<\/Account>/);
    expect(sts.text).toContain('<ResponseMetadata><RequestId>');

    const cwQuery = await signed('monitoring', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListMetrics&Version=2010-08-01');
    expect(cwQuery.status).toBe(200);
    expect(cwQuery.text).toContain('<ListMetricsResponse');
    const cwJson = await signed('monitoring', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics' }, '{}');
    expect(cwJson.status).toBe(200);
    expect(JSON.parse(cwJson.text)).toHaveProperty('Metrics');
  });

  it("answers CloudWatch errors with the model's query codes: in query XML, and as x-amzn-query-error on JSON 1.0", async () => {
    const body = { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', StartTime: 0, EndTime: 600, Period: 60, Statistics: ['Bogus'] };
    const json = await signed('monitoring', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricStatistics' }, JSON.stringify(body));
    expect(json.status).toBe(400);
    expect(json.headers['x-amzn-query-error']).toBe('InvalidParameterValue;Sender');
    expect((JSON.parse(json.text) as { __type: string }).__type).toBe('InvalidParameterValueException');
    const query = await signed(
      'monitoring',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FECS&MetricName=CPUUtilization&StartTime=0&EndTime=600&Period=60&Statistics.member.1=Bogus',
    );
    expect(query.status).toBe(400);
    expect(query.text).toContain('<Type>Sender</Type><Code>InvalidParameterValue</Code>');
    // The SDK (awsQueryCompatible) keeps the shape's name and exposes the query code.
    const cw = new CloudWatchClient({ endpoint: h.sim.endpoint, region: 'us-east-1', credentials: h.sim.credentials, maxAttempts: 1 });
    const error = (await errorOf(cw.send(new GetMetricStatisticsCommand({ ...body, Statistics: body.Statistics as Statistic[], StartTime: new Date(0), EndTime: new Date(600_000) })))) as { name: string; Code?: string; Type?: string };
    cw.destroy();
    expect(error).toMatchObject({ name: 'InvalidParameterValueException', Code: 'InvalidParameterValue', Type: 'Sender' });
    // Services without the trait send no such header.
    const ecs = await signed('ecs', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListServices' }, JSON.stringify({ cluster: 'nope' }));
    expect(ecs.headers['x-amzn-query-error']).toBeUndefined();
  });

  it('serves the SDK, and reports every exchange to onExchange', async () => {
    const seen: string[] = [];
    await h.sim.close();
    const { startHarness: start } = await import('./harness');
    h = await start({ scenario: 'empty', admin: true, onExchange: (e) => seen.push(`${e.service}.${e.operation}:${e.status}`) });
    expect((await h.ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    expect(seen).toEqual(['ecs.ListClusters:200']);
  });

  it('turns faults on and off at runtime through POST /__sim/faults', async () => {
    const set = await adminFetch(h.sim, '/__sim/faults', { serverErrorRate: 1 });
    expect(await set.json()).toMatchObject({ serverErrorRate: 1 });
    const error = await errorOf(h.ecs.send(new ListClustersCommand({})));
    expect(error.name).toBe('ServerException');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    await adminFetch(h.sim, '/__sim/faults', { serverErrorRate: 0 });
    await expect(h.ecs.send(new ListClustersCommand({}))).resolves.toBeTruthy();
    const state = await (await adminFetch(h.sim, '/__sim/state')).json();
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
