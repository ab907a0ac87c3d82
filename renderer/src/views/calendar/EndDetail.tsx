import { useId } from 'react';
import type { EnvironmentEndEntry, OccurrenceView } from '../../../../shared/contract/calendar.js';
import { DetailPanel } from '../../components/DetailPanel.js';
import { LIFECYCLE_KIND_LABELS } from '../../components/labels.js';
import { formatEndInstant, formatLastDay } from '../../components/lifecycle-format.js';
import { CustomerList } from './CustomerList.js';
import { KindBadge } from './KindBadge.js';
import { OccurrenceTimes } from './OccurrenceTimes.js';

interface EndDetailProps {
  occurrence: OccurrenceView;
  end: EnvironmentEndEntry;
  zones: readonly string[];
  onClose: () => void;
}

/** An environment's end: which environment, its last day on its region's calendar, and why it ends then. Nothing to publish or edit: the fleet file says it. */
export function EndDetail({ occurrence, end, zones, onClose }: EndDetailProps) {
  const sectionId = useId();
  const { lifecycle } = end;
  return (
    <DetailPanel title={occurrence.title} itemKey={occurrence.key} className="occurrence-detail" onClose={onClose}>
      <p className="detail-kind">
        <KindBadge kind={occurrence.kind} /> <code className="muted">{end.environmentId}</code>
      </p>

      <section className="detail-section" aria-label="When">
        <OccurrenceTimes occurrence={occurrence} zones={zones} />
      </section>

      <section className="detail-section" aria-labelledby={`${sectionId}-end`}>
        <h3 id={`${sectionId}-end`}>Environment</h3>
        <dl className="facts">
          <dt>Environment</dt>
          <dd>
            {end.environmentName} <code className="muted">{end.environmentId}</code>
          </dd>
          <dt>Customer</dt>
          <dd>{end.tenantName}</dd>
          <dt>Lifecycle</dt>
          <dd>
            {LIFECYCLE_KIND_LABELS[lifecycle.kind]}
            {lifecycle.release !== null && <span className="muted">release {lifecycle.release}</span>}
          </dd>
          {lifecycle.endDate !== null && (
            <>
              <dt>Last day</dt>
              <dd>
                <span>{formatLastDay(lifecycle.endDate)}</span>
                <span className="muted">
                  {lifecycle.endSource === 'rule' && lifecycle.goLive !== null ? `go-live ${formatLastDay(lifecycle.goLive)} plus the rule` : 'set in the fleet file'}
                </span>
              </dd>
            </>
          )}
          <dt>Ends</dt>
          <dd>{formatEndInstant(lifecycle)}</dd>
        </dl>
        <p className="muted">To keep it, the customer takes a hosting agreement and the fleet file marks it permanent-paid.</p>
      </section>

      <section className="detail-section" aria-labelledby={`${sectionId}-customers`}>
        <h3 id={`${sectionId}-customers`}>Customer</h3>
        <CustomerList customers={occurrence.customers} total={occurrence.customerCount} />
      </section>
    </DetailPanel>
  );
}
