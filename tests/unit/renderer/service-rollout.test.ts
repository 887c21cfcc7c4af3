import { describe, expect, it } from 'vitest';
import { rolloutLabel } from '../../../src-renderer/models/inventory/service-rollout';
import type { Rollout } from '../../../src-renderer/models/inventory/service-rows';

const rollout = (over: Partial<Rollout>): Rollout => ({ kind: 'rolling', from: null, to: 'web:8', newRunning: 1, newDesired: 2, rolloutState: null, ...over });

describe('rolloutLabel', () => {
  it('names the new revision alone when the family stays, the whole of it when the family changes', () => {
    expect(rolloutLabel(rollout({ from: 'web:7', to: 'web:8' }))).toBe('web:7 → 8');
    expect(rolloutLabel(rollout({ from: 'web-canary:7', to: 'web:8' }))).toBe('web-canary:7 → web:8');
  });

  it('says steady and failed rollouts by their revision', () => {
    expect(rolloutLabel(rollout({ kind: 'steady', to: 'web:8' }))).toBe('web:8');
    expect(rolloutLabel(rollout({ kind: 'failed', from: 'web:7', to: 'web:8' }))).toBe('web:8 failed');
  });
});
