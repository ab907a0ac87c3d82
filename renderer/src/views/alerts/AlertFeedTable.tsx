import { useEffect, useRef } from 'react';
import type { AlertView } from '../../../../shared/contract/alerts.js';
import type { HealthStatus } from '../../../../shared/contract/index.js';
import { TABLE_HEADER_HEIGHT, useTableVirtualizer, VirtualTableRows } from '../../components/VirtualTable.js';
import { useNow } from '../../time/clock.js';
import { useAlertFocusStore } from './alert-focus-store.js';
import { ALERT_ROW_HEIGHT, AlertRow } from './AlertRow.js';

const COLUMN_TITLES = ['Pick', 'Severity', 'Alert', 'Environment', 'Started', 'State', 'Actions'] as const;

interface AlertFeedTableProps {
  /** In display order. */
  alerts: readonly AlertView[];
  statuses: ReadonlyMap<string, HealthStatus>;
  readOnly: boolean;
  acknowledgingKey: string | null;
  onAcknowledge: (alert: AlertView) => void;
  onSilence: (alert: AlertView) => void;
  selectedKeys: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onDeclare: (alert: AlertView) => void;
}

/** The feed as a table of fixed-height rows, virtualized: a storm of thousands of alerts scrolls like ten. */
export function AlertFeedTable({ alerts, statuses, readOnly, acknowledgingKey, onAcknowledge, onSilence, selectedKeys, onToggle, onDeclare }: AlertFeedTableProps) {
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusKey = useAlertFocusStore((state) => state.key);
  const focusDone = useAlertFocusStore((state) => state.done);
  const virtualizer = useTableVirtualizer(scrollRef, alerts, ALERT_ROW_HEIGHT);

  // An alert asked for from elsewhere (its notification) is scrolled to, then focused once its row exists.
  const focusIndex = focusKey === null ? -1 : alerts.findIndex((alert) => alert.key === focusKey);
  useEffect(() => {
    if (focusIndex < 0) return;
    virtualizer.scrollToIndex(focusIndex, { align: 'center' });
    const frame = window.requestAnimationFrame(() => {
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-alert-key="${CSS.escape(focusKey ?? '')}"]`);
      row?.focus({ preventScroll: true });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [focusIndex, focusKey, virtualizer]);

  return (
    <div className="vtable-frame alert-feed-frame">
      <div
        ref={scrollRef}
        className="vtable-scroller"
        role="table"
        aria-label="Alert feed"
        aria-rowcount={alerts.length + 1}
        onBlur={(event) => {
          if (focusKey !== null && event.target instanceof HTMLElement && event.target.dataset.alertKey === focusKey) focusDone();
        }}
      >
        <VirtualTableRows
          titles={COLUMN_TITLES}
          classes={{ head: 'vtable-head alert-feed-head', headerRow: 'alert-row alert-header-row', cell: 'alert-cell', body: 'vtable-body alert-feed-body' }}
          virtualizer={virtualizer}
          rows={alerts}
          renderRow={(alert, item, top) => (
            <AlertRow
              alert={alert}
              environmentStatus={alert.environmentId === null ? undefined : statuses.get(alert.environmentId)}
              now={now}
              index={item.index}
              top={top}
              highlighted={alert.key === focusKey}
              readOnly={readOnly}
              acknowledging={alert.key === acknowledgingKey}
              onAcknowledge={onAcknowledge}
              onSilence={onSilence}
              selected={selectedKeys.has(alert.key)}
              onToggle={onToggle}
              onDeclare={onDeclare}
            />
          )}
        />
      </div>
      {alerts.length === 0 && (
        <p className="alert-feed-empty" style={{ top: TABLE_HEADER_HEIGHT + 16 }}>
          No alert is firing or silenced.
        </p>
      )}
    </div>
  );
}
