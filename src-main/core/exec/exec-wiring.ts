import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { SessionManager } from '../session/session-manager';
import type { ExecManagerDeps } from './exec-manager';

/**
 * ExecManager's dependencies from core's services: ECS and KMS calls go to the clients of
 * the session open at the time of the call (the user may switch profile), events to the bus,
 * audit entries to the log under that session's profile, account and region.
 */
export function execWiring(deps: { sessions: SessionManager; events: EventBus; audit: AuditLog; version: string }): ExecManagerDeps {
  const { sessions, events, audit } = deps;
  return {
    ecs: { send: (command) => sessions.require().clients.ecs.send(command) },
    kms: { send: (command) => sessions.require().clients.kms.send(command) },
    emit: (event, payload) => events.emit(event, payload),
    clientVersion: `wharf/${deps.version}`,
    audit: async (entry) => {
      const info = sessions.current()?.info;
      await audit.append({ profile: info?.profile ?? 'unknown', accountId: info?.accountId ?? null, region: info?.region ?? null, ...entry });
    },
  };
}
