/**
 * The preload: exposes `window.wharf` with exactly two capabilities on fixed channels — make
 * a contract call, hear contract events. No npm imports (a sandboxed preload cannot load
 * them), nothing of the environment, and never Electron's event objects: listeners get plain data.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../contract/channels';

contextBridge.exposeInMainWorld('wharf', {
  call: (request: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CALL_CHANNEL, request),
  onEvent: (listener: (message: unknown) => void): void => {
    ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: unknown) => listener(message));
  },
});
