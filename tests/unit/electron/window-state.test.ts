import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, saveWindowState, windowStateFile } from '../../../src-main/electron/window-state';
import { windowTitle } from '../../../src-main/electron/window';
import type { FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const external = { x: 1440, y: 0, width: 2560, height: 1440 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wharf-winstate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('window state file', () => {
  it('round-trips saved bounds', async () => {
    const file = windowStateFile(dir);
    saveWindowState(file, { x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(await loadWindowState(file)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
  });

  it('falls back to defaults on a missing, broken or hostile file', async () => {
    expect(await loadWindowState(join(dir, 'missing.json'))).toEqual(DEFAULT_WINDOW_STATE);
    for (const content of ['{not json', '{"width":"1e9","height":800}', '{"width":-5,"height":800}', '{"__proto__":{"x":1}}', 'null']) {
      const file = join(dir, 'bad.json');
      await writeFile(file, content);
      expect(await loadWindowState(file), content).toEqual(DEFAULT_WINDOW_STATE);
    }
  });
});

describe('fitting saved bounds to the displays', () => {
  it('keeps a window that is on a display', () => {
    expect(fitToDisplays({ x: 1500, y: 100, width: 1600, height: 1000, maximized: false }, [laptop, external])).toEqual({ x: 1500, y: 100, width: 1600, height: 1000, maximized: false });
  });

  it('drops the position of a window on a display that is gone', () => {
    const fitted = fitToDisplays({ x: 2000, y: 100, width: 1200, height: 800, maximized: false }, [laptop]);
    expect(fitted.x).toBeUndefined();
    expect(fitted.y).toBeUndefined();
  });

  it('clamps the size to the largest display and the minimum', () => {
    expect(fitToDisplays({ width: 9000, height: 9000, maximized: false }, [laptop])).toMatchObject({ width: 1440, height: 900 });
    expect(fitToDisplays({ width: 10, height: 10, maximized: false }, [laptop])).toMatchObject({ width: 800, height: 500 });
  });

  it('pulls a window hanging off the edge back inside its display', () => {
    expect(fitToDisplays({ x: 1000, y: 600, width: 1200, height: 800, maximized: false }, [laptop])).toMatchObject({ x: 240, y: 100 });
  });
});

describe('window title', () => {
  it('names profile, account and region', () => {
    expect(windowTitle(null)).toBe('Wharf');
    expect(
      windowTitle({ profile: 'prod-admin', kind: 'sso', region: 'eu-west-1', accountId: '123456789012', callerArn: 'arn:aws:sts::123456789012:assumed-role/x/y', readOnly: false, production: true, demo: false, openedAt: 0 }),
    ).toBe('Wharf — prod-admin · 123456789012 · eu-west-1');
  });
});

describe('remembering the bounds', () => {
  it('saves the normal bounds when the window closes, and reopens with them', async () => {
    const { createMainWindow } = await import('../../../src-main/electron/window');
    const stateFile = join(dir, 'remembered.json');
    const first = (await createMainWindow({ preloadPath: '/p.cjs', stateFile })) as unknown as FakeBrowserWindow;
    first.fire('close');
    expect(await loadWindowState(stateFile)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    const second = (await createMainWindow({ preloadPath: '/p.cjs', stateFile })) as unknown as FakeBrowserWindow;
    expect(second.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
  });
});
