import type { AreaHandlers } from '../api/handlers.js';
import type { AuditService } from './audit-service.js';

export function auditHandlers(audit: AuditService): AreaHandlers<'audit.list'> {
  return {
    'audit.list': ({ query }) => audit.list(query),
  };
}
