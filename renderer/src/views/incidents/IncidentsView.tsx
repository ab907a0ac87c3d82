import { useMemo } from 'react';
import { isOpen, Severity, type IncidentList, type IncidentSummary } from '../../../../shared/contract/incidents.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { RowIdentity } from '../../components/held-list/held-rows.js';
import { HeldList } from '../../components/held-list/HeldListBar.js';
import { useHeldRows } from '../../components/held-list/use-held-rows.js';
import { NotificationControl } from '../../notifications/NotificationControl.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useNow } from '../../time/clock.js';
import { formatCount } from '../../time/format.js';
import { useDeclareDialogStore } from './declare-dialog-store.js';
import { IncidentPage } from './IncidentPage.js';
import { IncidentTable } from './IncidentTable.js';
import { SEVERITY_NAMES } from './incident-labels.js';
import { useIncidentList } from './incidents-queries.js';
import { useIncidentsStore, type SeverityFilter, type StatusFilter } from './incidents-store.js';
import { useIncidentRoute } from './incident-route.js';
import { TicketingBanner, TicketingLine } from './TicketingBanner.js';
import { useCommandsBlocked } from './use-commands-blocked.js';
import '../../styles/incidents.css';

function isStatusFilter(value: string): value is StatusFilter {
  return value === 'open' || value === 'all';
}

function isSeverityFilter(value: string): value is SeverityFilter {
  return value === 'all' || Severity.safeParse(value).success;
}

interface ListFilters {
  status: StatusFilter;
  severity: SeverityFilter;
}

/** The core's order (open first, worst, nearest SLA breach), narrowed by the filters. */
function filterIncidents({ status, severity }: ListFilters, items: readonly IncidentSummary[]): readonly IncidentSummary[] {
  return items.filter((incident) => (status === 'all' || isOpen(incident.status)) && (severity === 'all' || incident.severity === severity));
}

/** An incident moves in the list when it opens or closes or its severity changes. */
const INCIDENT_IDENTITY: RowIdentity<IncidentSummary> = {
  keyOf: (incident) => incident.id,
  versionOf: (incident) => `${incident.status} ${incident.severity}`,
};

const NO_INCIDENTS: readonly IncidentSummary[] = [];

function CountsLine({ counts }: { counts: IncidentList['counts'] }) {
  return (
    <p className="incident-counts" aria-label="Open incidents">
      <strong>{formatCount(counts.open)} open</strong>
      {Severity.options.map((severity) => (
        <span key={severity} className="incident-count-slot">
          {SEVERITY_NAMES[severity]}: {formatCount(counts.bySeverity[severity] ?? 0)}
        </span>
      ))}
    </p>
  );
}

function IncidentListPage() {
  const list = useIncidentList();
  const now = useNow();
  const link = useConnectionStore((state) => state.link);
  const blocked = useCommandsBlocked();
  const status = useIncidentsStore((state) => state.status);
  const severity = useIncidentsStore((state) => state.severity);
  const setStatus = useIncidentsStore((state) => state.setStatus);
  const setSeverity = useIncidentsStore((state) => state.setSeverity);
  const openDeclare = useDeclareDialogStore((state) => state.open);

  const items = list.data?.items;
  const filters = useMemo<ListFilters>(() => ({ status, severity }), [status, severity]);
  const held = useHeldRows(filters, items ?? NO_INCIDENTS, filterIncidents, INCIDENT_IDENTITY);
  const shown = held.rows;

  return (
    <section className="view view-incidents">
      <div className="incidents-head">
        <h1 tabIndex={-1}>Incidents</h1>
        {list.data !== undefined && <CountsLine counts={list.data.counts} />}
        <button type="button" className="primary" disabled={blocked !== null} title={blocked ?? undefined} onClick={() => openDeclare({ alertKeys: [], environmentIds: [] })}>
          Declare incident…
        </button>
        <NotificationControl />
      </div>
      {list.data !== undefined && (
        <>
          <TicketingLine ticketing={list.data.ticketing} waiting={list.data.outbox} now={now} />
          <TicketingBanner ticketing={list.data.ticketing} waiting={list.data.outbox} now={now} />
        </>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="incident-status-filter">Status</label>
          <select
            id="incident-status-filter"
            value={status}
            onChange={(event) => {
              if (isStatusFilter(event.target.value)) setStatus(event.target.value);
            }}
          >
            <option value="open">Open</option>
            <option value="all">All, closed included</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-severity-filter">Severity</label>
          <select
            id="incident-severity-filter"
            value={severity}
            onChange={(event) => {
              if (isSeverityFilter(event.target.value)) setSeverity(event.target.value);
            }}
          >
            <option value="all">Every severity</option>
            {Severity.options.map((option) => (
              <option key={option} value={option}>
                {SEVERITY_NAMES[option]}
              </option>
            ))}
          </select>
        </div>
        {items !== undefined && (
          <p className="muted" role="status">
            {formatCount(shown.length)} of {formatCount(items.length)} shown
          </p>
        )}
      </div>
      {list.isError && <ErrorAlert title="Incidents could not be loaded." error={list.error} onRetry={() => void list.refetch()} />}
      {items === undefined ? (
        !list.isError && (
          <p className="loading" role="status">
            {link === 'connecting' ? 'Connecting to the Watchfloor core…' : 'Loading incidents…'}
          </p>
        )
      ) : (
        <HeldList hold={held.hold} pending={held.pending} onShow={held.apply} listName="incidents list" className="incident-list-held">
          <IncidentTable
            incidents={shown}
            asOf={list.dataUpdatedAt}
            now={now}
            emptyText={status === 'open' ? 'No open incident. Declare one from an alert, an environment, or with the button above.' : 'No incident yet.'}
          />
        </HeldList>
      )}
    </section>
  );
}

/** The list of incidents, or one incident's page when the address names it (`#/incidents/<id>`). */
export function IncidentsView() {
  const id = useIncidentRoute();
  return id === null ? <IncidentListPage /> : <IncidentPage key={id} id={id} />;
}
