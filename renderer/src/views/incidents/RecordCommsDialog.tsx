import { useState, type FormEvent } from 'react';
import type { CommsDutyView } from '../../../../shared/contract/incidents.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.'];

/** Record a duty of the communications checklist done: what was said, to whom. */
export function RecordCommsDialog({ incidentId, duty, onClose, onDone }: { incidentId: string; duty: CommsDutyView; onClose: () => void; onDone: () => void }) {
  const [to, setTo] = useState('');
  const [said, setSaid] = useState('');
  const [local, setLocal] = useState<{ to?: string; said?: string }>({});
  const { send, mutation } = useKeyedCommand('incidents.recordComms');

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const problems = {
      ...(to.trim() === '' ? { to: 'Say to whom it was said.' } : {}),
      ...(said.trim() === '' ? { said: 'Say what was said.' } : {}),
    };
    setLocal(problems);
    mutation.reset();
    if (Object.keys(problems).length === 0) send({ id: incidentId, itemId: duty.id, to: to.trim(), said: said.trim() }, onDone);
  }

  const errors = mutation.error === null ? NO_FIELD_ERRORS : fieldErrorsOf(mutation.error, ROOTS);
  return (
    <ModalDialog title={`Record: ${duty.action}`} onClose={onClose}>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <FormField label="To whom" error={local.to ?? errorFor(errors, 'to')} className="field-wide">
          {(props) => <input {...props} value={to} autoComplete="off" onChange={(event) => setTo(event.target.value)} />}
        </FormField>
        <FormField label="What was said" error={local.said ?? errorFor(errors, 'said')} className="field-wide">
          {(props) => <textarea {...props} rows={4} value={said} onChange={(event) => setSaid(event.target.value)} />}
        </FormField>
        {errors.other !== null && <FormFailure what="It was not recorded" reason={errors.other} />}
        <DialogActions label="Record" pendingLabel="Recording…" pending={mutation.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
