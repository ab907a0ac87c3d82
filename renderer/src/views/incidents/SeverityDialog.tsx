import { useId, useState, type FormEvent } from 'react';
import { Severity } from '../../../../shared/contract/incidents.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { SEVERITY_MEANINGS, SEVERITY_NAMES } from './incident-labels.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.'];

/** A new severity moves the SLA targets, so it needs a reason and the ticketing backend live. */
export function SeverityDialog({ incidentId, current, onClose, onDone }: { incidentId: string; current: Severity; onClose: () => void; onDone: () => void }) {
  const name = useId();
  const [severity, setSeverity] = useState<Severity>(current);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ severity?: string; reason?: string }>({});
  const { send, mutation } = useKeyedCommand('incidents.setSeverity');

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const problems = {
      ...(severity === current ? { severity: `It is ${SEVERITY_NAMES[current]} already: choose another severity.` } : {}),
      ...(reason.trim() === '' ? { reason: 'Say why the severity changes; it moves the SLA targets.' } : {}),
    };
    setLocal(problems);
    mutation.reset();
    if (Object.keys(problems).length === 0) send({ id: incidentId, severity, reason: reason.trim() }, onDone);
  }

  const errors = mutation.error === null ? NO_FIELD_ERRORS : fieldErrorsOf(mutation.error, ROOTS);
  return (
    <ModalDialog title={`Change the severity of ${incidentId}`} onClose={onClose}>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <fieldset className="severity-choice">
          <legend>Severity</legend>
          {Severity.options.map((option) => (
            <label key={option} className={severity === option ? 'is-checked' : undefined}>
              <input type="radio" name={name} checked={severity === option} onChange={() => setSeverity(option)} />
              <strong>{SEVERITY_NAMES[option]}</strong>
              {option === current && ' (now)'} <span className="muted">{SEVERITY_MEANINGS[option]}</span>
            </label>
          ))}
          {(local.severity ?? errorFor(errors, 'severity')) !== undefined && <p className="field-error">{local.severity ?? errorFor(errors, 'severity')}</p>}
        </fieldset>
        <FormField label="Why it changes" error={local.reason ?? errorFor(errors, 'reason')} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />}
        </FormField>
        {errors.other !== null && <FormFailure what="The severity did not change" reason={errors.other} />}
        <DialogActions label="Change severity" pendingLabel="Changing…" pending={mutation.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
