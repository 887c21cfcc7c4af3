import { describe, expect, it } from 'vitest';
import { AwsClock } from '../../../src-main/core/aws/aws-clock';
import { ApiMonitor } from '../../../src-main/core/aws/api-monitor';
import { failureKindOf } from '../../../src-main/core/aws/failure-kind';
import { isUnimplemented, unimplementedError } from '../../../src-main/core/aws/unimplemented';
import { fixForKind, shellArg } from '../../../src-main/core/aws/credential-errors';
import { conditionOf } from '../../../src-main/core/status/condition';
import type { AwsProfile } from '../../../src-main/core/aws/profiles';

describe('AwsClock: ages on AWS time', () => {
  it('learns the skew from the Date header (middle of its second) and follows a clock that runs fast', () => {
    let local = Date.UTC(2026, 0, 1, 12, 0, 0);
    const clock = new AwsClock(() => local);
    expect(clock.now('us-east-1')).toBe(local);
    clock.observe('us-east-1', new Date(local + 90_000).toUTCString(), local);
    expect(clock.skewMs('us-east-1')).toBe(90_500);
    // The sim at --speed 5 gains 4 s per real second: a jump, taken at once.
    local += 10_000;
    clock.observe('us-east-1', new Date(local + 130_000).toUTCString(), local);
    expect(clock.skewMs('us-east-1')).toBe(130_500);
    expect(clock.now('us-east-1')).toBe(local + 130_500);
    // Per region; junk ignored.
    expect(clock.skewMs('eu-west-1')).toBe(0);
    clock.observe('us-east-1', 'not a date', local);
    expect(clock.skewMs('us-east-1')).toBe(130_500);
  });
});

describe('failures by kind, and the cause named', () => {
  it('classifies SDK errors', () => {
    expect(failureKindOf({ name: 'ExpiredTokenException' })).toBe('credentials');
    expect(failureKindOf({ name: 'AccessDeniedException' })).toBe('access-denied');
    expect(failureKindOf({ name: 'Error', code: 'ECONNREFUSED' })).toBe('unreachable');
    expect(failureKindOf({ name: 'ServerException', $metadata: { httpStatusCode: 500 } })).toBe('server');
    expect(failureKindOf({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe('other');
  });

  it('names the latest trouble of the last minute: a storm of throttles, not an old 5xx', () => {
    let t = 0;
    const monitor = new ApiMonitor({ now: () => t, setTimer: () => () => {} });
    monitor.recordError('ecs.read', 'DescribeServices: ServerException: Service Unavailable', 'server');
    t = 90_000;
    for (let i = 0; i < 34; i++) monitor.recordThrottle('ecs.read');
    expect(monitor.trouble()).toMatchObject({ kind: 'throttled', count: 34, recovered: false });
    const c = conditionOf(monitor.trouble(), { profile: 'prod', demo: false, credentialsFix: 'x', endpoint: null }, null);
    expect(c?.message).toBe("AWS is throttling this account's requests (34 times in the last minute).");
    t = 95_000;
    monitor.recordSuccess('ecs.read');
    expect(monitor.trouble()?.recovered).toBe(true);
    t = 200_000;
    expect(monitor.trouble()).toBeNull();
  });

  it('says the fix for the profile\'s kind, and quotes names with spaces', () => {
    const demo = { name: 'Demo account', kind: 'demo', region: 'us-east-1', endpoints: {}, readOnly: false, production: false, sourceProfile: null, roleArn: null, ssoSession: null, ssoStartUrl: null } as AwsProfile;
    expect(fixForKind(demo, [demo])).not.toMatch(/sso/);
    const sso = { ...demo, name: 'my team', kind: 'sso' } as AwsProfile;
    expect(fixForKind(sso, [sso])).toBe("aws sso login --profile 'my team'");
    expect(shellArg('prod-admin')).toBe('prod-admin');
    expect(shellArg("it's")).toBe(`'it'\\''s'`);
    const c = conditionOf({ kind: 'credentials', message: 'x', at: 0, count: 3, recovered: false }, { profile: 'Demo account', demo: true, credentialsFix: fixForKind(demo, [demo]), endpoint: null }, null);
    expect(c?.message).toBe('The credentials of profile “Demo account” have expired or were refused, so Wharf cannot refresh.');
    expect(c?.fix).not.toMatch(/sso login/);
  });

  it('says the Demo sim stopped and was restarted, never "check the network"', () => {
    const session = { profile: 'Demo account', demo: true, credentialsFix: '', endpoint: 'http://127.0.0.1:4599' };
    const unreachable = { kind: 'unreachable' as const, message: 'ECONNREFUSED', at: 0, count: 5, recovered: false };
    expect(conditionOf(unreachable, session, null)?.message).toBe("The Demo account's simulator does not answer.");
    const restarting = { state: 'restarting' as const, message: "The Demo account's simulator stopped (SIGKILL); Wharf is restarting it.", at: 1000, restarts: 1 };
    expect(conditionOf(unreachable, session, restarting, 2000)).toMatchObject({ kind: 'demo-sim', message: restarting.message, recovered: false });
    const running = { ...restarting, state: 'running' as const, message: "The Demo account's simulator stopped (SIGKILL); Wharf restarted it." };
    expect(conditionOf(null, session, running, 2000)).toMatchObject({ kind: 'demo-sim', recovered: true });
    expect(conditionOf(null, session, running, 1000 + 10 * 60_000)).toBeNull();
  });
});

describe('an operation the endpoint lacks', () => {
  it('is recognised from a 501, an HTML 404, or an unknown-operation error, and said in one sentence', () => {
    expect(isUnimplemented({ name: 'SyntaxError', message: "Unexpected token '<'", $metadata: { httpStatusCode: 501 } })).toBe(true);
    expect(isUnimplemented({ name: 'SyntaxError', message: "Unexpected token '<'", $metadata: { httpStatusCode: 404 } })).toBe(true);
    expect(isUnimplemented({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isUnimplemented({ name: 'InternalFailure', message: "The API action 'ListServiceDeployments' for service 'ecs' has not yet been emulated by LocalStack.", $metadata: { httpStatusCode: 501 } })).toBe(true);
    expect(isUnimplemented({ name: 'ServerException', message: 'Service Unavailable', $metadata: { httpStatusCode: 500 } })).toBe(false);
    expect(isUnimplemented({ name: 'ServiceNotFoundException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(unimplementedError('ListServiceDeployments', null).message).toBe('This endpoint does not implement ListServiceDeployments.');
  });
});
