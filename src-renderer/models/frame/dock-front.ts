/**
 * The bottom dock holds exec shells and log tails in one tab strip; one tab is in front and
 * gets the dock's whole width. These pure rules pick the kind in front and step along the strip.
 */
export type DockKind = 'exec' | 'logs';

export interface DockTabRef {
  kind: DockKind;
  id: string;
}

/** The kind last asked for (opened or clicked), unless it has no tab left and the other has. */
export function dockFront(wanted: DockKind, shells: number, tails: number): DockKind {
  if (wanted === 'logs' && tails > 0) return 'logs';
  if (shells > 0) return 'exec';
  return tails > 0 ? 'logs' : 'exec';
}

/** The tab after (1) or before (-1) `current` in the strip, wrapping; the first when none is current. */
export function stepDockTab(strip: readonly DockTabRef[], current: DockTabRef | null, step: 1 | -1): DockTabRef | null {
  if (!strip.length) return null;
  const at = current ? strip.findIndex((t) => t.kind === current.kind && t.id === current.id) : -1;
  if (at < 0) return strip[0];
  return strip[(at + step + strip.length) % strip.length];
}
