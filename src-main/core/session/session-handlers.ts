import { WharfError } from '../../contract/errors';
import type { Handlers } from '../rpc/handlers';
import type { CoreOptions } from '../options';
import type { SettingsStore } from '../settings/settings-store';
import type { EventBus } from '../events';

// Placeholder: lists the Demo account only; core/session replaces this with the real
// profile loader and STS GetCallerIdentity.
export function sessionHandlers(deps: { options: CoreOptions; settings: SettingsStore; events: EventBus }): Handlers<'session.profiles' | 'session.open' | 'session.current'> {
  return {
    'session.profiles': () => ({
      profiles: deps.options.demo
        ? [{ name: 'Demo account', kind: 'demo' as const, region: deps.options.demo.region, endpointOverride: true, readOnly: false, production: false }]
        : [],
      defaultProfile: deps.options.demo ? 'Demo account' : null,
      regions: [],
    }),
    'session.open': () => {
      throw new WharfError('INTERNAL', 'Sessions are not wired yet.');
    },
    'session.current': () => null,
  };
}
