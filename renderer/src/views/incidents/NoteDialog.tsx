import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { NoteVisibility } from '../../../../shared/contract/incidents.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.'];
type Visibility = z.infer<typeof NoteVisibility>;

/** A note on the timeline and a comment on the ticket, internal or seen by the customer; offline it waits in the outbox. */
export function NoteDialog({ incidentId, onClose, onDone }: { incidentId: string; onClose: () => void; onDone: () => void }) {
  const visibilityName = useId();
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [empty, setEmpty] = useState(false);
  const { send, mutation } = useKeyedCommand('incidents.addNote');

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (text.trim() === '') {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    mutation.reset();
    send({ id: incidentId, text: text.trim(), visibility }, onDone);
  }

  const errors = mutation.error === null ? NO_FIELD_ERRORS : fieldErrorsOf(mutation.error, ROOTS);
  return (
    <ModalDialog title={`Add a note to ${incidentId}`} onClose={onClose}>
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <FormField label="Note" error={empty ? 'Write the note first.' : errorFor(errors, 'text')} className="field-wide">
          {(props) => <textarea {...props} rows={5} value={text} onChange={(event) => setText(event.target.value)} />}
        </FormField>
        <fieldset className="cal-switch">
          <legend>Who sees it</legend>
          <div className="cal-switch-options">
            <label className={visibility === 'internal' ? 'is-checked' : undefined}>
              <input type="radio" name={visibilityName} checked={visibility === 'internal'} onChange={() => setVisibility('internal')} />
              Internal (work note)
            </label>
            <label className={visibility === 'customer' ? 'is-checked' : undefined}>
              <input type="radio" name={visibilityName} checked={visibility === 'customer'} onChange={() => setVisibility('customer')} />
              The customer too
            </label>
          </div>
        </fieldset>
        {errors.other !== null && <FormFailure what="The note was not added" reason={errors.other} />}
        <DialogActions label="Add note" pendingLabel="Adding…" pending={mutation.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
