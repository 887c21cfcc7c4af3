/**
 * A stand-in for the `electron` module (the binary cannot run here): records what the shell
 * registers — IPC handlers, app listeners, window options — so tests can drive it the way
 * Electron would. Use with `vi.mock('electron', async () => (await import('./fake-electron')).electronModule)`.
 */
import { fork as nodeFork } from 'node:child_process';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }
  /** Calls every listener for `name`, as Electron would emit it. */
  fire(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
}

export interface FakeFrame {
  url: string;
}

export class FakeWebContents extends Emitter {
  readonly mainFrame: FakeFrame;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn();
  constructor(url = 'app://wharf/index.html') {
    super();
    this.mainFrame = { url };
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends Emitter {
  static created: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  title = '';
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly maximize = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  setTitle(title: string): void {
    this.title = title;
  }
}

export class FakeSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: (() => boolean) | null = null;
  deviceHandler: (() => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['deviceHandler']): void {
    this.deviceHandler = handler;
  }
}

/** Electron's Notification: records what was shown; `supported` is what isSupported() says. */
export class FakeNotification extends Emitter {
  static supported = true;
  static shown: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly show = vi.fn(() => void FakeNotification.shown.push(this));
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
}

/**
 * Electron's utilityProcess, played by a real Node child: `fork` records its arguments and
 * starts the script with Node's fork (no ELECTRON_RUN_AS_NODE: a utility process never needs
 * it), with stdout and stderr piped as `stdio: 'pipe'` asks; the returned object has the
 * UtilityProcess surface the shell uses (pid, stdout, stderr, kill(), 'exit' with a code).
 */
export class FakeUtilityProcess extends Emitter {
  static forked: Array<{ modulePath: string; args: string[]; options: Record<string, unknown>; child: FakeUtilityProcess }> = [];
  static fork(modulePath: string, args: string[] = [], options: Record<string, unknown> = {}): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args, options);
    FakeUtilityProcess.forked.push({ modulePath, args, options, child });
    return child;
  }
  private readonly proc;
  constructor(modulePath: string, args: string[], options: Record<string, unknown>) {
    super();
    // stdin is 'ignore' in a utility process, and it has no IPC channel with Node semantics.
    this.proc = nodeFork(modulePath, args, {
      execArgv: (options.execArgv as string[] | undefined) ?? [],
      env: (options.env as NodeJS.ProcessEnv | undefined) ?? process.env,
      stdio: ['ignore', options.stdio === 'pipe' ? 'pipe' : 'inherit', options.stdio === 'pipe' ? 'pipe' : 'inherit', 'ipc'],
    });
    this.proc.once('exit', (code, signal) => this.fire('exit', code ?? (signal ? 128 + 15 : 0)));
  }
  get pid(): number | undefined {
    return this.proc.pid;
  }
  get stdout() {
    return this.proc.stdout;
  }
  get stderr() {
    return this.proc.stderr;
  }
  kill(): boolean {
    return this.proc.kill('SIGTERM');
  }
}

export const handlers = new Map<string, Listener>();

export const app = Object.assign(new Emitter(), {
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(() => Promise.resolve()),
  quit: vi.fn(),
  exit: vi.fn(),
  getPath: vi.fn((_name: string) => '/nonexistent/wharf-test'),
});

export const electronModule = {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: {
    handle: vi.fn((channel: string, listener: Listener) => void handlers.set(channel, listener)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  },
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: new FakeSession() },
  Notification: FakeNotification,
  utilityProcess: FakeUtilityProcess,
};

/** Forgets everything recorded, between tests. */
export function resetFakeElectron(): void {
  handlers.clear();
  app.listeners.clear();
  FakeBrowserWindow.created = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  vi.clearAllMocks();
}
