import type { AreaHandlers } from '../api/handlers.js';
import type { AuditService } from './audit-service.js';
import type { OperatorProfiles } from './operator-profile.js';

export function auditHandlers(
  audit: AuditService,
  operators: OperatorProfiles,
): AreaHandlers<'audit.list' | 'audit.verify' | 'audit.export' | 'settings.operator' | 'settings.saveOperator'> {
  return {
    'audit.list': ({ query }) => audit.list(query),
    'audit.verify': () => audit.verify(),
    'audit.export': () => audit.export(),
    'settings.operator': () => operators.get(),
    'settings.saveOperator': ({ name, email }) => operators.save({ name, email }),
  };
}
