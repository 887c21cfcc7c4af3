/**
 * The Electron entry's lifecycle, with `electron` and the sim process mocked: sandbox and
 * app scheme before ready, single instance, the Demo account handed to core, the window
 * title following the session, and a clean shutdown of core and the sim.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, FakeNotification, FakeSession, FakeWebContents, app, electronModule, handlers, resetFakeElectron } from './fake-electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-main/contract/channels';
import type { ShellHooks, WharfCore } from '../../../src-main/core/core';

const captured = vi.hoisted(() => ({ core: null as WharfCore | null, options: null as unknown, hooks: null as ShellHooks | null, simClose: null as null | (() => Promise<void>) }));

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
vi.mock('../../../src-main/sim/embedded', () => {
  const startSimProcess = vi.fn(async (_opts?: unknown) => {
    captured.simClose = vi.fn(async () => undefined);
    const credentials = { accessKeyId: 'AKIASIMLIFECYCLE0001', secretAccessKey: 'lifecycle-test-secret-key' };
    return { endpoint: 'http://127.0.0.1:45999', region: 'eu-west-1', accountId: '000000000000', credentials, pid: 1, close: captured.simClose, onExit: () => {} };
  });
  // The shell supervises the sim (restarts it if it dies); here it only starts it.
  const superviseSimProcess = vi.fn(async (opts: unknown) => {
    const sim = await startSimProcess(opts);
    return { current: () => sim, restarts: () => 0, close: () => sim.close() };
  });
  return { startSimProcess, superviseSimProcess };
});
vi.mock('../../../src-main/core/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src-main/core/core')>();
  return {
    ...actual,
    createCore: vi.fn(async (...args: Parameters<typeof actual.createCore>) => {
      captured.options = args[0];
      captured.hooks = args[1] ?? null;
      captured.core = await actual.createCore(...args);
      vi.spyOn(captured.core, 'close');
      return captured.core;
    }),
  };
});

let userData: string;
let win: FakeBrowserWindow;

beforeAll(async () => {
  resetFakeElectron();
  userData = await mkdtemp(join(tmpdir(), 'wharf-main-'));
  app.getPath.mockReturnValue(userData);
  await import('../../../src-main/electron/main');
  await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1));
  win = FakeBrowserWindow.created[0];
});

afterAll(async () => {
  await captured.core?.close();
  await rm(userData, { recursive: true, force: true });
});

describe('startup', () => {
  it('turns on the sandbox and registers app:// as standard and secure before ready', () => {
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(electronModule.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    const sandboxAt = app.enableSandbox.mock.invocationCallOrder[0];
    expect(sandboxAt).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]);
    expect(electronModule.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]);
  });

  it('serves app:// and loads the window from it', () => {
    expect(electronModule.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(win.loadURL).toHaveBeenCalledWith('app://wharf/index.html');
    expect((win.options.webPreferences as { preload: string }).preload).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('hands the Demo account from the sim process to core, with the key pair the sim made, started as a utility process', async () => {
    const { startSimProcess } = await import('../../../src-main/sim/embedded');
    const { utilityLauncher } = await import('../../../src-main/electron/demo-sim');
    expect(startSimProcess).toHaveBeenCalledWith(expect.objectContaining({ script: expect.stringMatching(/sim\.js$/), scenario: 'demo', launch: utilityLauncher }));
    expect(captured.options).toMatchObject({
      transport: 'electron',
      dataDir: userData,
      demo: { endpoint: 'http://127.0.0.1:45999', scenario: 'demo', region: 'eu-west-1', credentials: { accessKeyId: 'AKIASIMLIFECYCLE0001', secretAccessKey: 'lifecycle-test-secret-key' } },
    });
  });

  it('denies permissions on the default session and guards every new web contents', () => {
    const session = electronModule.session.defaultSession as FakeSession;
    const callback = vi.fn();
    session.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const other = new FakeWebContents('https://evil.example/');
    app.fire('web-contents-created', {}, other);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('answers IPC calls from the window', async () => {
    const handler = handlers.get(IPC_CALL_CHANNEL);
    const response = await handler?.({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, { kind: 'call', id: 1, method: 'app.info', args: {} });
    expect(response).toMatchObject({ ok: true, result: { transport: 'electron', demoScenario: 'demo' } });
  });

  it('never sends the Demo key pair to the window (answers and events)', async () => {
    const handler = handlers.get(IPC_CALL_CHANNEL);
    const from = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const answers = [];
    for (const [id, method] of ['app.info', 'session.profiles', 'session.current', 'settings.get'].entries()) {
      answers.push(await handler?.(from, { kind: 'call', id: 100 + id, method, args: {} }));
    }
    const seen = JSON.stringify([answers, win.webContents.send.mock.calls]);
    expect(seen).toContain('Demo account');
    expect(seen).not.toContain('lifecycle-test-secret-key');
    expect(seen).not.toContain('AKIASIMLIFECYCLE0001');
  });
});

describe('while running', () => {
  it('titles the window "Wharf — profile · account · region" on session.changed', () => {
    captured.core?.events.emit('session.changed', { profile: 'Demo account', kind: 'demo', region: 'eu-west-1', accountId: '000000000000', callerArn: 'arn:aws:iam::000000000000:user/demo', readOnly: false, production: false, demo: true, openedAt: 1 });
    expect(win.title).toBe('Wharf — Demo account · 000000000000 · eu-west-1');
    captured.core?.events.emit('session.changed', null);
    expect(win.title).toBe('Wharf');
  });

  it('shows core\'s notifications as Electron notifications; a click focuses the window and sends it notifications.opened', () => {
    expect(captured.hooks?.notify).toEqual(expect.any(Function));
    captured.hooks?.notify?.({ title: 'checkout is crash-looping', body: '5 tasks stopped in 10 min', key: 'crash-loop:svc@1' });
    expect(FakeNotification.shown).toHaveLength(1);
    const shown = FakeNotification.shown[0];
    expect(shown.options).toEqual({ title: 'checkout is crash-looping', body: '5 tasks stopped in 10 min' });
    win.focus.mockClear();
    win.webContents.send.mockClear();
    shown.fire('click');
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { kind: 'event', event: 'notifications.opened', payload: { key: 'crash-loop:svc@1' } });
    return vi.waitFor(() => expect(win.focus).toHaveBeenCalled());
  });

  it('shows no desktop notification where the system has none', () => {
    FakeNotification.supported = false;
    FakeNotification.shown = [];
    captured.hooks?.notify?.({ title: 't', body: 'b', key: 'k' });
    expect(FakeNotification.shown).toHaveLength(0);
    FakeNotification.supported = true;
  });

  it('focuses the first window when a second instance starts', () => {
    app.fire('second-instance');
    expect(win.focus).toHaveBeenCalled();
  });

  it('quits when all windows close (except on macOS)', () => {
    app.fire('window-all-closed');
    if (process.platform === 'darwin') expect(app.quit).not.toHaveBeenCalled();
    else expect(app.quit).toHaveBeenCalled();
  });
});

describe('shutdown', () => {
  it('holds the quit until core and the sim are closed, then quits', async () => {
    app.quit.mockClear();
    const event = { preventDefault: vi.fn() };
    app.fire('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(captured.core?.close).toHaveBeenCalled();
    expect(captured.simClose).toHaveBeenCalled();
    expect(handlers.has(IPC_CALL_CHANNEL)).toBe(false);
    // The second will-quit (from that app.quit) goes through.
    const again = { preventDefault: vi.fn() };
    app.fire('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });
});

describe('a second instance', () => {
  it('quits at once without starting anything', async () => {
    vi.resetModules();
    resetFakeElectron();
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await import('../../../src-main/electron/main');
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});
