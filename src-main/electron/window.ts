/**
 * The main window: the hardened webPreferences, the app URL, remembered bounds, and the
 * title "Wharf — profile · account · region".
 */
import { BrowserWindow, screen, type WebPreferences } from 'electron';
import type { SessionInfo } from '../contract/domains/session';
import { APP_ENTRY_URL } from './origin';
import { fitToDisplays, loadWindowState, saveWindowState, MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state';

/** Every setting DESIGN.md's Security section asks for, spelled out even where it is the default. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  };
}

export function windowTitle(session: SessionInfo | null): string {
  if (!session) return 'Wharf';
  return `Wharf — ${session.profile} · ${session.accountId} · ${session.region}`;
}

export interface MainWindowOptions {
  preloadPath: string;
  /** `<userData>/window-state.json` */
  stateFile: string;
}

export async function createMainWindow(opts: MainWindowOptions): Promise<BrowserWindow> {
  const saved = await loadWindowState(opts.stateFile);
  const state = fitToDisplays(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: windowTitle(null),
    show: false,
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(opts.preloadPath),
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
    void saveWindowState(file, state).catch(() => undefined);
  });
}
