/**
 * Core's `notify` hook in the desktop app: Electron's Notification, shown only where the
 * system supports it. A click brings the window to the front and tells the renderer, through
 * the contract event `notifications.opened`, which notification it was; the renderer knows
 * the notification's place (the same one its bell list links to) and goes there.
 */
import { Notification } from 'electron';
import type { DesktopNotifier } from '../core/notifications/notifications-service';

export interface DesktopNotifierDeps {
  /** Brings the main window to the front (restored when minimized). */
  focusWindow(): void;
  /** Announces the click to the renderer (core's event bus → IPC). */
  opened(key: string): void;
}

/**
 * How many shown notifications keep a reference. Electron drops a Notification's click
 * handler when the object is garbage-collected while it still sits in the system's tray, and
 * 'close' is not emitted on every platform, so the newest few are held and the rest let go.
 */
const KEEP = 50;

export function desktopNotifier(deps: DesktopNotifierDeps): DesktopNotifier {
  const live: Notification[] = [];
  const forget = (n: Notification): void => {
    const at = live.indexOf(n);
    if (at >= 0) live.splice(at, 1);
  };
  return ({ title, body, key }) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', () => {
      deps.focusWindow();
      deps.opened(key);
      forget(notification);
    });
    notification.on('close', () => forget(notification));
    live.push(notification);
    if (live.length > KEEP) live.shift();
    notification.show();
  };
}
