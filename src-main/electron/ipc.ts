/**
 * The IPC wiring between the window and core. One invoke channel for calls, one send
 * channel for events. A call is answered only when it comes from the main frame of one of
 * our windows showing the app's own origin (the idea of VS Code's validated ipcMain); every
 * other sender gets a FORBIDDEN response — a value, not a throw, so the renderer's client
 * handles it like any other error. Only plain data crosses: never Electron's event objects.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../contract/channels';
import type { CallResponse, EventMessage } from '../contract/wire';
import type { WharfCore } from '../core/core';
import { isAppUrl } from './origin';

export interface IpcWiring {
  /** Stops answering calls and forwarding events. */
  dispose(): void;
}

/** Why a sender is refused, or null when it is the app's main frame. */
export function senderRefusal(event: IpcMainInvokeEvent, ours: (contents: WebContents) => boolean): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'The calling frame is gone.';
  if (!ours(event.sender)) return 'The caller is not a Wharf window.';
  if (frame !== event.sender.mainFrame) return 'Only the main frame of the Wharf window may call.';
  if (!isAppUrl(frame.url)) return 'Only the Wharf app page may call.';
  return null;
}

export function wireIpc(core: WharfCore, windows: () => BrowserWindow[]): IpcWiring {
  const ours = (contents: WebContents): boolean => windows().some((w) => !w.isDestroyed() && w.webContents === contents);

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, request: unknown): Promise<CallResponse> => {
    const refusal = senderRefusal(event, ours);
    if (refusal) return { kind: 'result', id: requestId(request), ok: false, error: { code: 'FORBIDDEN', message: refusal } };
    return core.call(request, { transport: 'electron' });
  });

  const unsubscribe = core.events.subscribe((event, payload) => {
    const message: EventMessage = { kind: 'event', event, payload };
    for (const win of windows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      win.webContents.send(IPC_EVENT_CHANNEL, message);
    }
  });

  return {
    dispose: () => {
      unsubscribe();
      ipcMain.removeHandler(IPC_CALL_CHANNEL);
    },
  };
}

/** The request's id when it has a usable one, so the renderer can match the refusal. */
function requestId(request: unknown): number {
  const id = (request as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : -1;
}
