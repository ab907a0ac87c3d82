import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { formatStamp, formatZonedTime } from './calendar-format.js';
import { durationWords } from './calendar-model.js';

interface OccurrenceTimesProps {
  occurrence: OccurrenceView;
  /** The zones to read it in besides its own, e.g. the viewer's, the regions', UTC. */
  zones: readonly string[];
}

function AdjustmentNote({ occurrence }: { occurrence: OccurrenceView }) {
  const { adjustment } = occurrence;
  if (adjustment === null) return null;
  const date = adjustment.requested.slice(0, 10);
  const clock = adjustment.requested.slice(11, 16);
  const zone = occurrence.localStart.timeZone;
  return (
    <p className="detail-note">
      {adjustment.kind === 'gap'
        ? `${clock} does not exist on ${date} in ${zone} (the clocks go forward): it starts ${adjustment.shiftedMinutes} min later, at ${formatZonedTime(occurrence.localStart)}.`
        : `${clock} happens twice on ${date} in ${zone} (the clocks go back): it starts at the first.`}
    </p>
  );
}

/** The occurrence read in its own zone first, then in every other zone chosen. */
export function OccurrenceTimes({ occurrence, zones }: OccurrenceTimesProps) {
  const own = occurrence.localStart.timeZone;
  const others = zones.filter((zone) => zone !== own);
  return (
    <>
      <table className="data-table times-table">
        <thead>
          <tr>
            <th scope="col">Zone</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">
              {own} <span className="muted">(the window&apos;s)</span>
            </th>
            <td>{formatZonedTime(occurrence.localStart)}</td>
            <td>{formatZonedTime(occurrence.localEnd)}</td>
          </tr>
          {others.map((zone) => (
            <tr key={zone}>
              <th scope="row">{zone}</th>
              <td>{formatStamp(occurrence.start, zone)}</td>
              <td>{formatStamp(occurrence.end, zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AdjustmentNote occurrence={occurrence} />
      {occurrence.crossesOffsetChange && (
        <p className="detail-note">
          The clocks change in {own} during this window; it lasts {durationWords(occurrence.end - occurrence.start)} all the same.
        </p>
      )}
    </>
  );
}
