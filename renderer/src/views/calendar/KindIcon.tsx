import type { CalendarEntryKind } from '../../../../shared/contract/calendar.js';

/** A shape per kind of entry, so kinds read without colour: wrench, lightning, arrow up, no-entry bar, crossed box (an end). */
function Shape({ kind }: { kind: CalendarEntryKind }) {
  switch (kind) {
    case 'planned-maintenance':
      return (
        <path
          className="kind-fill"
          d="M11.6 1a3.6 3.6 0 0 0-3.4 4.7L1.6 12.3a1.5 1.5 0 0 0 2.1 2.1l6.6-6.6A3.6 3.6 0 0 0 15 4.4l-2.2 2.2-2-.5-.5-2L12.5 1.9A3.6 3.6 0 0 0 11.6 1z"
        />
      );
    case 'emergency-maintenance':
      return <path className="kind-fill" d="M9.6.8 2.6 9.2h4.3L5.8 15.2l7.6-8.9H9z" />;
    case 'upgrade-slot':
      return (
        <>
          <circle className="kind-fill" cx="8" cy="8" r="7" />
          <path className="kind-glyph" d="M8 3.2 12.2 7.6H9.4v5H6.6v-5H3.8z" />
        </>
      );
    case 'environment-end':
      return (
        <>
          <rect className="kind-fill" x="1.5" y="1.5" width="13" height="13" rx="2" />
          <path className="kind-glyph" d="M4.6 3.2 8 6.6l3.4-3.4 1.4 1.4L9.4 8l3.4 3.4-1.4 1.4L8 9.4l-3.4 3.4-1.4-1.4L6.6 8 3.2 4.6z" />
        </>
      );
    case 'deploy-freeze':
      return (
        <>
          <circle className="kind-fill" cx="8" cy="8" r="7" />
          <path className="kind-glyph" d="M3.6 6.8h8.8v2.4H3.6z" />
        </>
      );
  }
}

export function KindIcon({ kind }: { kind: CalendarEntryKind }) {
  return (
    <svg className={`kind-icon kind-${kind}`} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <Shape kind={kind} />
    </svg>
  );
}
