import { useState, type FormEvent } from 'react';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.'];

/** Hand over command to someone else; recorded on the timeline and the ticket. */
export function HandOverDialog({ incidentId, commander, onClose, onDone }: { incidentId: string; commander: string | null; onClose: () => void; onDone: () => void }) {
  const [next, setNext] = useState('');
  const [empty, setEmpty] = useState(false);
  const { send, mutation } = useKeyedCommand('incidents.handOver');

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (next.trim() === '') {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    mutation.reset();
    send({ id: incidentId, commander: next.trim() }, onDone);
  }

  const errors = mutation.error === null ? NO_FIELD_ERRORS : fieldErrorsOf(mutation.error, ROOTS);
  return (
    <ModalDialog title={`Hand over command of ${incidentId}`} onClose={onClose}>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <p>Commander now: {commander ?? 'nobody'}.</p>
        <FormField label="New commander" error={empty ? 'Name who takes command.' : errorFor(errors, 'commander')}>
          {(props) => <input {...props} value={next} autoComplete="name" onChange={(event) => setNext(event.target.value)} />}
        </FormField>
        {errors.other !== null && <FormFailure what="Command was not handed over" reason={errors.other} />}
        <DialogActions label="Hand over" pendingLabel="Handing over…" pending={mutation.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
