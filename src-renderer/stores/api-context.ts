import { inject, type InjectionKey } from 'vue';
import { useApi, type ConnectionState, type WharfApi } from '../api';

/**
 * How stores reach the api: the app provides its client under this key (tests provide one
 * built on a fake transport); without a provider, the shared client.
 */
export const apiKey: InjectionKey<WharfApi> = Symbol('wharf-api');

export function storeApi(): WharfApi {
  return inject(apiKey, null) ?? useApi();
}

/**
 * Runs `reload` each time the connection comes back after it was down: the events sent in
 * between are lost, so a store reads its whole picture again.
 */
export function onReconnect(api: WharfApi, reload: () => void): void {
  let connection: ConnectionState = 'connecting';
  api.onConnection((next) => {
    const wasDown = connection === 'closed';
    connection = next;
    if (wasDown && next === 'open') reload();
  });
}
