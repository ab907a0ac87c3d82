import { useId, useState } from 'react';
import type { CalendarView } from '../../../../shared/contract/calendar.js';
import { describeFailure } from '../../api/call.js';
import { useExportIcs } from './calendar-queries.js';
import { downloadText } from './ics-download.js';
import { useOutcomeStore } from './outcome-store.js';

interface ExportIcsControlProps {
  regions: CalendarView['regions'];
}

const ALL = '';

/** The whole calendar or one region's windows as an .ics file (one window is exported from its detail). */
export function ExportIcsControl({ regions }: ExportIcsControlProps) {
  const selectId = useId();
  const [regionId, setRegionId] = useState(ALL);
  const exportIcs = useExportIcs();
  const show = useOutcomeStore((state) => state.show);

  function onExport(): void {
    exportIcs.mutate(regionId === ALL ? {} : { regionId }, {
      onSuccess: (file) => {
        downloadText(file.filename, file.text, 'text/calendar');
        show({ tone: 'ok', text: `Exported ${file.windows} ${file.windows === 1 ? 'window' : 'windows'} to ${file.filename}.` });
      },
      onError: (error) => show({ tone: 'error', text: `The calendar was not exported: ${describeFailure(error)}` }),
    });
  }

  return (
    <div className="export-control">
      <div className="field">
        <label htmlFor={selectId}>Export</label>
        <select id={selectId} value={regionId} onChange={(event) => setRegionId(event.target.value)}>
          <option value={ALL}>All windows</option>
          {regions.map((region) => (
            <option key={region.id} value={region.id}>
              {region.name} ({region.timeZone})
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={onExport} disabled={exportIcs.isPending}>
        {exportIcs.isPending ? 'Exporting…' : 'Export .ics'}
      </button>
    </div>
  );
}
