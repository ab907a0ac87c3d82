import type { CalendarSource } from '../../../../shared/contract/calendar.js';
import { Age } from '../../components/Age.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useNow } from '../../time/clock.js';

const SOURCE_KIND_LABELS: Readonly<Record<CalendarSource['kind'], string>> = {
  'fleet-file': 'the fleet file',
  'local-calendar': "the console's calendar file",
};

interface CalendarSourceLineProps {
  source: CalendarSource | undefined;
  updatedAt: number;
  loading: boolean;
  /** The last refresh failed: what is shown is the last calendar loaded. */
  failed: boolean;
}

/** Where the windows come from and how old what is shown is; on its own clock, so the grid does not re-render each second. */
export function CalendarSourceLine({ source, updatedAt, loading, failed }: CalendarSourceLineProps) {
  const now = useNow();
  const link = useConnectionStore((state) => state.link);
  if (source === undefined) return <p className="calendar-source muted" />;
  return (
    <p className="calendar-source muted" role="status">
      Windows from {SOURCE_KIND_LABELS[source.kind]} <code>{source.file}</code>
      {source.editable ? '' : ' (read-only)'} · <Age at={updatedAt} now={now} prefix="updated" />
      {loading && ' · Loading…'}
      {failed && (
        <>
          {' · '}
          <StatusIcon status="stale" /> {link === 'live' ? 'Could not refresh' : 'The core is unreachable'}: showing the last calendar loaded
        </>
      )}
    </p>
  );
}
