import type { AlertFeed } from '../../../../shared/contract/alerts.js';
import { useAlertFeed } from '../../api/queries.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { formatCount } from '../../time/format.js';

/** Structural sharing keeps the answer's identity while the counts stay the same, so feed updates elsewhere re-render nothing. */
const selectCounts = (feed: AlertFeed) => {
  let firing = 0;
  let critical = 0;
  for (const alert of feed.alerts) {
    if (alert.state !== 'active') continue;
    firing += 1;
    if (alert.severity === 'critical') critical += 1;
  }
  return { firing, critical };
};

/** Firing alerts on the nav item, in a slot of fixed width; the critical shape when any is critical. */
export function AlertCountBadge() {
  const counts = useAlertFeed(selectCounts).data;
  if (counts === undefined) {
    return (
      <span className="nav-badge is-empty" aria-hidden="true">
        –
      </span>
    );
  }
  const { firing, critical } = counts;
  const text = critical > 0 ? `${formatCount(firing)} firing, ${formatCount(critical)} critical` : `${formatCount(firing)} firing`;
  return (
    <span className={`nav-badge${critical > 0 ? ' has-critical' : firing === 0 ? ' is-empty' : ''}`} title={text} data-firing={firing}>
      {critical > 0 && <StatusIcon status="critical" />}
      <span aria-hidden="true">{formatCount(firing)}</span>
      <span className="sr-only">({text})</span>
    </span>
  );
}
