import { describe, expect, it } from 'vitest';
import { dockFront, stepDockTab, type DockTabRef } from '../../../src-renderer/models/frame/dock-front';

describe('the dock\'s one tab strip', () => {
  it('shows the kind asked for last while it has a tab, else the other kind', () => {
    expect(dockFront('logs', 2, 1)).toBe('logs');
    expect(dockFront('exec', 2, 1)).toBe('exec');
    expect(dockFront('logs', 2, 0)).toBe('exec'); // last tail closed: the shells come back
    expect(dockFront('exec', 0, 1)).toBe('logs'); // last shell closed: the tails come back
    expect(dockFront('logs', 0, 0)).toBe('exec'); // nothing open: the exec part's empty state
  });

  it('steps across both kinds with the arrow keys, wrapping', () => {
    const strip: DockTabRef[] = [
      { kind: 'exec', id: 'exec-1' },
      { kind: 'exec', id: 'exec-2' },
      { kind: 'logs', id: 'task:abc' },
    ];
    expect(stepDockTab(strip, strip[1], 1)).toEqual(strip[2]);
    expect(stepDockTab(strip, strip[2], 1)).toEqual(strip[0]);
    expect(stepDockTab(strip, strip[0], -1)).toEqual(strip[2]);
    expect(stepDockTab(strip, null, 1)).toEqual(strip[0]);
    expect(stepDockTab([], null, 1)).toBeNull();
  });
});
