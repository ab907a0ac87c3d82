import { memo, useMemo, useRef } from 'react';
import { isOpen, type IncidentSummary } from '../../../../shared/contract/incidents.js';
import { Age } from '../../components/Age.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { TABLE_HEADER_HEIGHT, useTableVirtualizer, VirtualTableRows } from '../../components/VirtualTable.js';
import { formatCount } from '../../time/format.js';
import { IncidentSeverityBadge, IncidentStatusText } from './IncidentBadges.js';
import { incidentHref } from './incident-route.js';
import { SlaClockText } from './SlaClockText.js';
import { TicketLinkText } from './TicketLinkText.js';

/** Fixed, so rows never reflow as clocks tick and incidents come and go. */
const ROW_HEIGHT = 58;
const COLUMN_TITLES = ['Severity', 'Incident', 'Status', 'Commander', 'SLA remaining', 'Ticket', 'Outbox', 'Declared'] as const;

interface IncidentTableProps {
  /** In the core's order: open first, by severity, then SLA remaining. */
  incidents: readonly IncidentSummary[];
  asOf: number;
  now: number;
  emptyText: string;
}

const IncidentRow = memo(function IncidentRow({ incident, asOf, now, index, top }: { incident: IncidentSummary; asOf: number; now: number; index: number; top: number }) {
  return (
    <div
      role="row"
      className={`incident-row incident-${incident.severity}${isOpen(incident.status) ? ' is-open' : ''}`}
      data-incident-id={incident.id}
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <div role="cell" className="incident-cell">
        <IncidentSeverityBadge severity={incident.severity} />
      </div>
      <div role="rowheader" className="incident-cell incident-cell-stack">
        <a className="incident-title" href={incidentHref(incident.id)} title={incident.title}>
          {incident.title}
        </a>
        <span className="muted">
          {incident.id}
          {incident.environmentCount > 0 && ` · ${formatCount(incident.environmentCount)} environment${incident.environmentCount === 1 ? '' : 's'}`}
          {incident.regions.length > 0 && ` · ${incident.regions.join(', ')}`}
        </span>
      </div>
      <div role="cell" className="incident-cell incident-cell-stack">
        <IncidentStatusText status={incident.status} hold={incident.hold} />
      </div>
      <div role="cell" className="incident-cell">
        {incident.commander ?? <span className="muted">No commander</span>}
      </div>
      <div role="cell" className="incident-cell incident-cell-stack">
        {incident.sla.length === 0 ? (
          <span className="muted">No SLA</span>
        ) : (
          incident.sla.map((clock) => <SlaClockText key={clock.kind} clock={clock} asOf={asOf} now={now} />)
        )}
      </div>
      <div role="cell" className="incident-cell">
        <TicketLinkText ticket={incident.ticket} />
      </div>
      <div role="cell" className="incident-cell">
        {incident.conflict ? (
          <span className="outbox-mark">
            <StatusIcon status="critical" /> Conflict
          </span>
        ) : incident.pending > 0 ? (
          <span className="outbox-mark">
            <StatusIcon status="stale" /> {formatCount(incident.pending)} waiting
          </span>
        ) : (
          <span className="muted">All sent</span>
        )}
      </div>
      <div role="cell" className="incident-cell">
        <Age at={incident.declaredAt} now={now} />
      </div>
    </div>
  );
});

/** The incidents as a table of fixed rows, virtualised: two thousand open incidents scroll like ten. */
export function IncidentTable({ incidents, asOf, now, emptyText }: IncidentTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => incidents.map((incident) => ({ key: incident.id, incident })), [incidents]);
  const virtualizer = useTableVirtualizer(scrollRef, rows, ROW_HEIGHT);
  return (
    <div className="vtable-frame incident-table-frame">
      <div ref={scrollRef} className="vtable-scroller" role="table" aria-label="Incidents" aria-rowcount={incidents.length + 1}>
        <VirtualTableRows
          titles={COLUMN_TITLES}
          classes={{ head: 'vtable-head incident-table-head', headerRow: 'incident-row incident-header-row', cell: 'incident-cell', body: 'vtable-body incident-table-body' }}
          virtualizer={virtualizer}
          rows={rows}
          renderRow={(row, item, top) => <IncidentRow incident={row.incident} asOf={asOf} now={now} index={item.index} top={top} />}
        />
      </div>
      {incidents.length === 0 && (
        <p className="incident-table-empty" style={{ top: TABLE_HEADER_HEIGHT + 16 }}>
          {emptyText}
        </p>
      )}
    </div>
  );
}
