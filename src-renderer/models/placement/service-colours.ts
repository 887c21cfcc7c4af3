import type { ThemeName } from '../../theme/states';

/**
 * A stable colour per service, so `web` is the same blue on every instance, in every view,
 * poll after poll. Categorical colours only: none of them is one of the five state colours
 * (a service is not "failed" because it happens to be red-ish), each pair tuned for its theme.
 */
export const SERVICE_PALETTE: Record<ThemeName, readonly string[]> = {
  dark: ['#7aa6f0', '#f0a35e', '#6cc4a4', '#d987c6', '#c9c25a', '#9b96f2', '#5fc0d6', '#e89494', '#a3c76d', '#c9a27c', '#b98fe3', '#7fbfa8'],
  light: ['#3a6fc4', '#c46a1c', '#2a8f6c', '#a84b92', '#837c18', '#5a55c8', '#1f8aa3', '#b84a4a', '#5f8a28', '#8a623c', '#7b4fb0', '#3d7d66'],
};

/** FNV-1a: small, fast, and the same answer in every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Palette slots for the services of a view. Each service starts at its hash's slot; on a
 * collision it takes the next free one (services handled in name order, so the result
 * depends only on the set of names). Past the palette's size, colours repeat.
 */
export function serviceSlots(names: readonly string[], size: number): Map<string, number> {
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of [...new Set(names)].sort()) {
    let slot = hash(name) % size;
    if (taken.size < size) while (taken.has(slot)) slot = (slot + 1) % size;
    taken.add(slot);
    slots.set(name, slot);
  }
  return slots;
}

/** The colour of every service past the palette's few when a view has more services than colours. */
export const OTHER_SERVICES: Record<ThemeName, string> = { dark: '#5d6672', light: '#a9b1bb' };

/**
 * name → colour for one theme. While the services fit the palette, each keeps its own slot
 * (stable whatever else is on screen). A view with more services than colours (2,000 at
 * `large`) names the few that matter in `featured` (the highlighted one first, then those
 * its legend lists): they take distinct colours in that order, and every other service is
 * drawn in one neutral colour, so the colours on screen stay distinguishable rather than
 * repeating by hash.
 */
export function serviceColours(names: readonly string[], theme: ThemeName, featured: readonly string[] = []): (name: string) => string {
  const palette = SERVICE_PALETTE[theme];
  if (new Set(names).size > palette.length && featured.length > 0) {
    const slots = new Map<string, number>();
    for (const name of featured) if (!slots.has(name) && slots.size < palette.length) slots.set(name, slots.size);
    return (name) => {
      const slot = slots.get(name);
      return slot === undefined ? OTHER_SERVICES[theme] : palette[slot];
    };
  }
  const slots = serviceSlots(names, palette.length);
  return (name) => palette[slots.get(name) ?? hash(name) % palette.length];
}
