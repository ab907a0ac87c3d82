import type { IncidentList } from '../../../../shared/contract/incidents.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { formatCount } from '../../time/format.js';
import { useIncidentList } from './incidents-queries.js';

const selectCounts = (list: IncidentList) => ({ open: list.counts.open, sev1: list.counts.bySeverity.sev1 ?? 0 });

/** Open incidents on the nav item, in a slot of fixed width; the critical shape while a Sev1 is open. */
export function IncidentCountBadge() {
  const counts = useIncidentList(selectCounts).data;
  if (counts === undefined) {
    return (
      <span className="nav-badge is-empty" aria-hidden="true">
        –
      </span>
    );
  }
  const text = counts.sev1 > 0 ? `${formatCount(counts.open)} open, ${formatCount(counts.sev1)} Sev1` : `${formatCount(counts.open)} open`;
  return (
    <span className={`nav-badge${counts.sev1 > 0 ? ' has-critical' : counts.open === 0 ? ' is-empty' : ''}`} title={text} data-open={counts.open}>
      {counts.sev1 > 0 && <StatusIcon status="critical" />}
      <span aria-hidden="true">{formatCount(counts.open)}</span>
      <span className="sr-only">({text})</span>
    </span>
  );
}
