import type { Health, HealthStatus } from '../../../../shared/contract/index.js';
import { STATUS_LABELS } from '../../components/labels.js';
import { StatusIcon } from '../../components/StatusIcon.js';

/**
 * The health under what is shown, when they differ: a silence shows "Maintenance" over a
 * critical environment, stale data its last known health. In words beside the icon, never by
 * colour alone, so "Maintenance · Critical underneath" reads the same to everyone.
 */
export function HealthUnderneath({ status, health }: { status: HealthStatus; health: Health }) {
  if (status === health) return null;
  const words = status === 'stale' ? `last known ${STATUS_LABELS[health]}` : `${STATUS_LABELS[health]} underneath`;
  return (
    <span className="health-underneath">
      {' · '}
      <StatusIcon status={health} /> {words}
    </span>
  );
}
