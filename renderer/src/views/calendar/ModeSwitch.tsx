import { memo, useId } from 'react';
import { CALENDAR_MODES, type CalendarMode } from './calendar-model.js';
import { useCalendarStore } from './calendar-store.js';

const MODE_LABELS: Readonly<Record<CalendarMode, string>> = { month: 'Month', week: 'Week', agenda: 'Agenda' };

/** Month, week or agenda: native radios, so arrow keys and screen readers work as everywhere else. */
export const ModeSwitch = memo(function ModeSwitch() {
  const name = useId();
  const mode = useCalendarStore((state) => state.mode);
  const setMode = useCalendarStore((state) => state.setMode);
  return (
    <fieldset className="cal-switch">
      <legend>Show</legend>
      <div className="cal-switch-options">
        {CALENDAR_MODES.map((option) => (
          <label key={option} className={option === mode ? 'is-checked' : undefined}>
            <input type="radio" name={name} value={option} checked={option === mode} onChange={() => setMode(option)} />
            {MODE_LABELS[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
});
