import { memo } from 'react';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { formatZonedTime } from './calendar-format.js';
import { KindIcon } from './KindIcon.js';
import { HEAD_HEIGHT } from './week-geometry.js';

interface FreezeBandProps {
  occurrence: OccurrenceView;
  top: number;
  height: number;
  /** Overlapping freezes put their labels side by side. */
  index: number;
  selected: boolean;
  onSelect: (key: string) => void;
}

/**
 * A deploy freeze lies behind everything in its time, across the whole width: what falls inside
 * it is plain to see. Its label stays in sight under the zone names while the freeze is.
 */
export const FreezeBand = memo(function FreezeBand({ occurrence, top, height, index, selected, onSelect }: FreezeBandProps) {
  return (
    <div className={`freeze-band${selected ? ' is-selected' : ''}`} style={{ top, height }}>
      <button
        type="button"
        className="freeze-label"
        style={{ top: HEAD_HEIGHT, marginLeft: `${index * 14}em` }}
        data-occurrence-key={occurrence.key}
        aria-pressed={selected}
        onClick={() => onSelect(occurrence.key)}
      >
        <KindIcon kind="deploy-freeze" />
        {occurrence.title}
        <span className="muted">
          {' '}
          until {formatZonedTime(occurrence.localEnd)}
        </span>
      </button>
    </div>
  );
});
