/**
 * Updates from GitHub Releases through electron-updater, on only in a packaged app whose build
 * named a feed: electron-builder writes resources/app-update.yml when the build had
 * WHARF_UPDATE_GITHUB=owner/repo (the release workflow sets it). Without that file, or with
 * WHARF_NO_UPDATES set, Wharf asks no server anything. When on, it checks at start and every
 * six hours, downloads in the background, and installs when the app quits.
 */
import { app } from 'electron';
// electron-updater loads its updater lazily, on first use of autoUpdater.
import { autoUpdater } from 'electron-updater';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateInfo } from '../contract/domains/app';
import { updateState } from './update-state';

const EVERY_SIX_HOURS = 6 * 60 * 60 * 1000;

/** Reads the feed electron-builder wrote into the package, if any. */
function readFeed(): string | null {
  const file = join(process.resourcesPath ?? '', 'app-update.yml');
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

/** Starts checking for updates when they are on; says whether they are, for the About dialog. */
export async function startUpdates(): Promise<UpdateInfo> {
  const state = updateState({ packaged: app.isPackaged, feed: app.isPackaged ? readFeed() : null, env: process.env });
  if (state.state === 'off') return state;
  try {
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.logger = null;
    autoUpdater.on('error', (err: Error) => process.stderr.write(`Wharf: update check failed (${err.message})\n`));
    const check = () => void autoUpdater.checkForUpdatesAndNotify().catch(() => undefined);
    check();
    setInterval(check, EVERY_SIX_HOURS).unref();
    return state;
  } catch (err) {
    return { state: 'off', detail: `the updater did not start (${err instanceof Error ? err.message : String(err)})` };
  }
}
