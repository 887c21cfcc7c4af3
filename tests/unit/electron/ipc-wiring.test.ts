import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, FakeSession, FakeWebContents, electronModule, handlers, resetFakeElectron } from './fake-electron';
import { methods, type MethodName } from '../../../src-main/contract/api';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-main/contract/channels';
import type { CallResponse } from '../../../src-main/contract/wire';
import { createCore, type WharfCore } from '../../../src-main/core/core';
import { wireIpc, type IpcWiring } from '../../../src-main/electron/ipc';
import { createMainWindow } from '../../../src-main/electron/window';
import { hardenSession, hardenWebContents, openExternalForCore } from '../../../src-main/electron/security';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const ALLOWED_CONSOLE_URL = 'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/demo/services?region=us-east-1';

let dataDir: string;
let core: WharfCore;
let coreCall: ReturnType<typeof vi.spyOn>;
let win: FakeBrowserWindow;
let wiring: IpcWiring;

beforeEach(async () => {
  resetFakeElectron();
  dataDir = await mkdtemp(join(tmpdir(), 'wharf-ipc-'));
  // A real core, isolated from this machine's AWS files and variables.
  const env = { HOME: dataDir, AWS_CONFIG_FILE: join(dataDir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'none') };
  core = await createCore({ version: '0.0.0-test', transport: 'electron', dataDir, demo: null, env }, { openExternal: openExternalForCore });
  coreCall = vi.spyOn(core, 'call');
  win = new FakeBrowserWindow({});
  wiring = wireIpc(core, () => FakeBrowserWindow.getAllWindows() as never);
});

afterEach(async () => {
  wiring.dispose();
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Invokes the call channel as Electron would, from `frame` of `sender`. */
function invoke(request: unknown, sender: FakeWebContents = win.webContents, frame: unknown = sender.mainFrame): Promise<CallResponse> {
  const handler = handlers.get(IPC_CALL_CHANNEL);
  if (!handler) throw new Error('no handler on the call channel');
  return handler({ sender, senderFrame: frame }, request) as Promise<CallResponse>;
}

describe('the call channel', () => {
  it('brings every contract method from the main frame to core', async () => {
    const names = Object.keys(methods) as MethodName[];
    expect(names.length).toBeGreaterThan(0);
    for (const [index, method] of names.entries()) {
      const response = await invoke({ kind: 'call', id: index, method, args: {} });
      expect(response.id, method).toBe(index);
      if (!response.ok) expect(['UNKNOWN_METHOD', 'FORBIDDEN'], `${method}: ${response.error.message}`).not.toContain(response.error.code);
      expect(coreCall).toHaveBeenLastCalledWith({ kind: 'call', id: index, method, args: {} }, { transport: 'electron' });
    }
    expect(coreCall).toHaveBeenCalledTimes(names.length);
  });

  it('returns the result of a valid call', async () => {
    const response = await invoke({ kind: 'call', id: 7, method: 'app.info', args: {} });
    expect(response).toMatchObject({ kind: 'result', id: 7, ok: true, result: { version: '0.0.0-test', transport: 'electron' } });
  });

  it('answers malformed requests with an error value', async () => {
    const response = await invoke({ nonsense: true });
    expect(response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a sub-frame of the app window', async () => {
    const subFrame = { url: 'app://wharf/index.html' };
    const response = await invoke({ kind: 'call', id: 3, method: 'app.info', args: {} }, win.webContents, subFrame);
    expect(response).toMatchObject({ kind: 'result', id: 3, ok: false, error: { code: 'FORBIDDEN' } });
    expect(coreCall).not.toHaveBeenCalled();
  });

  it('refuses a main frame showing a foreign origin', async () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://wharf.evil.example/', 'app://wharf:8080/', 'about:blank']) {
      win.webContents.mainFrame.url = url;
      const response = await invoke({ kind: 'call', id: 4, method: 'app.info', args: {} });
      expect(response, url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(coreCall).not.toHaveBeenCalled();
  });

  it('refuses contents that are not a Wharf window, and a frame that is gone', async () => {
    const stranger = new FakeWebContents();
    expect(await invoke({ kind: 'call', id: 5, method: 'app.info', args: {} }, stranger)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke({ kind: 'call', id: 6, method: 'app.info', args: {} }, win.webContents, null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    win.destroyed = true;
    expect(await invoke({ kind: 'call', id: 8, method: 'app.info', args: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(coreCall).not.toHaveBeenCalled();
  });

  it('stops answering once disposed', () => {
    wiring.dispose();
    expect(handlers.has(IPC_CALL_CHANNEL)).toBe(false);
  });
});

describe('events', () => {
  it('forwards core events to live windows as plain messages', async () => {
    const closed = new FakeBrowserWindow({});
    closed.destroyed = true;
    const response = await invoke({ kind: 'call', id: 1, method: 'settings.update', args: { theme: 'dark' } });
    expect(response.ok).toBe(true);
    // The change's audit entry, then the change itself.
    const sent = win.webContents.send.mock.calls;
    expect(sent.map(([, m]) => (m as { event: string }).event)).toEqual(['audit.appended', 'settings.changed']);
    const [channel, message] = sent[1];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    expect(message).toMatchObject({ kind: 'event', event: 'settings.changed', payload: { theme: 'dark' } });
    // Only data: it survives a JSON round trip unchanged (no functions, no Electron objects).
    for (const [, m] of sent) expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(closed.webContents.send).not.toHaveBeenCalled();
  });

  it('stops forwarding once disposed', () => {
    wiring.dispose();
    core.events.emit('status.changed', { requestsLastMinute: 0, throttlesLastMinute: 0, errorsLastMinute: 0, throttledTotal: 0, oldestFetchedAt: null, lastError: null, categories: [], awsClockSkewMs: 0, condition: null, unsupported: [], refreshEveryMs: null, refreshLimitedBy: null, demoSim: null });
    expect(win.webContents.send).not.toHaveBeenCalled();
  });
});

describe('the main window', () => {
  it('is created with the secure settings and loads the app origin, never file://', async () => {
    const created = (await createMainWindow({ preloadPath: '/app/out/preload/index.cjs', stateFile: join(dataDir, 'window-state.json') })) as unknown as FakeBrowserWindow;
    expect(created.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(created.loadURL).toHaveBeenCalledWith('app://wharf/index.html');
  });
});

describe('web contents denials', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    hardenWebContents(contents as never);
  });

  const fire = (name: string, url: string): boolean => {
    const event = { preventDefault: vi.fn(), url };
    contents.fire(name, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('prevents navigation and redirects away from the app', () => {
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(fire(name, 'https://evil.example/'), name).toBe(true);
      expect(fire(name, 'file:///etc/passwd'), name).toBe(true);
      expect(fire(name, 'app://wharf.evil.example/'), name).toBe(true);
      expect(fire(name, 'app://wharf/index.html#/clusters'), name).toBe(false);
    }
  });

  it('prevents attaching a webview', () => {
    expect(fire('will-attach-webview', 'https://evil.example/')).toBe(true);
  });

  it('denies window.open, sending only AWS console links to the browser', async () => {
    const open = electronModule.shell.openExternal;
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://wharf/index.html' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(open).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: ALLOWED_CONSOLE_URL })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith(ALLOWED_CONSOLE_URL));
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(session.permissionCheckHandler?.()).toBe(false);
    expect(session.deviceHandler?.()).toBe(false);
  });
});

describe('openExternal', () => {
  const open = electronModule.shell.openExternal;

  it('refuses http and look-alike hosts', async () => {
    for (const url of ['http://us-east-1.console.aws.amazon.com/ecs/v2/', 'https://console.aws.amazon.com.evil.example/', 'https://user:pw@console.aws.amazon.com/', 'javascript:alert(1)']) {
      await expect(openExternalForCore(url), url).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(open).not.toHaveBeenCalled();
  });

  it('opens an https AWS console link', async () => {
    await openExternalForCore(ALLOWED_CONSOLE_URL);
    expect(open).toHaveBeenCalledWith(ALLOWED_CONSOLE_URL);
  });

  it('is what app.openExternal reaches through IPC', async () => {
    const refused = await invoke({ kind: 'call', id: 1, method: 'app.openExternal', args: { url: 'https://console.aws.amazon.com.evil.example/' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(open).not.toHaveBeenCalled();
    const opened = await invoke({ kind: 'call', id: 2, method: 'app.openExternal', args: { url: ALLOWED_CONSOLE_URL } });
    expect(opened).toMatchObject({ ok: true, result: { opened: true } });
    expect(open).toHaveBeenCalledWith(ALLOWED_CONSOLE_URL);
  });
});
