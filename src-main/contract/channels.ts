/** The Electron IPC channel names; preload and main use only these. No imports: the
 * sandboxed preload bundles this file and must not pull in any package. */
export const IPC_CALL_CHANNEL = 'wharf:call';
export const IPC_EVENT_CHANNEL = 'wharf:event';
