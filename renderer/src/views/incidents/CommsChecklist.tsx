import { useState } from 'react';
import type { CommsDutyView } from '../../../../shared/contract/incidents.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatAbsolute } from '../../time/format.js';
import { formatSpan } from './incident-format.js';
import { RecordCommsDialog } from './RecordCommsDialog.js';

/** "Overdue by 5 min", "due in 20 min", "done, nothing more due": the duty's state in words, with its shape. */
function DutyState({ duty, now }: { duty: CommsDutyView; now: number }) {
  if (duty.overdue || (duty.dueAt !== null && duty.dueAt < now)) {
    return <StatusBadge status="critical" label={duty.dueAt === null ? 'Overdue' : `Overdue by ${formatSpan(now - duty.dueAt)}`} />;
  }
  if (duty.dueAt !== null) return <StatusBadge status="stale" label={`Due in ${formatSpan(duty.dueAt - now)}`} />;
  return <StatusBadge status="ok" label={duty.doneAt.length > 0 ? 'Done' : 'Nothing due'} />;
}

/** The severity's communications checklist: what was said when, what is due next, what is overdue. */
export function CommsChecklist({ incidentId, comms, now, disabled }: { incidentId: string; comms: readonly CommsDutyView[]; now: number; disabled: boolean }) {
  const [recording, setRecording] = useState<CommsDutyView | null>(null);
  if (comms.length === 0) return <p className="muted">This severity has no communications duty.</p>;
  return (
    <>
      <table className="data-table comms-table" aria-label="Communications checklist">
        <thead>
          <tr>
            <th scope="col">Duty</th>
            <th scope="col">State</th>
            <th scope="col">Done</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {comms.map((duty) => (
            <tr key={duty.id}>
              <th scope="row">
                <span className="cell-line">{duty.action}</span>
                <span className="cell-line muted">{duty.channel}</span>
              </th>
              <td>
                <DutyState duty={duty} now={now} />
                {duty.dueAt !== null && <span className="cell-line muted">{formatAbsolute(duty.dueAt)}</span>}
              </td>
              <td>{duty.doneAt.length === 0 ? <span className="muted">Not yet</span> : `${duty.doneAt.length}×, last ${formatAbsolute(Math.max(...duty.doneAt))}`}</td>
              <td>
                <button type="button" disabled={disabled} aria-label={`Record: ${duty.action}`} onClick={() => setRecording(duty)}>
                  Record…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {recording !== null && <RecordCommsDialog incidentId={incidentId} duty={recording} onClose={() => setRecording(null)} onDone={() => setRecording(null)} />}
    </>
  );
}
