import { describe, expect, it } from 'vitest';
import { createServiceRowCache } from '../../../src-renderer/models/inventory/service-rows';
import { ACCOUNT, problem, service } from './inventory-fixtures';

const images = new Map([[`${ACCOUNT}:task-definition/web:8`, 'repo/web:v1']]);

describe('createServiceRowCache: rows survive deltas that touched no service', () => {
  it('returns the same array when nothing about the services changed (a tasks-only delta)', () => {
    const build = createServiceRowCache();
    const records = [service('web'), service('api')];
    const first = build(records, images);
    const again = build([...records], new Map(images));
    expect(again).toBe(first);
  });

  it('rebuilds only the row whose record was replaced, in a new array', () => {
    const build = createServiceRowCache();
    const web = service('web');
    const api = service('api');
    const first = build([web, api], images);
    const next = build([web, service('api', { runningCount: 1 })], images);
    expect(next).not.toBe(first);
    expect(next[0]).toBe(first[0]);
    expect(next[1].running).toBe(1);
  });

  it('follows fetchedAt and stale moved in place, a new verdict and a new image', () => {
    const build = createServiceRowCache();
    const web = service('web');
    const first = build([web], images);
    web.fetchedAt = 2000;
    const refreshed = build([web], images);
    expect(refreshed).not.toBe(first);
    expect(refreshed[0].fetchedAt).toBe(2000);
    web.stale = true;
    expect(build([web], images)[0].stale).toBe(true);
    // Core re-sends a record when its verdict moves: a new object.
    const flaggedWeb = service('web', { stale: true }, [problem({ targetArn: web.arn })]);
    const flagged = build([flaggedWeb], images);
    expect(flagged[0].problem?.kind).toBe('crash-loop');
    expect(flagged[0].stateWord).toBe('crash-looping');
    const retagged = build([flaggedWeb], new Map([[web.taskDefinition, 'repo/web:v2']]));
    expect(retagged[0].imageTag).toBe('v2');
  });

  it('notices a removed service', () => {
    const build = createServiceRowCache();
    const web = service('web');
    build([web, service('api')], images);
    expect(build([web], images).map((r) => r.name)).toEqual(['web']);
  });
});
