import { useCallback, useDeferredValue, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FleetSnapshot, HealthStatus, SourceStatus, StateColumns } from '../../../../shared/contract/index.js';
import { stateAt } from '../../../../shared/contract/fleet-snapshot.js';
import { useFleetSnapshot, useSystemInfo } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useFleetFilterStore, type SortDirection, type SortKey } from '../../state/fleet-filter-store.js';
import { useSelectionStore } from '../../state/selection-store.js';
import { useNow } from '../../time/clock.js';
import { EnvironmentDetailPanel } from './EnvironmentDetailPanel.js';
import { EnvironmentTable, findRowElement } from './EnvironmentTable.js';
import { FleetFilters } from './FleetFilters.js';
import { LayoutSwitch } from './LayoutSwitch.js';
import { useFleetLayoutStore } from './fleet-layout-store.js';
import { fleetModelOf, type FleetModel } from './fleet-model.js';
import { countsFrom, lifecycleMatches, liveMatches, matchStatic, orderRows, type OrderCriteria } from './fleet-query.js';
import { countGroups } from './group-counts.js';
import { HeatGrid } from './grid/HeatGrid.js';
import { RegionCards } from './RegionCards.js';
import { SourcesStrip } from './SourcesStrip.js';
import { SummaryBar } from './SummaryBar.js';
import { FleetTree } from './tree/FleetTree.js';
import { HeldListBar } from '../../components/held-list/HeldListBar.js';
import { NOTHING_PENDING } from '../../components/held-list/held-rows.js';
import { useHeldOrder } from '../../components/held-list/use-held-order.js';
import { changedSince, enteredSince, statusCopy } from './SortAgain.js';
import './fleet-layouts.css';

/** Away from the pointer and focus, the table sorts again at most this often while states change. */
const TABLE_RESORT_MS = 2_000;

function settleTable(criteria: OrderCriteria, states: StateColumns): { order: Int32Array; sortedStatus: Uint8Array } {
  return { order: orderRows(criteria, states), sortedStatus: statusCopy(states) };
}

interface TableLayoutProps {
  model: FleetModel;
  states: StateColumns;
  sources: ReadonlyMap<string, SourceStatus>;
  matches: Int32Array | null;
  status: HealthStatus | null;
  sortKey: SortKey;
  sortDirection: SortDirection;
  lifecycleNow: number;
  selectedId: string | null;
  onOpen: (id: string) => void;
  scrollResetKey: string;
}

function TableLayout({ model, states, sources, matches, status, sortKey, sortDirection, lifecycleNow, selectedId, onOpen, scrollResetKey }: TableLayoutProps) {
  const criteria = useMemo<OrderCriteria>(
    () => ({ model, matches, status, sortKey, sortDirection, lifecycleNow }),
    [model, matches, status, sortKey, sortDirection, lifecycleNow],
  );
  const held = useHeldOrder(criteria, states, settleTable, TABLE_RESORT_MS);
  const { order, sortedStatus } = held.value;
  const waiting = held.basis !== states;
  const pending = useMemo(
    () =>
      waiting
        ? { added: status === null ? 0 : enteredSince(matches, model.rows, sortedStatus, states.status, status), changed: changedSince(order, sortedStatus, states.status), gone: 0 }
        : NOTHING_PENDING,
    [waiting, status, matches, model.rows, order, sortedStatus, states],
  );
  return (
    <div className="held-list fleet-table-held" {...held.hold}>
      <EnvironmentTable
        model={model}
        states={states}
        sources={sources}
        order={order}
        selectedId={selectedId}
        onOpen={onOpen}
        scrollResetKey={scrollResetKey}
        headerNote={<HeldListBar pending={pending} onShow={held.apply} listName="environment table" />}
      />
    </div>
  );
}

function FleetBoard({ snapshot }: { snapshot: FleetSnapshot }) {
  const model = fleetModelOf(snapshot);
  const { states } = snapshot;
  const layout = useFleetLayoutStore((state) => state.layout);
  const filters = useFleetFilterStore(
    useShallow((state) => ({
      regionId: state.regionId,
      kind: state.kind,
      status: state.status,
      lifecycle: state.lifecycle,
      search: state.search,
      sortKey: state.sortKey,
      sortDirection: state.sortDirection,
      toggleRegion: state.toggleRegion,
    })),
  );
  const search = useDeferredValue(filters.search);
  const selectedId = useSelectionStore((state) => state.selectedId);
  const select = useSelectionStore((state) => state.select);
  const clearSelection = useSelectionStore((state) => state.clear);
  const readOnly = useSystemInfo().data?.readOnly ?? false;

  // Lifecycle states move with the date: taken to the minute, so the filter and sort do not churn every second.
  const lifecycleNow = Math.floor(useNow() / 60_000) * 60_000;
  const staticMatches = useMemo(
    () => matchStatic(model, { regionId: filters.regionId, kind: filters.kind, search }),
    [model, filters.regionId, filters.kind, search],
  );
  const matches = useMemo(
    () => lifecycleMatches(model, staticMatches, filters.lifecycle, states, lifecycleNow),
    [model, staticMatches, filters.lifecycle, states, lifecycleNow],
  );
  const shown = useMemo(() => liveMatches(model, matches, filters.status, states), [model, matches, filters.status, states]);
  const fleetCounts = useMemo(() => countGroups(model, null, states), [model, states]);
  const shownCounts = useMemo(() => (shown === null ? fleetCounts : countGroups(model, shown, states)), [shown, fleetCounts, model, states]);
  const sources = useMemo(() => new Map(snapshot.sources.map((source) => [source.id, source])), [snapshot.sources]);

  const selectedPosition = selectedId === null ? undefined : model.index.positionById.get(selectedId);
  const selectedRow = selectedPosition === undefined ? undefined : model.row(selectedPosition);

  const closeDetail = useCallback(() => {
    const id = useSelectionStore.getState().selectedId;
    clearSelection();
    if (id !== null) findRowElement(document, id)?.focus({ preventScroll: true });
  }, [clearSelection]);

  return (
    <div className={`fleet-board${selectedRow === undefined ? '' : ' has-detail'}`}>
      <div className="fleet-main">
        <div className="fleet-status-row">
          <SummaryBar counts={countsFrom(shownCounts.total, 0)} fleetTotal={model.rows} filtered={shown !== null} />
          <SourcesStrip sources={snapshot.sources} />
        </div>
        <RegionCards regions={snapshot.regions} counts={fleetCounts} selectedRegionId={filters.regionId} onToggle={filters.toggleRegion} />
        <div className="fleet-controls">
          <FleetFilters regions={snapshot.regions} />
          <LayoutSwitch />
        </div>
        {layout === 'table' && (
          <TableLayout
            model={model}
            states={states}
            sources={sources}
            matches={matches}
            status={filters.status}
            sortKey={filters.sortKey}
            sortDirection={filters.sortDirection}
            lifecycleNow={lifecycleNow}
            selectedId={selectedId}
            onOpen={select}
            scrollResetKey={JSON.stringify([filters.regionId, filters.kind, filters.status, filters.lifecycle, search, filters.sortKey, filters.sortDirection])}
          />
        )}
        {layout === 'grid' && (
          <HeatGrid model={model} states={states} matches={matches} status={filters.status} counts={shownCounts} selectedId={selectedId} onOpen={select} />
        )}
        {layout === 'tree' && (
          <FleetTree
            model={model}
            states={states}
            matches={matches}
            status={filters.status}
            shown={shown}
            counts={shownCounts}
            selectedId={selectedId}
            onOpen={select}
          />
        )}
      </div>
      {selectedRow !== undefined && selectedPosition !== undefined && (
        <EnvironmentDetailPanel
          row={selectedRow}
          region={snapshot.regions.find((region) => region.id === selectedRow.env.regionId)}
          liveState={stateAt(snapshot, selectedPosition)}
          source={sources.get(selectedRow.env.watchedBy)}
          readOnly={readOnly}
          onClose={closeDetail}
        />
      )}
    </div>
  );
}

export function FleetView() {
  const snapshot = useFleetSnapshot();
  const link = useConnectionStore((state) => state.link);
  return (
    <section className="view view-fleet">
      <h1 tabIndex={-1}>Fleet</h1>
      {snapshot.isError && <ErrorAlert title="The fleet could not be loaded." error={snapshot.error} onRetry={() => void snapshot.refetch()} />}
      {snapshot.data !== undefined ? (
        <FleetBoard snapshot={snapshot.data} />
      ) : (
        !snapshot.isError && (
          <p className="loading" role="status">
            {link === 'connecting' ? 'Connecting to the Watchfloor core…' : 'Loading the fleet…'}
          </p>
        )
      )}
    </section>
  );
}
