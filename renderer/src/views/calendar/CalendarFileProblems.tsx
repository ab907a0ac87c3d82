import type { CalendarSource } from '../../../../shared/contract/calendar.js';

/**
 * Problems of the console's own calendar file (beside the simulated fleet); the calendar shown is
 * the last good one. A fleet file's problems are already shown app-wide, so they are not repeated.
 */
export function CalendarFileProblems({ source }: { source: CalendarSource | undefined }) {
  if (source === undefined || source.kind !== 'local-calendar' || source.problems.length === 0) return null;
  return (
    <div className="banner banner-warning" role="alert">
      <p className="banner-title">
        {source.file} has {source.problems.length === 1 ? 'a problem' : `${source.problems.length} problems`}; the calendar shown is the last good one.
      </p>
      <ul className="problem-list">
        {source.problems.map((problem, position) => (
          <li key={position}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
