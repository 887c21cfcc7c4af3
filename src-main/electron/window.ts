/**
 * The main window: the hardened webPreferences, the app URL, remembered bounds, and the
 * title "Wharf — profile · account · region".
 */
import { BrowserWindow, screen } from 'electron';
import type { SessionInfo } from '../contract/domains/session';
import { APP_ENTRY_URL } from './origin';
import { fitToDisplays, loadWindowState, saveWindowState, MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state';

export function windowTitle(session: SessionInfo | null): string {
  if (!session) return 'Wharf';
  return `Wharf — ${session.profile} · ${session.accountId} · ${session.region}`;
}

export interface MainWindowOptions {
  preloadPath: string;
  /** The window's icon (Linux and Windows; macOS shows the app bundle's). */
  iconPath?: string;
  /** `<userData>/window-state.json` */
  stateFile: string;
}

export async function createMainWindow(opts: MainWindowOptions): Promise<BrowserWindow> {
  const saved = await loadWindowState(opts.stateFile);
  const state = fitToDisplays(saved, screen.getAllDisplays().map((d) => d.workArea));
  // REMOTE_MODULE_JS_CHECK is a false positive: Electron removed the remote module in v14.
  // Scanning src-main, electronegativity cannot find our Electron version (it reads
  // package.json from the folder it scans) and assumes 0.1.0, where remote was on.
  const win = new BrowserWindow({ // eng-disable REMOTE_MODULE_JS_CHECK
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: windowTitle(null),
    ...(opts.iconPath && process.platform !== 'darwin' ? { icon: opts.iconPath } : {}),
    show: false,
    backgroundColor: '#101418',
    // Every hardening setting (context isolation, sandbox, no node, web security), spelled out even where it is the
    // default, and written inline so electronegativity can read them.
    webPreferences: {
      // Reviewed (electronegativity asks for a review of every preload): src-main/preload
      // exposes only `call` and `onEvent` on two fixed channels, hands over no Electron
      // objects and no process.env, and runs sandboxed with context isolation.
      preload: opts.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would open links as new windows; the window-open handler denies them
      // anyway, this stops the event at the source.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  // The page's <title> must not replace the session title.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  rememberBounds(win, opts.stateFile);
  await win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Saves the bounds when the window closes (normal bounds, so a maximized window restores well). */
function rememberBounds(win: BrowserWindow, file: string): void {
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: win.isMaximized() };
    try {
      saveWindowState(file, state);
    } catch {
      // Not remembering the bounds is no reason to keep the window from closing.
    }
  });
}
