import type { AlertView } from '../../../../shared/contract/alerts.js';
import { Age } from '../../components/Age.js';
import { StatusBadge } from '../../components/StatusBadge.js';

/** Firing or silenced, and who has seen it: two short lines of fixed height. */
export function AlertStateText({ alert, now }: { alert: AlertView; now: number }) {
  return (
    <>
      <span className="alert-state-line">
        {alert.state === 'silenced' ? <StatusBadge status="maintenance" label="Silenced" /> : <span className="alert-firing">Firing</span>}
      </span>
      <span className="alert-state-line muted">
        {alert.acknowledgedBy === null ? (
          'Not acknowledged'
        ) : (
          <>
            Acknowledged by {alert.acknowledgedBy} <Age at={alert.acknowledgedAt} now={now} />
          </>
        )}
      </span>
    </>
  );
}
