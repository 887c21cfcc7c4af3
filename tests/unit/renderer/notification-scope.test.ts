import { describe, expect, it } from 'vitest';
import type { AppNotification } from '@contract/domains/notifications';
import { accountLabel, notificationsOfAccount } from '../../../src-renderer/models/problems/notification-scope';

const n = (key: string, account: string, profile: string | null): AppNotification => ({
  key, problemId: key, kind: 'crash-loop', severity: 'critical', clusterArn: `arn:aws:ecs:us-east-1:${account}:cluster/prod`, region: 'us-east-1',
  targetArn: `arn:aws:ecs:us-east-1:${account}:service/prod/x`, title: 'x: crash loop', detail: '', at: 1, read: false, profile,
});

describe('notifications belong to an account', () => {
  it('lists the open account\'s, keeps the others apart with their profile', () => {
    const demo = n('a', '123456789012', 'Demo account');
    const prod = n('b', '210987654321', 'prod-admin');
    expect(notificationsOfAccount([demo, prod], '210987654321')).toEqual({ here: [prod], others: [demo] });
    expect(notificationsOfAccount([demo, prod], null).here).toHaveLength(2);
    expect(accountLabel(demo)).toBe('Demo account · 1234 5678 9012');
    expect(accountLabel({ ...prod, profile: null })).toBe('2109 8765 4321');
  });
});
