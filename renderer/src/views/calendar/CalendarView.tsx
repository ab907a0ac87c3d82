import { useCallback, useMemo, useState } from 'react';
import type { Temporal } from 'temporal-polyfill';
import type { IcsImportResult, NoticeDueItem, OccurrenceView, PublishOutcome, WindowView } from '../../../../shared/contract/calendar.js';
import { useSystemInfo } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { ActionOutcomePanel } from './ActionOutcomePanel.js';
import { AgendaList } from './AgendaList.js';
import { CalendarFileProblems } from './CalendarFileProblems.js';
import { CalendarSourceLine } from './CalendarSourceLine.js';
import { CalendarToolbar } from './CalendarToolbar.js';
import { CancelOccurrenceDialog } from './CancelOccurrenceDialog.js';
import { formatSpan, formatZonedTime } from './calendar-format.js';
import { dateIn, rangeFor, requestedStartOf, startOfDay, viewerTimeZone } from './calendar-model.js';
import { useCalendarView } from './calendar-queries.js';
import { cursorDate, useCalendarStore } from './calendar-store.js';
import { chosenColumns, defaultZones, zoneCandidates } from './calendar-zones.js';
import { ImportIcsDialog } from './ImportIcsDialog.js';
import { MonthGrid } from './MonthGrid.js';
import { NoticeList } from './NoticeList.js';
import { EndDetail } from './EndDetail.js';
import { OccurrenceDetail } from './OccurrenceDetail.js';
import { useOutcomeStore } from './outcome-store.js';
import type { OutcomeNames } from './PublishOutcomeList.js';
import { RegionBanners } from './RegionBanners.js';
import { RemoveWindowDialog } from './RemoveWindowDialog.js';
import { useCalendarLive } from './use-calendar-live.js';
import { WeekGrid } from './WeekGrid.js';
import { draftFromDefinition, emptyDraft, type WindowDraft } from './window-form.js';
import { WindowEditor } from './WindowEditor.js';
import { ZoneChooser } from './ZoneChooser.js';
import '../../styles/calendar.css';

const NO_OCCURRENCES: readonly OccurrenceView[] = [];
/** Maintenance in this domain runs at night: a new window starts at 23:00 on the day in view. */
const NEW_WINDOW_CLOCK = 'T23:00';

type Dialog =
  | { kind: 'editor'; initial: WindowDraft; editingId: string | null }
  | { kind: 'cancel'; occurrence: OccurrenceView; window: WindowView }
  | { kind: 'remove'; window: WindowView }
  | { kind: 'import' }
  | null;

export function CalendarView() {
  useCalendarLive();
  const viewerZone = useMemo(viewerTimeZone, []);
  const mode = useCalendarStore((state) => state.mode);
  const cursor = useCalendarStore((state) => state.cursor);
  const chosenZones = useCalendarStore((state) => state.zones);
  const selectedKey = useCalendarStore((state) => state.selectedKey);
  const { setZones, select, reveal, setCursor, setMode } = useCalendarStore.getState();
  const showOutcome = useOutcomeStore((state) => state.show);
  const readOnly = useSystemInfo().data?.readOnly ?? false;
  const link = useConnectionStore((state) => state.link);

  const range = useMemo(() => rangeFor(mode, cursorDate(cursor), viewerZone), [mode, cursor, viewerZone]);
  const focusDay = useMemo(() => startOfDay(cursorDate(cursor), viewerZone), [cursor, viewerZone]);
  const view = useCalendarView(range);
  const data = view.data;
  const occurrences = data?.occurrences ?? NO_OCCURRENCES;
  const regions = data?.regions;

  const candidates = useMemo(() => zoneCandidates(viewerZone, regions ?? []), [viewerZone, regions]);
  const defaults = useMemo(() => (data === undefined ? [viewerZone, 'UTC'] : defaultZones(viewerZone, data)), [data, viewerZone]);
  const chosen = chosenZones ?? defaults;
  const columns = useMemo(() => chosenColumns(candidates, chosen), [candidates, chosen]);
  const windowsById = useMemo(() => new Map((data?.windows ?? []).map((window) => [window.definition.id, window])), [data?.windows]);

  const selected = occurrences.find((occurrence) => occurrence.key === selectedKey);

  const [dialog, setDialog] = useState<Dialog>(null);
  const closeDialog = useCallback(() => setDialog(null), []);
  const closeDetail = useCallback(() => select(null), [select]);

  const editBlocked = readOnly
    ? 'Watchfloor runs read-only: windows cannot be added, changed or removed.'
    : data !== undefined && !data.source.editable
      ? `The calendar in ${data.source.file} cannot be written by the console.`
      : null;

  const names = useMemo<OutcomeNames>(() => {
    const backends = new Map<string, string>();
    const byKey = new Map<string, OccurrenceView>();
    for (const occurrence of occurrences) {
      byKey.set(occurrence.key, occurrence);
      for (const publication of occurrence.publications) backends.set(publication.backendId, publication.backendName);
    }
    return {
      backend: (id) => backends.get(id) ?? id,
      occurrence: (key) => {
        const found = byKey.get(key);
        if (found !== undefined) return formatZonedTime(found.localStart);
        const requested = requestedStartOf(key);
        if (requested === null) return 'the whole series';
        const zone = windowsById.get(key.slice(0, key.lastIndexOf('@')))?.definition.timeZone ?? '';
        return `${requested.replace('T', ' ')} ${zone}`.trim();
      },
    };
  }, [occurrences, windowsById]);

  // The notice list reaches beyond the range shown: the calendar moves to the occurrence's day and opens it there.
  const openFromNotice = useCallback((item: NoticeDueItem) => reveal(item.key, dateIn(item.start, viewerZone)), [reveal, viewerZone]);
  const showWeek = useCallback(
    (date: Temporal.PlainDate) => {
      setCursor(date);
      setMode('week');
    },
    [setCursor, setMode],
  );

  function saved(text: string, outcomes: readonly PublishOutcome[]): void {
    setDialog(null);
    showOutcome({ tone: 'ok', text, outcomes });
  }

  function imported(result: IcsImportResult): void {
    setDialog(null);
    showOutcome({
      tone: result.added.length === 0 ? 'error' : 'ok',
      text: result.added.length === 0 ? 'No event was imported.' : `Imported ${result.added.length} ${result.added.length === 1 ? 'window' : 'windows'}: ${result.added.join(', ')}.`,
      details: [...result.skipped.map((skipped) => `Skipped ${skipped.uid}: ${skipped.reason}`), ...result.notes.map((note) => `Note on ${note.uid}: ${note.note}`)],
    });
  }

  const newWindow = () => setDialog({ kind: 'editor', editingId: null, initial: emptyDraft(viewerZone, `${cursor}${NEW_WINDOW_CLOCK}`) });

  return (
    <section className="view view-calendar">
      <div className="calendar-head">
        <h1 tabIndex={-1}>Calendar</h1>
        <CalendarSourceLine source={data?.source} updatedAt={view.dataUpdatedAt} loading={view.isPlaceholderData} failed={view.isError && data !== undefined} />
      </div>
      <CalendarToolbar range={range} regions={regions ?? []} editBlocked={editBlocked} onNew={newWindow} onImport={() => setDialog({ kind: 'import' })} />
      {mode === 'week' && <ZoneChooser candidates={candidates} chosen={columns.map((column) => column.timeZone)} onChange={setZones} />}
      <CalendarFileProblems source={data?.source} />
      {view.isError && (data === undefined || view.isPlaceholderData) && <ErrorAlert title="The calendar could not be loaded." error={view.error} onRetry={() => void view.refetch()} />}

      <div className={`calendar-board${selected === undefined ? '' : ' has-detail'}`}>
        <div className="calendar-main">
          {data === undefined && !view.isError ? (
            <p className="loading" role="status">
              {link === 'connecting' ? 'Connecting to the Watchfloor core…' : 'Loading the calendar…'}
            </p>
          ) : mode === 'month' ? (
            <MonthGrid range={range} occurrences={occurrences} selectedKey={selectedKey} onSelect={select} onShowWeek={showWeek} />
          ) : mode === 'week' ? (
            <WeekGrid range={range} focusDay={focusDay} occurrences={occurrences} columns={columns} placeholder={view.isPlaceholderData} selectedKey={selectedKey} onSelect={select} />
          ) : (
            <AgendaList range={range} focusDay={focusDay} placeholder={view.isPlaceholderData} occurrences={occurrences} selectedKey={selectedKey} onSelect={select} />
          )}
        </div>
        {selected !== undefined && selected.environmentEnd !== null && (
          <EndDetail occurrence={selected} end={selected.environmentEnd} zones={columns.map((column) => column.timeZone)} onClose={closeDetail} />
        )}
        {selected !== undefined && selected.environmentEnd === null && (
          <OccurrenceDetail
            occurrence={selected}
            window={windowsById.get(selected.windowId)}
            zones={columns.map((column) => column.timeZone)}
            viewerZone={viewerZone}
            editBlocked={editBlocked}
            readOnly={readOnly}
            names={names}
            onClose={closeDetail}
            onOpen={select}
            onEdit={(window) => setDialog({ kind: 'editor', editingId: window.definition.id, initial: draftFromDefinition(window.definition) })}
            onCancelOccurrence={(occurrence) => {
              const window = windowsById.get(occurrence.windowId);
              if (window !== undefined) setDialog({ kind: 'cancel', occurrence, window });
            }}
            onRemove={(window) => setDialog({ kind: 'remove', window })}
          />
        )}
      </div>

      <div className="calendar-aside">
        <NoticeList items={data?.noticeDue} onOpen={openFromNotice} />
        <RegionBanners />
      </div>

      {dialog?.kind === 'editor' && (
        <WindowEditor
          initial={dialog.initial}
          editingId={dialog.editingId}
          regions={regions ?? []}
          zoneSuggestions={candidates.map((column) => column.timeZone)}
          onClose={closeDialog}
          onSaved={({ window, republished }) => saved(`Saved ${window.definition.title} (${window.definition.id}): ${window.summary}.`, republished)}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <CancelOccurrenceDialog
          occurrence={dialog.occurrence}
          window={dialog.window}
          onClose={closeDialog}
          onCancelled={(republished) => {
            select(null);
            saved(
              `Cancelled ${dialog.occurrence.title} on ${formatSpan(dialog.occurrence.start, dialog.occurrence.end, dialog.occurrence.localStart.timeZone)}.`,
              republished,
            );
          }}
        />
      )}
      {dialog?.kind === 'remove' && data !== undefined && (
        <RemoveWindowDialog
          window={dialog.window}
          source={data.source}
          onClose={closeDialog}
          onRemoved={(cancelled) => {
            select(null);
            saved(`Removed ${dialog.window.definition.title} (${dialog.window.definition.id}).`, cancelled);
          }}
        />
      )}
      {dialog?.kind === 'import' && <ImportIcsDialog regions={regions ?? []} onClose={closeDialog} onImported={imported} />}
      <ActionOutcomePanel names={names} />
    </section>
  );
}
