import type { sessionMethods } from '../../contract/domains/session';
import type { DomainHandlers } from '../rpc/handlers';
import type { SessionManager } from './session-manager';

export function sessionHandlers(deps: { sessions: SessionManager }): DomainHandlers<typeof sessionMethods> {
  return {
    'session.profiles': () => deps.sessions.profileList(),
    'session.open': ({ profile, region }) => deps.sessions.open(profile, region),
    // A window that loads while the start-up open runs waits for it rather than opening the
    // same profile a second time.
    'session.current': async () => (await deps.sessions.settled())?.info ?? null,
  };
}
