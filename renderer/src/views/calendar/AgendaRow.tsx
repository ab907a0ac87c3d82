import { memo } from 'react';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { KIND_LABELS } from './calendar-labels.js';
import { formatClock, formatLocalSpan, formatStamp } from './calendar-format.js';
import { KindIcon } from './KindIcon.js';
import { NoticeBadge } from './NoticeBadge.js';
import { OccurrenceFlags } from './OccurrenceFlags.js';
import { PublishStateBadge } from './PublishStateBadge.js';
import { publishSummary } from './publish-summary.js';

/** Fixed, so the list never reflows as occurrences change; the virtualizer and the styles both use it. */
export const AGENDA_ROW_HEIGHT = 58;

interface AgendaRowProps {
  occurrence: OccurrenceView;
  viewerZone: string;
  index: number;
  top: number;
  selected: boolean;
  onSelect: (key: string) => void;
}

export const AgendaRow = memo(function AgendaRow({ occurrence, viewerZone, index, top, selected, onSelect }: AgendaRowProps) {
  const published = publishSummary(occurrence.publications);
  const customerRegions = [...new Set(occurrence.customers.map((customer) => customer.regionId))];
  return (
    <div
      role="row"
      className={`agenda-row kind-${occurrence.kind}${selected ? ' is-selected' : ''}`}
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, height: AGENDA_ROW_HEIGHT }}
    >
      <div role="cell" className="agenda-cell agenda-cell-stack">
        <span>{formatStamp(occurrence.start, viewerZone)}</span>
        <span className="muted">to {formatClock(occurrence.end, viewerZone)}</span>
      </div>
      <div role="cell" className="agenda-cell agenda-cell-stack">
        <span>{formatLocalSpan(occurrence.localStart, occurrence.localEnd)}</span>
        <span className="muted">{occurrence.localStart.timeZone}</span>
      </div>
      <div role="cell" className="agenda-cell">
        {formatClock(occurrence.start, 'UTC')}–{formatClock(occurrence.end, 'UTC')}
      </div>
      <div role="cell" className="agenda-cell agenda-cell-stack">
        <button type="button" className="link-button" data-occurrence-key={occurrence.key} aria-pressed={selected} onClick={() => onSelect(occurrence.key)}>
          <KindIcon kind={occurrence.kind} />
          {occurrence.title}
        </button>
        <span className="muted">
          {KIND_LABELS[occurrence.kind]} <OccurrenceFlags occurrence={occurrence} />
        </span>
      </div>
      <div role="cell" className="agenda-cell agenda-cell-stack">
        <span>
          {occurrence.customerCount} {occurrence.customerCount === 1 ? 'customer' : 'customers'}
        </span>
        <span className="muted">{customerRegions.join(', ') || occurrence.regions.join(', ')}</span>
      </div>
      <div role="cell" className="agenda-cell agenda-cell-stack">
        <NoticeBadge state={occurrence.notice.state} />
        {occurrence.notice.announceBy !== null && <span className="muted">by {formatStamp(occurrence.notice.announceBy, occurrence.localStart.timeZone)}</span>}
      </div>
      <div role="cell" className="agenda-cell">
        {published === null ? <span className="muted">Nowhere to publish</span> : <PublishStateBadge state={published.state} label={published.label} />}
      </div>
    </div>
  );
});
