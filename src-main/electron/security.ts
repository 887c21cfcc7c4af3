/**
 * The shell's denials, as Element Desktop does them: nothing navigates away from the app,
 * no window opens, no webview attaches, no permission is granted, and the only links that
 * leave the app are https AWS console links, through `openExternalChecked`.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { checkExternalUrl, type ExternalUrlCheck } from '../core/app/external-url';
import { WharfError } from '../contract/errors';
import { isAppUrl } from './origin';

/** Opens `url` in the system browser only when core's allow-list says yes. */
export async function openExternalChecked(url: string): Promise<ExternalUrlCheck> {
  const checked = checkExternalUrl(url);
  // electronegativity asks for a review of every openExternal with a non-constant URL; this
  // one only ever receives a URL that checkExternalUrl parsed and allowed (https, AWS console
  // hosts, no user info), and the tests pin that down.
  if (checked.ok) await shell.openExternal(checked.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return checked;
}

/** Core's `openExternal` hook: the same check again, so the shell never trusts its caller. */
export async function openExternalForCore(url: string): Promise<void> {
  const checked = await openExternalChecked(url);
  if (!checked.ok) throw new WharfError('FORBIDDEN', checked.reason);
}

/** Navigation, redirects, new windows and webviews, for one WebContents. */
export function hardenWebContents(contents: WebContents): void {
  const stayInApp = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url));

  // Every window.open and target=_blank is denied; an AWS console link goes to the browser.
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalChecked(url).catch(() => undefined);
    return { action: 'deny' };
  });

  // No <webview> anywhere (webviewTag is off too; this covers any contents that turn it on).
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** No permission (camera, notifications, clipboard, geolocation, ...) is ever granted. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Guards every WebContents the app ever creates, not only the main window's. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
