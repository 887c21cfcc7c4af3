import type { Handlers } from '../rpc/handlers';
import type { AuditLog } from './audit-log';

export function auditHandlers(deps: { audit: AuditLog }): Handlers<'audit.list'> {
  return {
    'audit.list': async ({ limit, before }) => ({ entries: await deps.audit.read({ limit, before }) }),
  };
}
