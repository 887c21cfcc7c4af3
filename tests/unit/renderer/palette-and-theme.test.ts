import { describe, expect, it } from 'vitest';
import { fuzzyMatch, rankByQuery } from '../../../src-renderer/models/palette/fuzzy';
import { HEALTH_STATES, STATE_STYLES, stateCssVariables } from '../../../src-renderer/theme/states';
import { resolveTheme } from '../../../src-renderer/theme/resolve';
import { FRAME_COLOURS, rootCssVariables } from '../../../src-renderer/theme/tokens';
import { regionChoices, KNOWN_REGIONS } from '../../../src-renderer/stores/known-regions';

describe('fuzzy matching', () => {
  it('needs the letters in order', () => {
    expect(fuzzyMatch('chk', 'checkout')).not.toBeNull();
    expect(fuzzyMatch('kch', 'checkout')).toBeNull();
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] });
  });

  it('ranks prefixes and word starts above scattered letters', () => {
    const labels = ['Switch region to us-east-1', 'Settings', 'Audit log', 'payments / web'];
    expect(rankByQuery(labels, 'set', (l) => l)[0]?.item).toBe('Settings');
    expect(rankByQuery(labels, 'pay web', (l) => l)[0]?.item).toBe('payments / web');
    expect(rankByQuery(labels, 'audit', (l) => l).map((r) => r.item)).toEqual(['Audit log']);
  });

  it('drops scattered matches when a strong one exists', () => {
    const labels = ['Settings', 'Switch region to us-east-1'];
    expect(rankByQuery(labels, 'sett', (l) => l).map((r) => r.item)).toEqual(['Settings']);
  });

  it('keeps the given order among equals and reports matched positions', () => {
    const ranked = rankByQuery(['web-a', 'web-b'], 'web', (l) => l);
    expect(ranked.map((r) => r.item)).toEqual(['web-a', 'web-b']);
    expect(ranked[0]?.positions).toEqual([0, 1, 2]);
  });
});

describe('states and theme', () => {
  it('gives every state a word, a symbol and a colour per theme, all distinct', () => {
    for (const theme of ['dark', 'light'] as const) {
      const colours = HEALTH_STATES.map((s) => STATE_STYLES[s].colour[theme]);
      expect(new Set(colours).size).toBe(HEALTH_STATES.length);
      // The accent and the production frame are not a state's colour either.
      expect(colours).not.toContain(FRAME_COLOURS[theme].accent);
    }
    const symbols = HEALTH_STATES.map((s) => STATE_STYLES[s].symbol);
    expect(new Set(symbols).size).toBe(HEALTH_STATES.length);
  });

  it('exposes the same colours as CSS variables', () => {
    expect(stateCssVariables('dark')['--wh-state-failed']).toBe(STATE_STYLES.failed.colour.dark);
    expect(rootCssVariables('light')['--wh-state-healthy']).toBe(STATE_STYLES.healthy.colour.light);
    expect(rootCssVariables('light')['color-scheme']).toBe('light');
  });

  it('follows the OS unless the user chose', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('region choices', () => {
  it("prefers main's list, falls back to the known one, and always offers the current region", () => {
    expect(regionChoices(['eu-west-1'], 'eu-west-1')).toEqual(['eu-west-1']);
    expect(regionChoices([], null)).toEqual([...KNOWN_REGIONS]);
    expect(regionChoices(['eu-west-1'], 'us-gov-west-1')).toEqual(['us-gov-west-1', 'eu-west-1']);
  });
});
