import { memo, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { HEALTH_ORDER, HealthStatus, LifecycleState, type RegionView } from '../../../../shared/contract/index.js';
import { EnvironmentKind } from '../../../../shared/fleet-definition/schema.js';
import { KIND_LABELS, LIFECYCLE_STATE_LABELS, STATUS_LABELS } from '../../components/labels.js';
import { useFleetFilterStore } from '../../state/fleet-filter-store.js';
import { LIFECYCLE_ORDER } from './fleet-query.js';

/** Memoized: the fleet re-renders for every batch of live changes, the filters only when they change. */
export const FleetFilters = memo(function FleetFilters({ regions }: { regions: readonly RegionView[] }) {
  const ids = { region: useId(), kind: useId(), status: useId(), lifecycle: useId(), search: useId() };
  const filters = useFleetFilterStore(
    useShallow((state) => ({
      regionId: state.regionId,
      kind: state.kind,
      status: state.status,
      lifecycle: state.lifecycle,
      search: state.search,
      setRegion: state.setRegion,
      setKind: state.setKind,
      setStatus: state.setStatus,
      setLifecycle: state.setLifecycle,
      setSearch: state.setSearch,
      clearFilters: state.clearFilters,
    })),
  );
  const anyFilter = filters.regionId !== null || filters.kind !== null || filters.status !== null || filters.lifecycle !== null || filters.search !== '';

  return (
    <div className="filters" role="search">
      <div className="field">
        <label htmlFor={ids.region}>Region</label>
        <select id={ids.region} value={filters.regionId ?? ''} onChange={(event) => filters.setRegion(event.target.value === '' ? null : event.target.value)}>
          <option value="">All regions</option>
          {regions.map((region) => (
            <option key={region.id} value={region.id}>
              {region.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.kind}>Kind</label>
        <select
          id={ids.kind}
          value={filters.kind ?? ''}
          onChange={(event) => {
            const parsed = EnvironmentKind.safeParse(event.target.value);
            filters.setKind(parsed.success ? parsed.data : null);
          }}
        >
          <option value="">All kinds</option>
          {EnvironmentKind.options.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.status}>Status</label>
        <select
          id={ids.status}
          value={filters.status ?? ''}
          onChange={(event) => {
            const parsed = HealthStatus.safeParse(event.target.value);
            filters.setStatus(parsed.success ? parsed.data : null);
          }}
        >
          <option value="">All statuses</option>
          {HEALTH_ORDER.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.lifecycle}>Lifecycle</label>
        <select
          id={ids.lifecycle}
          value={filters.lifecycle ?? ''}
          onChange={(event) => {
            const parsed = LifecycleState.safeParse(event.target.value);
            filters.setLifecycle(parsed.success ? parsed.data : null);
          }}
        >
          <option value="">All</option>
          {LIFECYCLE_ORDER.map((state) => (
            <option key={state} value={state}>
              {LIFECYCLE_STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-search">
        <label htmlFor={ids.search}>Search tenants</label>
        <input
          id={ids.search}
          type="search"
          value={filters.search}
          placeholder="Tenant name, environment id or name"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => filters.setSearch(event.target.value)}
        />
      </div>
      <button type="button" className="clear-filters" onClick={filters.clearFilters} disabled={!anyFilter}>
        Clear filters
      </button>
    </div>
  );
});
