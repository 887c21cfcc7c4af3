import type { sessionMethods } from '../../contract/domains/session';
import type { DomainHandlers } from '../rpc/handlers';
import { toProfileInfo } from '../aws/profiles';
import type { SessionManager } from './session-manager';

export function sessionHandlers(deps: { sessions: SessionManager }): DomainHandlers<typeof sessionMethods> {
  return {
    'session.profiles': async () => {
      const catalog = await deps.sessions.profiles();
      return { profiles: catalog.profiles.map(toProfileInfo), defaultProfile: catalog.defaultProfile, regions: catalog.regions };
    },
    'session.open': ({ profile, region }) => deps.sessions.open(profile, region),
    // A window that loads while the start-up open runs waits for it rather than opening the
    // same profile a second time.
    'session.current': async () => (await deps.sessions.settled())?.info ?? null,
  };
}
