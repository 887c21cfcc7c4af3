/**
 * The Electron entry: lifecycle only. Everything the app does lives in core; this file
 * starts the sandbox, the app protocol, the Demo account's sim, core, the IPC wiring and the
 * window, and shuts them down in reverse order.
 */
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createCore, type WharfCore } from '../core/core';
import { version } from '../../package.json';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { guardAllWebContents, hardenSession, openExternalForCore } from './security';
import { wireIpc, type IpcWiring } from './ipc';
import { createMainWindow, windowTitle } from './window';
import { windowStateFile } from './window-state';
import { startDemo, type RunningDemo } from './demo-sim';
import { demoSimReporter, type DemoSimReporter } from '../core/status/demo-sim-reporter';
import { desktopNotifier } from './desktop-notifications';
import { startUpdates } from './updates';
import { BUILD_COMMIT } from '../core/app/build-info';

// Before anything else: every renderer sandboxed, and app:// known as a secure origin.
app.enableSandbox();
registerAppScheme();

const PRELOAD = join(__dirname, '../preload/index.cjs');
const RENDERER_DIR = join(__dirname, '../renderer');
const SIM_SCRIPT = join(__dirname, 'sim.js');
// The window's icon on Linux and Windows (macOS takes the bundle's); packed by electron-builder.config.cjs.
const WINDOW_ICON = join(__dirname, '../../resources/icons/256x256.png');

interface Running {
  core: WharfCore;
  ipc: IpcWiring;
  demo: RunningDemo | null;
}
let running: Running | null = null;
let mainWindow: BrowserWindow | null = null;

const liveWindows = (): BrowserWindow[] => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow] : []);

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveAppProtocol(RENDERER_DIR);
  // A sim that dies is started again; core is told so the window says what happened.
  let report: DemoSimReporter | null = null;
  const demo = await startDemo(SIM_SCRIPT, 'demo', {
    stopped: (how, n) => report?.stopped(how, n),
    restarted: (sim, n) => report?.restarted(sim, n),
    gaveUp: (err, attempts) => report?.gaveUp(err, attempts),
  });
  const updates = await startUpdates();
  const core = await createCore(
    { version, commit: BUILD_COMMIT, updates, transport: 'electron', dataDir: app.getPath('userData'), demo: demo?.account ?? null, openDefaultSession: true, history: { workerScript: join(__dirname, 'history-worker.js') } },
    { openExternal: openExternalForCore, notify: notifyDesktop },
  );
  report = demoSimReporter({ status: core.services.status, sessions: core.services.sessions });
  const ipc = wireIpc(core, liveWindows);
  core.events.on('session.changed', (session) => {
    for (const win of liveWindows()) win.setTitle(windowTitle(session));
  });
  running = { core, ipc, demo };
  await openWindow();
}

async function openWindow(): Promise<void> {
  if (mainWindow && !mainWindow.isDestroyed()) return;
  mainWindow = await createMainWindow({ preloadPath: PRELOAD, iconPath: WINDOW_ICON, stateFile: windowStateFile(app.getPath('userData')) });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

/** Desktop notifications; a click shows the window (opening it again if it was closed) and the notification's place. */
const notifyDesktop = desktopNotifier({
  focusWindow: () => void openWindow().then(focusMainWindow, () => undefined),
  opened: (key) => running?.core.events.emit('notifications.opened', { key }),
});

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Core and the sim are closed before the process exits, once, however quitting began. */
let shutdownDone = false;
async function shutdown(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  current.ipc.dispose();
  await current.core.close().catch(() => undefined);
  await current.demo?.close().catch(() => undefined);
}

function fail(err: unknown): void {
  process.stderr.write(`Wharf could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first (which focuses its window) and leaves.
  app.quit();
} else {
  guardAllWebContents();
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock until Cmd+Q.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (running && BrowserWindow.getAllWindows().length === 0) void openWindow().catch(fail);
  });
  app.on('will-quit', (event) => {
    if (shutdownDone) return;
    event.preventDefault();
    void shutdown().finally(() => {
      shutdownDone = true;
      app.quit();
    });
  });
  app.whenReady().then(start).catch(fail);
}
