import { describe, expect, it } from 'vitest';
import { openingOf, otherRegionOf, sortProblems } from '../../../src-renderer/models/problems/problem-rows';
import { problem } from './inventory-fixtures';

/** Problems of the regions the user watches, seen from the open one. */
const EU_SERVICE = 'arn:aws:ecs:eu-west-1:123456789012:service/eu-edge/edge-purge';
const euProblem = problem({
  id: `deployment-stuck:${EU_SERVICE}`, severity: 'error', kind: 'deployment-stuck', region: 'eu-west-1',
  clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/eu-edge', targetArn: EU_SERVICE, title: 'edge-purge: deployment in progress for 120 min', since: 100,
});

describe('problems of other regions', () => {
  it('carry their region when it is not the open one', () => {
    expect(otherRegionOf(euProblem, 'us-east-1')).toBe('eu-west-1');
    expect(otherRegionOf(euProblem, 'eu-west-1')).toBeNull();
    expect(otherRegionOf(problem(), 'us-east-1')).toBeNull();
    // No region open (no session): nothing to compare with, no tag.
    expect(otherRegionOf(euProblem, null)).toBeNull();
  });

  it('open by switching to their region first, then the place to look', () => {
    expect(openingOf(euProblem, 'us-east-1')).toEqual({
      switchRegion: 'eu-west-1',
      place: { name: 'cluster.service', params: { cluster: 'eu-edge', service: 'edge-purge' }, label: 'service edge-purge' },
    });
    expect(openingOf(euProblem, 'eu-west-1').switchRegion).toBeNull();
    expect(openingOf(problem(), 'us-east-1')).toMatchObject({ switchRegion: null, place: { name: 'cluster.service', params: { cluster: 'prod', service: 'web' } } });
  });

  it('sort worst first across regions, not grouped by region', () => {
    const list = sortProblems([
      problem({ id: 'us-warning', severity: 'warning', since: 900 }),
      euProblem,
      problem({ id: 'us-critical', severity: 'critical', since: 50 }),
      problem({ id: 'us-error', severity: 'error', since: 300 }),
    ]);
    expect(list.map((p) => p.id)).toEqual(['us-critical', 'us-error', euProblem.id, 'us-warning']);
  });
});
