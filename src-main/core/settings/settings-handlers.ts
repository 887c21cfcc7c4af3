import type { appMethods } from '../../contract/domains/app';
import type { PrefixHandlers } from '../rpc/handlers';
import type { SettingsService } from './settings-service';

export function settingsHandlers(deps: { settings: SettingsService }): PrefixHandlers<typeof appMethods, 'settings.'> {
  const { settings } = deps;
  return {
    'settings.get': () => settings.get(),
    'settings.update': ({ confirmation, ...patch }) => settings.update(patch, confirmation),
    'settings.problem': () => ({ problem: settings.problem() }),
    'settings.resolveProblem': ({ choice, confirmation }) => settings.resolveProblem(choice, confirmation),
  };
}
