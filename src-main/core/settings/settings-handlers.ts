import type { Handlers } from '../rpc/handlers';
import type { SettingsService } from './settings-service';

export function settingsHandlers(deps: { settings: SettingsService }): Handlers<'settings.get' | 'settings.update' | 'settings.problem' | 'settings.resolveProblem'> {
  const { settings } = deps;
  return {
    'settings.get': () => settings.get(),
    'settings.update': ({ confirmation, ...patch }) => settings.update(patch, confirmation),
    'settings.problem': () => ({ problem: settings.problem() }),
    'settings.resolveProblem': ({ choice, confirmation }) => settings.resolveProblem(choice, confirmation),
  };
}
