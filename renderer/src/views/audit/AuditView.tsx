import { useMemo, useRef, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormField } from '../../components/FormField.js';
import { TABLE_HEADER_HEIGHT, useTableVirtualizer, VirtualTableRows } from '../../components/VirtualTable.js';
import { formatCount } from '../../time/format.js';
import { useSettledValue } from '../deploys/use-settled-value.js';
import { AuditChain } from './AuditChain.js';
import { AuditShippingLine } from './AuditShippingLine.js';
import { entriesOf } from './audit-model.js';
import { useAuditTrail } from './audit-queries.js';
import { AUDIT_ROW_HEIGHT, AuditRow } from './AuditRow.js';
import { useAuditLive } from './use-audit-live.js';
import '../../styles/deploys.css';

const TITLES = ['When (your time)', 'What happened', 'Why', 'Result', 'Detail'];
/** The core is asked once typing pauses this long. */
const FILTER_SETTLE_MS = 250;

/** Who did what, where, when, why and with what result: newest first, new entries added on top as they happen. */
export function AuditView() {
  const [typed, setTyped] = useState('');
  const text = useSettledValue(typed.trim(), FILTER_SETTLE_MS);
  useAuditLive(text);
  const trail = useAuditTrail(text);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => entriesOf(trail.data?.pages ?? []).map((entry) => ({ key: String(entry.id), entry })), [trail.data?.pages]);
  const virtualizer = useTableVirtualizer(scrollRef, rows, AUDIT_ROW_HEIGHT);

  return (
    <section className="view view-audit">
      <h1 tabIndex={-1}>Audit</h1>
      <AuditChain />
      <AuditShippingLine />
      <div className="audit-toolbar">
        <FormField label="Filter the trail" error={undefined} className="field-search">
          {(props) => <input {...props} type="search" value={typed} placeholder="Who, action, target, why or detail" onChange={(event) => setTyped(event.target.value)} />}
        </FormField>
        <p className="muted" role="status">
          {trail.isPending ? 'Loading the audit trail…' : `${formatCount(rows.length)} ${rows.length === 1 ? 'entry' : 'entries'} shown${text === '' ? '' : ` matching “${text}”`}`}
        </p>
      </div>
      {trail.isError && <ErrorAlert title="The audit trail could not be loaded." error={trail.error} onRetry={() => void trail.refetch()} />}
      <div className="vtable-frame audit-frame">
        <div ref={scrollRef} className="vtable-scroller" role="table" aria-label="Audit trail" aria-rowcount={rows.length + 1}>
          <VirtualTableRows
            titles={TITLES}
            classes={{ head: 'vtable-head', headerRow: 'audit-row audit-header-row', cell: 'audit-cell', body: 'vtable-body audit-body' }}
            virtualizer={virtualizer}
            rows={rows}
            renderRow={({ entry }, item, top) => <AuditRow entry={entry} index={item.index} top={top} />}
          />
        </div>
        {rows.length === 0 && !trail.isPending && (
          <p className="audit-empty" style={{ top: TABLE_HEADER_HEIGHT + 16 }}>
            {text === '' ? 'Nothing has been done from this console yet.' : 'No entry matches the filter.'}
          </p>
        )}
      </div>
      <div className="audit-foot">
        {trail.hasNextPage ? (
          <button type="button" disabled={trail.isFetchingNextPage} onClick={() => void trail.fetchNextPage()}>
            {trail.isFetchingNextPage ? 'Loading older entries…' : 'Load older entries'}
          </button>
        ) : (
          trail.data !== undefined && <p className="muted">The start of the trail is shown.</p>
        )}
      </div>
    </section>
  );
}
