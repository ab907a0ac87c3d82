import { describeFailure } from '../../api/call.js';
import { useExportIcs } from './calendar-queries.js';
import { downloadText } from './ics-download.js';
import { useOutcomeStore } from './outcome-store.js';

/** One window, with its recurrence and exceptions, as an .ics file. */
export function ExportWindowButton({ windowId }: { windowId: string }) {
  const exportIcs = useExportIcs();
  const show = useOutcomeStore((state) => state.show);
  return (
    <button
      type="button"
      disabled={exportIcs.isPending}
      onClick={() =>
        exportIcs.mutate(
          { windowId },
          {
            onSuccess: (file) => {
              downloadText(file.filename, file.text, 'text/calendar');
              show({ tone: 'ok', text: `Exported ${windowId} to ${file.filename}.` });
            },
            onError: (error) => show({ tone: 'error', text: `${windowId} was not exported: ${describeFailure(error)}` }),
          },
        )
      }
    >
      {exportIcs.isPending ? 'Exporting…' : 'Export window (.ics)'}
    </button>
  );
}
