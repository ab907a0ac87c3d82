import { memo } from 'react';
import type { RulerLabel } from './calendar-format.js';
import { describeReaders, type ZoneColumn } from './calendar-zones.js';
import type { RowWindow } from './use-row-window.js';
import { ROW_HEIGHT } from './week-geometry.js';

export interface RulerMark {
  top: number;
  height: number;
  /** Short, to fit the ruler: "Sat 23:00 AEDT". */
  start: string;
  end: string;
  /** With the dates, for a pointer's hover. */
  full: string;
}

interface ZoneRulerProps {
  column: ZoneColumn;
  labels: readonly RulerLabel[];
  /** The hours drawn: those in sight and a margin. */
  rowWindow: RowWindow;
  /** The open occurrence read in this zone. */
  mark: RulerMark | null;
}

/** One zone's hours down the side of the week, level with the rows they name; its dates where its day changes. */
export const ZoneRuler = memo(function ZoneRuler({ column, labels, rowWindow, mark }: ZoneRulerProps) {
  const shown = labels.slice(rowWindow.first, rowWindow.last + 1);
  return (
    <div className="zone-ruler" role="group" aria-label={`Hours in ${column.timeZone} (${describeReaders(column)})`}>
      {/* Keyed by row, not instant: the same hour of another week reuses its cell, and its text mostly stays. */}
      {shown.map((label, position) => (
        <div
          key={rowWindow.first + position}
          className={`ruler-cell${label.day === null ? '' : ' starts-day'}`}
          style={{ top: (rowWindow.first + position) * ROW_HEIGHT, height: ROW_HEIGHT }}
        >
          {label.day !== null && <span className="ruler-day">{label.day} </span>}
          {label.clock} <span className="ruler-zone">{label.abbreviation}</span>
        </div>
      ))}
      {mark !== null && (
        <div className="ruler-mark" role="note" title={mark.full} style={{ top: mark.top, height: mark.height }}>
          <span>{mark.start} –</span> <span>{mark.end}</span>
        </div>
      )}
    </div>
  );
});
