import { useCallback, useDeferredValue, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { emptyCounts, HEALTH_ORDER, type FleetSnapshot, type RollupScope, type StatusCounts } from '../../../../shared/contract/index.js';
import { rollupOf } from '../../api/fleet-index.js';
import { useFleetSnapshot, useSystemInfo } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useFleetFilterStore } from '../../state/fleet-filter-store.js';
import { useSelectionStore } from '../../state/selection-store.js';
import { EnvironmentDetailPanel } from './EnvironmentDetailPanel.js';
import { EnvironmentTable, findRowElement } from './EnvironmentTable.js';
import { FleetFilters } from './FleetFilters.js';
import { fleetModelOf } from './fleet-model.js';
import { countStatuses, matchStatic, stateOf, type OrderCriteria } from './fleet-query.js';
import { RegionCards } from './RegionCards.js';
import { SourcesStrip } from './SourcesStrip.js';
import { SummaryBar } from './SummaryBar.js';
import { useSettledOrder } from './use-settled-order.js';

/** Whole-fleet counts straight from the region rollups, without touching the environments. */
function fleetCounts(snapshot: FleetSnapshot): StatusCounts {
  const counts = emptyCounts();
  for (const region of snapshot.regions) {
    const rollup = rollupOf(snapshot, 'region', region.id);
    if (rollup) for (const status of HEALTH_ORDER) counts[status] += rollup.counts[status];
  }
  return counts;
}

function FleetBoard({ snapshot }: { snapshot: FleetSnapshot }) {
  const model = fleetModelOf(snapshot);
  const filters = useFleetFilterStore(
    useShallow((state) => ({
      regionId: state.regionId,
      kind: state.kind,
      status: state.status,
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

  const matches = useMemo(
    () => matchStatic(model, { regionId: filters.regionId, kind: filters.kind, search }),
    [model, filters.regionId, filters.kind, search],
  );
  const criteria = useMemo<OrderCriteria>(
    () => ({ model, matches, status: filters.status, sortKey: filters.sortKey, sortDirection: filters.sortDirection }),
    [model, matches, filters.status, filters.sortKey, filters.sortDirection],
  );
  const order = useSettledOrder(criteria, snapshot.states);
  const filtered = matches !== null || filters.status !== null;
  const counts = useMemo(
    () => (filtered ? countStatuses(model, matches, filters.status, snapshot.states) : fleetCounts(snapshot)),
    [filtered, model, matches, filters.status, snapshot],
  );
  const sources = useMemo(() => new Map(snapshot.sources.map((source) => [source.id, source])), [snapshot.sources]);
  const rollups = useCallback((scope: RollupScope, id: string) => rollupOf(snapshot, scope, id), [snapshot]);

  const selectedPosition = selectedId === null ? undefined : model.positionById.get(selectedId);
  const selectedRow = selectedPosition === undefined ? undefined : model.rows[selectedPosition];

  const closeDetail = useCallback(() => {
    const id = useSelectionStore.getState().selectedId;
    clearSelection();
    if (id !== null) findRowElement(document, id)?.focus({ preventScroll: true });
  }, [clearSelection]);

  return (
    <div className={`fleet-board${selectedRow === undefined ? '' : ' has-detail'}`}>
      <div className="fleet-main">
        <SummaryBar counts={counts} fleetTotal={snapshot.environments.length} filtered={filtered} />
        <SourcesStrip sources={snapshot.sources} />
        <RegionCards regions={snapshot.regions} rollups={rollups} selectedRegionId={filters.regionId} onToggle={filters.toggleRegion} />
        <FleetFilters regions={snapshot.regions} />
        <EnvironmentTable
          model={model}
          states={snapshot.states}
          sources={sources}
          order={order}
          selectedId={selectedId}
          onOpen={select}
          scrollResetKey={JSON.stringify([filters.regionId, filters.kind, filters.status, search, filters.sortKey, filters.sortDirection])}
        />
      </div>
      {selectedRow !== undefined && (
        <EnvironmentDetailPanel
          row={selectedRow}
          region={snapshot.regions.find((region) => region.id === selectedRow.env.regionId)}
          liveState={stateOf(snapshot.states, selectedRow)}
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
