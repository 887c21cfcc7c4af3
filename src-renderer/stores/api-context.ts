import { inject, type InjectionKey } from 'vue';
import { useApi, type WharfApi } from '../api';

/**
 * How stores reach the api: the app provides its client under this key (tests provide one
 * built on a fake transport); without a provider, the shared client.
 */
export const apiKey: InjectionKey<WharfApi> = Symbol('wharf-api');

export function storeApi(): WharfApi {
  return inject(apiKey, null) ?? useApi();
}
