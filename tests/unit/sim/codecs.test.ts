import { describe, expect, it } from 'vitest';
import { parseCredentialScope } from '../../../src-main/sim/http/auth';
import { encodeJsonBody, encodeJsonOutput } from '../../../src-main/sim/http/json-codec';
import { JsonFragment, withoutFragments } from '../../../src-main/sim/http/json-fragment';
import { decodeQueryInput, encodeQueryError, encodeQueryOutput } from '../../../src-main/sim/http/query-codec';
import { SimError, wireMap } from '../../../src-main/sim/http/types';

describe('query protocol decoding', () => {
  it('turns member lists and nested structures into arrays and objects, dropping Version', () => {
    const body =
      'Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=m1' +
      '&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=ClusterName' +
      '&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=prod' +
      '&MetricDataQueries.member.2.Id=m2&StartTime=2026-11-21T00%3A00%3A00Z';
    const { action, input } = decodeQueryInput(body);
    expect(action).toBe('GetMetricData');
    expect(input).toEqual({
      MetricDataQueries: [{ Id: 'm1', MetricStat: { Metric: { Dimensions: [{ Name: 'ClusterName', Value: 'prod' }] } } }, { Id: 'm2' }],
      StartTime: '2026-11-21T00:00:00Z',
    });
  });

  it('turns entry lists into maps', () => {
    expect(decodeQueryInput('Action=X&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Attrs.entry.2.key=b&Attrs.entry.2.value=2').input).toEqual({ Attrs: { a: '1', b: '2' } });
  });
});

describe('encoding', () => {
  it('writes JSON timestamps as epoch seconds and drops undefined members', () => {
    const text = encodeJsonOutput({ at: new Date(1500), gone: undefined, list: [{ t: new Date(2000) }] });
    expect(JSON.parse(text)).toEqual({ at: 1.5, list: [{ t: 2 }] });
  });

  it('writes query responses with member lists, ISO timestamps and the request id', () => {
    const xml = encodeQueryOutput('GetCallerIdentity', { Account: '1', Items: ['a', 'b'], At: new Date(0) }, 'https://sts.amazonaws.com/doc/2011-06-15/', 'rid');
    expect(xml).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        '<Account>1</Account><Items><member>a</member><member>b</member></Items><At>1970-01-01T00:00:00.000Z</At>' +
        '</GetCallerIdentityResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
  });

  it('writes maps marked with wireMap as <entry><key/><value/></entry> in query XML, and as plain objects in JSON', () => {
    const output = { Datapoints: [{ Average: 1.5, ExtendedStatistics: wireMap({ p99: 9.5, 'p99.9': 10 }) }] };
    expect(encodeQueryOutput('GetMetricStatistics', output, undefined, 'rid')).toContain(
      '<Datapoints><member><Average>1.5</Average><ExtendedStatistics>' +
        '<entry><key>p99</key><value>9.5</value></entry><entry><key>p99.9</key><value>10</value></entry>' +
        '</ExtendedStatistics></member></Datapoints>',
    );
    expect(JSON.parse(encodeJsonOutput(output))).toEqual({ Datapoints: [{ Average: 1.5, ExtendedStatistics: { p99: 9.5, 'p99.9': 10 } }] });
  });

  it('splices pre-encoded fragments into JSON bodies as they are, and gives everyone else their value', () => {
    const value = { name: 'ü', at: new Date(2000) };
    const fragment = new JsonFragment(Buffer.from('{"name":"ü","at":2}'), () => value);
    const output = { items: [fragment, { plain: true }], count: 1 };
    expect(encodeJsonBody(output).toString('utf8')).toBe('{"items":[{"name":"ü","at":2},{"plain":true}],"count":1}');
    expect(encodeJsonOutput(output)).toBe('{"items":[{"name":"ü","at":2},{"plain":true}],"count":1}');
    expect(JSON.parse(JSON.stringify(output)).items[0]).toEqual({ name: 'ü', at: '1970-01-01T00:00:02.000Z' });
    expect(withoutFragments(output)).toEqual({ items: [value, { plain: true }], count: 1 });
    expect(encodeQueryOutput('X', { Item: fragment }, undefined, 'r')).toContain('<Item><name>ü</name><at>1970-01-01T00:00:02.000Z</at></Item>');
  });

  it('writes query errors with Type, Code and an escaped Message', () => {
    const xml = encodeQueryError(new SimError('Throttling', 'Rate <exceeded>'), undefined, 'r1');
    expect(xml).toContain('<Type>Sender</Type><Code>Throttling</Code><Message>Rate &lt;exceeded&gt;</Message>');
  });
});

describe('SigV4 credential scope', () => {
  it('reads access key, region and signing name', () => {
    const header = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/eu-west-1/monitoring/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    expect(parseCredentialScope(header)).toEqual({ accessKeyId: 'AKIDEXAMPLE', date: '20261121', region: 'eu-west-1', signingName: 'monitoring' });
    expect(parseCredentialScope(undefined)).toBeUndefined();
    expect(parseCredentialScope('Bearer token')).toBeUndefined();
  });
});
