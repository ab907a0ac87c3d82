import { useId, useMemo, useRef } from 'react';
import { Drift } from '../../../../shared/contract/deploys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormField } from '../../components/FormField.js';
import { TABLE_HEADER_HEIGHT, useTableVirtualizer, VirtualTableRows } from '../../components/VirtualTable.js';
import { formatCount } from '../../time/format.js';
import { DRIFT_LABELS } from './deploys-labels.js';
import { filterMatrix, type DriftFilter, type MatrixEntry } from './deploys-model.js';
import { useMatrixEntries } from './deploys-queries.js';
import { useDeploysStore } from './deploys-store.js';
import { MATRIX_ROW_HEIGHT, MatrixRow } from './MatrixRow.js';

const TITLES = ['Environment', 'Customer', 'Region', 'Kind · ring', 'Version', 'Expected', 'Drift', 'Why', 'Last deploy', 'Actions'];

const DRIFT_FILTERS: readonly DriftFilter[] = ['all', 'drifted', ...Drift.options];

function driftFilterLabel(filter: DriftFilter): string {
  if (filter === 'all') return 'Any';
  if (filter === 'drifted') return 'Any drift';
  return DRIFT_LABELS[filter];
}

function isDriftFilter(value: string): value is DriftFilter {
  return (DRIFT_FILTERS as readonly string[]).includes(value);
}

interface VersionMatrixProps {
  blocked: string | null;
  onDeploy: (environmentId: string) => void;
  onRollback: (environmentId: string) => void;
  onDecommission: (environmentId: string) => void;
}

const NO_ENTRIES: readonly MatrixEntry[] = [];

/**
 * Every environment with the version it runs and the one it should: thousands of rows, only those in
 * sight drawn. Names, customers, regions, kinds and rings come from the fleet snapshot.
 */
export function VersionMatrix({ blocked, onDeploy, onRollback, onDecommission }: VersionMatrixProps) {
  const { entries, matrix } = useMatrixEntries();
  const rows = entries ?? NO_ENTRIES;
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const text = useDeploysStore((state) => state.matrixText);
  const drift = useDeploysStore((state) => state.matrixDrift);
  const { setMatrixText, setMatrixDrift } = useDeploysStore.getState();
  const shown = useMemo(() => filterMatrix(rows, { text, drift }).map((entry) => ({ key: entry.row.environmentId, entry })), [rows, text, drift]);
  const virtualizer = useTableVirtualizer(scrollRef, shown, MATRIX_ROW_HEIGHT);
  const drifted = useMemo(() => rows.filter(({ row }) => row.drift !== 'none').length, [rows]);

  return (
    <section className="deploys-section" aria-labelledby={headingId}>
      <div className="deploys-section-head">
        <h2 id={headingId}>Environments by version</h2>
        <p className="muted" role="status">
          {entries === undefined
            ? 'Loading the versions…'
            : `${formatCount(shown.length)} of ${formatCount(rows.length)} environments shown; ${formatCount(drifted)} drifted`}
        </p>
      </div>
      {matrix.isError && <ErrorAlert title="The versions could not be loaded." error={matrix.error} onRetry={() => void matrix.refetch()} />}
      <div className="filters">
        <FormField label="Find environment" error={undefined} className="field-search">
          {(props) => <input {...props} type="search" value={text} placeholder="Environment, customer, region or version" onChange={(event) => setMatrixText(event.target.value)} />}
        </FormField>
        <FormField label="Drift" error={undefined}>
          {(props) => (
            <select
              {...props}
              value={drift}
              onChange={(event) => {
                if (isDriftFilter(event.target.value)) setMatrixDrift(event.target.value);
              }}
            >
              {DRIFT_FILTERS.map((filter) => (
                <option key={filter} value={filter}>
                  {driftFilterLabel(filter)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div className="vtable-frame matrix-frame">
        <div ref={scrollRef} className="vtable-scroller" role="table" aria-labelledby={headingId} aria-rowcount={shown.length + 1}>
          <VirtualTableRows
            titles={TITLES}
            classes={{ head: 'vtable-head', headerRow: 'matrix-row matrix-header-row', cell: 'matrix-cell', body: 'vtable-body matrix-body' }}
            virtualizer={virtualizer}
            rows={shown}
            renderRow={({ entry }, item, top) => <MatrixRow entry={entry} index={item.index} top={top} blocked={blocked} onDeploy={onDeploy} onRollback={onRollback} onDecommission={onDecommission} />}
          />
        </div>
        {entries !== undefined && shown.length === 0 && (
          <p className="matrix-empty" style={{ top: TABLE_HEADER_HEIGHT + 16 }}>
            {rows.length === 0 ? 'No environment is deployed by a deploy backend.' : 'No environment matches the filter.'}
          </p>
        )}
      </div>
    </section>
  );
}
