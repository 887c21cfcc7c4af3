import { describe, expect, it } from 'vitest';
import { SERVICE_PALETTE, serviceColours, serviceSlots } from '../../../src-renderer/models/placement/service-colours';
import { STATE_STYLES } from '../../../src-renderer/theme/states';

describe('service colours', () => {
  it('gives distinct services distinct colours while the palette lasts', () => {
    const names = ['web', 'api', 'ledger', 'inference', 'edge-collector', 'checkout', 'notifications', 'emailer'];
    const slots = serviceSlots(names, 12);
    expect(new Set(slots.values()).size).toBe(names.length);
  });

  it('is stable: the same name keeps its colour however the list is ordered', () => {
    const a = serviceColours(['web', 'api', 'ledger'], 'dark');
    const b = serviceColours(['ledger', 'web', 'api'], 'dark');
    expect(a('web')).toBe(b('web'));
    expect(a('api')).toBe(b('api'));
  });

  it('uses none of the state colours', () => {
    for (const theme of ['dark', 'light'] as const) {
      const states = Object.values(STATE_STYLES).map((s) => s.colour[theme]);
      for (const c of SERVICE_PALETTE[theme]) expect(states).not.toContain(c);
    }
  });
});
