import { describe, expect, it } from 'vitest';
import {
  checkReason, forceDeployNote, forceDeploySentence, newRequestId, parseDesiredCount, readOnlyReason, scaleNote, scaleSentence, serviceBlock, stopTaskBlock, stopTaskConfirmText, stopTaskSentence,
} from '../../../src-renderer/models/mutation/mutation-model';

/** The words and rules of the scale, force-deploy and stop-task dialogs. */
const session = { profile: 'prod-admin', region: 'eu-west-1', readOnly: false };

describe('mutation dialogs: sentences', () => {
  it('scale reads as one sentence naming the account', () => {
    expect(scaleSentence('checkout', 4, 6, session)).toBe('Scale checkout from 4 to 6 tasks in prod-admin / eu-west-1');
    expect(scaleSentence('checkout', 2, 1, session)).toBe('Scale checkout from 2 to 1 task in prod-admin / eu-west-1');
    expect(scaleNote(4, 0)).toMatch(/Every task of the service stops/);
    expect(scaleNote(4, 3)).toBe('ECS stops 1 task, draining load balancer targets first.');
    expect(scaleNote(4, 6)).toBeNull();
  });

  it('force deploy and stop task name the service, the task and the account', () => {
    expect(forceDeploySentence('checkout', session)).toBe('Force a new deployment of checkout in prod-admin / eu-west-1');
    expect(forceDeployNote({ runningCount: 4, taskDefinition: 'arn:aws:ecs:eu-west-1:1:task-definition/shop-checkout:42' })).toMatch(/^ECS replaces all 4 running tasks with new ones of shop-checkout:42/);
    expect(stopTaskSentence({ id: 'abc123', serviceName: 'checkout' }, session)).toBe('Stop task abc123 of checkout in prod-admin / eu-west-1');
    expect(stopTaskSentence({ id: 'abc123', serviceName: null }, session)).toBe('Stop task abc123 in prod-admin / eu-west-1');
  });

  it("stop task is confirmed by core's rule: the service's name, else the task id", () => {
    expect(stopTaskConfirmText({ id: 'abc123', group: 'service:checkout' })).toBe('checkout');
    expect(stopTaskConfirmText({ id: 'abc123', group: 'family:batch' })).toBe('abc123');
    expect(stopTaskConfirmText({ id: 'abc123', group: null })).toBe('abc123');
  });
});

describe('mutation dialogs: fields', () => {
  it('a desired count is a whole number from 0 to 5,000 that differs from the current one', () => {
    expect(parseDesiredCount(' 6 ', 4)).toEqual({ ok: true, value: 6 });
    expect(parseDesiredCount('0', 4)).toEqual({ ok: true, value: 0 });
    expect(parseDesiredCount('4', 4)).toEqual({ ok: false, why: 'The service already wants 4 tasks.' });
    for (const bad of ['', '-1', '2.5', 'six', '1e3']) expect(parseDesiredCount(bad, 4).ok, bad).toBe(false);
    expect(parseDesiredCount('5001', 4)).toEqual({ ok: false, why: 'ECS runs at most 5,000 tasks per service.' });
  });

  it('a stop reason is required and fits ECS limit', () => {
    expect(checkReason('  leak  ')).toEqual({ ok: true, value: 'leak' });
    expect(checkReason('   ').ok).toBe(false);
    expect(checkReason('x'.repeat(256))).toEqual({ ok: false, why: 'At most 255 characters (256 now).' });
  });

  it('request ids are fresh and fit the contract (8-64 of A-Z a-z 0-9 -)', () => {
    const a = newRequestId();
    expect(a).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(newRequestId()).not.toBe(a);
  });
});

describe('mutation dialogs: why a button is disabled', () => {
  it('a read-only profile (from the profile or Settings) blocks every change, saying so', () => {
    expect(readOnlyReason(session, [])).toBeNull();
    expect(readOnlyReason({ ...session, readOnly: true })).toBe('prod-admin is read-only: Wharf changes nothing through it. Settings lists the read-only profiles.');
    expect(readOnlyReason(session, ['prod-admin'])).toMatch(/^prod-admin is read-only/);
    expect(readOnlyReason(null)).toBe('No profile is open yet.');
  });

  it('an inactive or daemon service, and a stopped or stopping task, say why', () => {
    expect(serviceBlock({ status: 'ACTIVE', schedulingStrategy: 'REPLICA' }, 'scale')).toBeNull();
    expect(serviceBlock({ status: 'DRAINING', schedulingStrategy: 'REPLICA' }, 'forceDeployment')).toBe('The service is DRAINING: ECS accepts no changes to it.');
    expect(serviceBlock({ status: 'ACTIVE', schedulingStrategy: 'DAEMON' }, 'scale')).toMatch(/daemon service/);
    expect(serviceBlock({ status: 'ACTIVE', schedulingStrategy: 'DAEMON' }, 'forceDeployment')).toBeNull();
    expect(stopTaskBlock({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' })).toBeNull();
    expect(stopTaskBlock({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED' })).toBe('The task is already stopping.');
    expect(stopTaskBlock({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED' })).toBe('The task has already stopped.');
  });
});
