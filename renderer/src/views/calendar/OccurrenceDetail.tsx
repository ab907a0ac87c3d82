import { useId } from 'react';
import type { OccurrenceView, WindowView } from '../../../../shared/contract/calendar.js';
import { DetailPanel } from '../../components/DetailPanel.js';
import { formatStamp } from './calendar-format.js';
import { ConflictList } from './ConflictList.js';
import { CustomerList } from './CustomerList.js';
import { ExportWindowButton } from './ExportWindowButton.js';
import { KindBadge } from './KindBadge.js';
import { NoticeFacts } from './NoticeFacts.js';
import { OccurrenceTimes } from './OccurrenceTimes.js';
import { PublishPanel } from './PublishPanel.js';
import type { OutcomeNames } from './PublishOutcomeList.js';

interface OccurrenceDetailProps {
  occurrence: OccurrenceView;
  window: WindowView | undefined;
  zones: readonly string[];
  viewerZone: string;
  /** Commands are refused (read-only console) or the calendar's file cannot be written: why, or null. */
  editBlocked: string | null;
  readOnly: boolean;
  names: OutcomeNames;
  onClose: () => void;
  onOpen: (key: string) => void;
  onEdit: (window: WindowView) => void;
  onCancelOccurrence: (occurrence: OccurrenceView) => void;
  onRemove: (window: WindowView) => void;
}

const SHOWN_ENVIRONMENTS = 12;

function Scope({ occurrence }: { occurrence: OccurrenceView }) {
  const { environments, environmentCount, regions } = occurrence;
  const more = environmentCount - environments.length;
  return (
    <dl className="facts">
      <dt>Regions</dt>
      <dd>{regions.length === 0 ? <span className="muted">none</span> : regions.join(', ')}</dd>
      <dt>Environments</dt>
      <dd>
        {environments.length === 0 ? (
          <span className="muted">none</span>
        ) : environmentCount <= SHOWN_ENVIRONMENTS ? (
          <span className="env-list">{environments.join(', ')}</span>
        ) : (
          <details>
            <summary>{environmentCount} environments</summary>
            <span className="env-list">
              {environments.join(', ')}
              {more > 0 && ` and ${more} more`}
            </span>
          </details>
        )}
      </dd>
    </dl>
  );
}

/** One occurrence: when in every zone, whom it touches, its notice, conflicts and publication, and what can be done with it. */
export function OccurrenceDetail(props: OccurrenceDetailProps) {
  const { occurrence, window, zones, viewerZone, editBlocked, readOnly, names, onClose, onOpen, onEdit, onCancelOccurrence, onRemove } = props;
  const sectionId = useId();

  return (
    <DetailPanel title={occurrence.title} itemKey={occurrence.key} className="occurrence-detail" onClose={onClose}>
      <p className="detail-kind">
        <KindBadge kind={occurrence.kind} /> <code className="muted">{occurrence.windowId}</code>
      </p>

      <section className="detail-section" aria-label="When">
        <OccurrenceTimes occurrence={occurrence} zones={zones} />
        {window !== undefined && (
          <p className="muted">
            {window.summary}
            {window.next !== null && `. Next: ${formatStamp(window.next, viewerZone)}`}
          </p>
        )}
      </section>

      <section className="detail-section" aria-label="Notice">
        <NoticeFacts occurrence={occurrence} />
      </section>

      <section className="detail-section" aria-labelledby={`${sectionId}-conflicts`}>
        <h3 id={`${sectionId}-conflicts`}>Conflicts</h3>
        <ConflictList conflicts={occurrence.conflicts} onOpen={onOpen} />
      </section>

      <PublishPanel key={occurrence.key} occurrence={occurrence} readOnly={readOnly} names={names} />

      <section className="detail-section" aria-labelledby={`${sectionId}-scope`}>
        <h3 id={`${sectionId}-scope`}>Scope</h3>
        <Scope occurrence={occurrence} />
      </section>

      <section className="detail-section" aria-labelledby={`${sectionId}-customers`}>
        <h3 id={`${sectionId}-customers`}>Customers ({occurrence.customerCount})</h3>
        <CustomerList customers={occurrence.customers} total={occurrence.customerCount} />
      </section>

      <section className="detail-section" aria-labelledby={`${sectionId}-actions`}>
        <h3 id={`${sectionId}-actions`}>Window</h3>
        {window?.definition.description !== undefined && <p>{window.definition.description}</p>}
        {editBlocked !== null && <p className="muted">{editBlocked}</p>}
        <div className="detail-actions">
          <button type="button" disabled={editBlocked !== null || window === undefined} onClick={() => window !== undefined && onEdit(window)}>
            Edit window…
          </button>
          <button type="button" disabled={editBlocked !== null || window === undefined} onClick={() => onCancelOccurrence(occurrence)}>
            Cancel this occurrence…
          </button>
          <button type="button" className="danger" disabled={editBlocked !== null || window === undefined} onClick={() => window !== undefined && onRemove(window)}>
            Remove window…
          </button>
          <ExportWindowButton windowId={occurrence.windowId} />
        </div>
      </section>
    </DetailPanel>
  );
}
