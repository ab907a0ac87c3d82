import { memo } from 'react';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { KIND_LABELS } from './calendar-labels.js';
import { formatDay, formatLocalSpan } from './calendar-format.js';
import type { PlacedBlock } from './calendar-model.js';
import { KindIcon } from './KindIcon.js';
import { hasFlags, OccurrenceFlags } from './OccurrenceFlags.js';
import { ROOMY_BLOCK_HEIGHT } from './week-geometry.js';

interface OccurrenceBlockProps {
  block: PlacedBlock<OccurrenceView>;
  selected: boolean;
  onSelect: (key: string) => void;
}

/** One occurrence on the week's time axis, at its instants; its own zone's times written on it. */
export const OccurrenceBlock = memo(function OccurrenceBlock({ block, selected, onSelect }: OccurrenceBlockProps) {
  const { item: occurrence, top, height, lane, lanes } = block;
  const zone = occurrence.localStart.timeZone;
  return (
    <button
      type="button"
      className={`occ-block kind-${occurrence.kind}${selected ? ' is-selected' : ''}${occurrence.conflicts.length > 0 ? ' has-conflict' : ''}`}
      style={{ top, height, left: `calc(${(lane / lanes) * 100}% + 2px)`, width: `calc(${100 / lanes}% - 4px)` }}
      data-occurrence-key={occurrence.key}
      aria-pressed={selected}
      title={`${occurrence.title} (${KIND_LABELS[occurrence.kind]}), ${formatLocalSpan(occurrence.localStart, occurrence.localEnd)} ${zone}`}
      onClick={() => onSelect(occurrence.key)}
    >
      <span className="occ-title">
        <KindIcon kind={occurrence.kind} />
        <span className="sr-only">{formatDay(occurrence.start, zone)} </span>
        {block.clippedStart && <span aria-hidden="true">↑ </span>}
        {occurrence.title}
      </span>{' '}
      {height >= ROOMY_BLOCK_HEIGHT && <span className="occ-time">{formatLocalSpan(occurrence.localStart, occurrence.localEnd)}</span>}{' '}
      {hasFlags(occurrence) && (
        <span className="occ-flags">
          <OccurrenceFlags occurrence={occurrence} />
        </span>
      )}
    </button>
  );
});
