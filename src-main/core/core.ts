import type { CallResponse } from '../contract/wire';
import { EventBus } from './events';
import { dispatch } from './rpc/dispatch';
import type { CallContext, HandlerMap } from './rpc/handlers';
import type { CoreOptions } from './options';
import { SettingsStore } from './settings/settings-store';
import { appHandlers, type ExternalOpener } from './app/app-handlers';
import { sessionHandlers } from './session/session-handlers';
import { statusHandlers } from './status/status-handlers';

export interface WharfCore {
  /** Validate and run one call from a transport; never throws. */
  call(raw: unknown, ctx: CallContext): Promise<CallResponse>;
  readonly events: EventBus;
  close(): Promise<void>;
}

export interface ShellHooks {
  openExternal?: ExternalOpener;
}

/** Builds every domain service and the complete handler map. */
export async function createCore(options: CoreOptions, hooks: ShellHooks = {}): Promise<WharfCore> {
  const events = new EventBus();
  const settings = new SettingsStore(options.dataDir);
  await settings.load();

  const handlers: HandlerMap = {
    ...appHandlers({ options, settings, events, openExternal: hooks.openExternal ?? null }),
    ...sessionHandlers({ options, settings, events }),
    ...statusHandlers(),
  };

  return {
    events,
    call: (raw, ctx) => dispatch(handlers, raw, ctx),
    close: async () => {},
  };
}
