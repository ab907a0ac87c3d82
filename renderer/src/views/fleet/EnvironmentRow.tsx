import { memo } from 'react';
import type { Health, HealthStatus, LifecycleState } from '../../../../shared/contract/index.js';
import { Age } from '../../components/Age.js';
import { kindWithRing } from '../../components/labels.js';
import { LifecycleBadge } from '../../components/LifecycleBadge.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { ROW_HEIGHT } from './columns.js';
import { HealthUnderneath } from './HealthUnderneath.js';
import type { FleetRow } from './fleet-model.js';
import { endCellText, formatEndInstant } from '../../components/lifecycle-format.js';

interface EnvironmentRowProps {
  row: FleetRow;
  status: HealthStatus;
  /** The health under the status: differs under a silence or when the data is stale. */
  health: Health;
  reason: string;
  lifecycle: LifecycleState;
  /** When the environment was last seen, as lastObserved() tells it. */
  observedAt: number | null;
  now: number;
  /** Position in the displayed order, 0-based. */
  index: number;
  top: number;
  selected: boolean;
  tabbable: boolean;
  /** The tip that shows the row's text in full while it has focus. */
  describedBy?: string;
}

/** The row's accessible name comes from its cells, so it carries the environment id and status text. */
export const EnvironmentRow = memo(function EnvironmentRow({ row, status, health, reason, lifecycle, observedAt, now, index, top, selected, tabbable, describedBy }: EnvironmentRowProps) {
  const { env } = row;
  return (
    <div
      role="row"
      className={`grid-row row-${status}${selected ? ' is-selected' : ''}`}
      data-env-id={env.id}
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      aria-describedby={describedBy}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <div role="gridcell" className="cell cell-status" data-status={status}>
        <StatusBadge status={status} />
        <HealthUnderneath status={status} health={health} />
      </div>
      <div role="gridcell" className="cell" title={row.tenantName}>
        {row.tenantName}
      </div>
      <div role="gridcell" className="cell cell-env" title={env.name === env.id ? env.id : `${env.name} (${env.id})`}>
        <span className="env-id">{env.id}</span>
        {env.name !== env.id && <span className="env-name">{env.name}</span>}
      </div>
      <div role="gridcell" className="cell">
        {kindWithRing(env.kind, env.ring)}
      </div>
      <div role="gridcell" className="cell">
        {row.regionName}
      </div>
      <div role="gridcell" className="cell">
        {row.siteName}
      </div>
      <div role="gridcell" className="cell cell-lifecycle" title={endTitle(row)}>
        {lifecycle !== 'active' && <LifecycleBadge state={lifecycle} />}
        <span>{endCellText(env.lifecycle)}</span>
      </div>
      <div role="gridcell" className="cell cell-reason" title={reason}>
        {reason}
      </div>
      <div role="gridcell" className="cell cell-age">
        <Age at={observedAt} now={now} />
      </div>
    </div>
  );
});

/** The last day is the region's date; the title adds the instant it ends on the region's clock. */
function endTitle(row: FleetRow): string | undefined {
  const instant = formatEndInstant(row.env.lifecycle);
  return instant === null ? undefined : `Kept through ${endCellText(row.env.lifecycle)} (${row.env.lifecycle.timeZone}); ends ${instant}`;
}
