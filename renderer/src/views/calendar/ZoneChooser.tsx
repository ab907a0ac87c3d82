import { describeReaders, type ZoneColumn } from './calendar-zones.js';

interface ZoneChooserProps {
  candidates: readonly ZoneColumn[];
  chosen: readonly string[];
  onChange: (zones: string[]) => void;
}

/** Which zones the week view has a ruler of hours for; at least one stays. */
export function ZoneChooser({ candidates, chosen, onChange }: ZoneChooserProps) {
  return (
    <fieldset className="zone-chooser">
      <legend>Zones shown</legend>
      <div className="zone-options">
        {candidates.map((column) => {
          const checked = chosen.includes(column.timeZone);
          return (
            <label key={column.timeZone} className={checked ? 'is-checked' : undefined}>
              <input
                type="checkbox"
                checked={checked}
                disabled={checked && chosen.length === 1}
                onChange={() =>
                  onChange(
                    checked
                      ? chosen.filter((zone) => zone !== column.timeZone)
                      : candidates.filter((candidate) => candidate.timeZone === column.timeZone || chosen.includes(candidate.timeZone)).map((candidate) => candidate.timeZone),
                  )
                }
              />
              <span className="zone-name">{column.timeZone}</span>
              <span className="muted">{describeReaders(column)}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
