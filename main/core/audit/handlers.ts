import type { AreaHandlers } from '../api/handlers.js';
import type { AuditService } from './audit-service.js';
import type { AuditShipping } from './audit-shipping.js';
import type { OperatorProfiles } from './operator-profile.js';

export function auditHandlers(
  audit: AuditService,
  operators: OperatorProfiles,
  shipping: AuditShipping,
): AreaHandlers<'audit.list' | 'audit.verify' | 'audit.export' | 'audit.shipping' | 'settings.operator' | 'settings.saveOperator'> {
  return {
    'audit.list': ({ query }) => audit.list(query),
    'audit.verify': () => audit.verify(),
    'audit.export': () => audit.export(),
    'audit.shipping': () => shipping.state(),
    'settings.operator': () => operators.get(),
    'settings.saveOperator': ({ name, email }) => operators.save({ name, email }),
  };
}
