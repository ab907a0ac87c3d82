import { useState, type FormEvent } from 'react';
import { HoldReason, type IncidentDetail, type IncidentStatus } from '../../../../shared/contract/incidents.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { HOLD_NAMES, STATUS_NAMES } from './incident-labels.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.'];

interface StatusDialogProps {
  detail: IncidentDetail;
  /** Resolve opens the same dialog with resolved chosen. */
  initial: IncidentStatus | null;
  onClose: () => void;
  onDone: (status: IncidentStatus) => void;
}

function isHold(value: string): value is HoldReason {
  return HoldReason.safeParse(value).success;
}

/**
 * Move the incident on: only the steps the lifecycle allows from here are offered (closing has its own
 * button and gate). The current step is offered too, to put the incident on hold or take it off.
 */
export function StatusDialog({ detail, initial, onClose, onDone }: StatusDialogProps) {
  const { incident } = detail;
  const choices = [incident.status, ...detail.allowedNext.filter((status) => status !== 'closed' && status !== incident.status)];
  const [status, setStatus] = useState<IncidentStatus>(initial !== null && choices.includes(initial) ? initial : (choices[1] ?? incident.status));
  const [hold, setHold] = useState<HoldReason | ''>(incident.hold ?? '');
  const [note, setNote] = useState('');
  const { send, mutation } = useKeyedCommand('incidents.setStatus');
  const ending = status === 'resolved' || status === 'cancelled';

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    mutation.reset();
    send({ id: incident.id, status, hold: ending || hold === '' ? null : hold, note: note.trim() }, () => onDone(status));
  }

  const shown = mutation.error === null ? NO_FIELD_ERRORS : fieldErrorsOf(mutation.error, ROOTS);

  return (
    <ModalDialog title={`Update the status of ${incident.id}`} onClose={onClose}>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <FormField label="Status" error={errorFor(shown, 'status')}>
          {(props) => (
            <select
              {...props}
              value={status}
              onChange={(event) => {
                const next = choices.find((choice) => choice === event.target.value);
                if (next !== undefined) setStatus(next);
              }}
            >
              {choices.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === incident.status ? `${STATUS_NAMES[choice]} (stays)` : STATUS_NAMES[choice]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {!ending && (
          <FormField label="On hold" error={errorFor(shown, 'hold')} hint="A hold listed in the severity's pauseOn stops the SLA clocks while it lasts.">
            {(props) => (
              <select
                {...props}
                value={hold}
                onChange={(event) => {
                  const value = event.target.value;
                  setHold(value === '' ? '' : isHold(value) ? value : '');
                }}
              >
                <option value="">Not on hold</option>
                {HoldReason.options.map((reason) => (
                  <option key={reason} value={reason}>
                    On hold: {HOLD_NAMES[reason]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        )}
        <FormField label="Note (on the timeline and the ticket)" error={errorFor(shown, 'note')} className="field-wide">
          {(props) => <textarea {...props} rows={3} value={note} onChange={(event) => setNote(event.target.value)} />}
        </FormField>
        <p className="muted">The ticket is transitioned too, so this needs the ticketing backend; offline it is refused, not queued.</p>
        {shown.other !== null && <FormFailure what="The status did not change" reason={shown.other} />}
        <DialogActions label={status === 'resolved' ? 'Resolve' : 'Update status'} pendingLabel="Updating…" pending={mutation.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
