import type { auditMethods } from '../../contract/domains/audit';
import type { DomainHandlers } from '../rpc/handlers';
import type { AuditLog } from './audit-log';

export function auditHandlers(deps: { audit: AuditLog }): DomainHandlers<typeof auditMethods> {
  return {
    'audit.list': async ({ limit, before }) => ({ entries: await deps.audit.read({ limit, before }) }),
  };
}
