import { useState, type FormEvent } from 'react';
import type { OperatorProfile } from '../../../../shared/contract/audit.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { FormField } from '../../components/FormField.js';
import { useSaveOperator } from './operator-queries.js';

const ROOTS = ['input.'];

/** The operator's name and email: every audit row from now on names them. */
export function OperatorForm({ initial, onSaved }: { initial: OperatorProfile | null; onSaved?: () => void }) {
  const [draft, setDraft] = useState<OperatorProfile>(initial ?? { name: '', email: '' });
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [saved, setSaved] = useState(false);
  const attempt = useAttemptKey();
  const save = useSaveOperator();

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (save.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    setSaved(false);
    save.mutate(
      { ...draft, idempotencyKey: attempt.for(draft) },
      {
        onSuccess: () => {
          setSaved(true);
          onSaved?.();
        },
        onError: (error) => setErrors(fieldErrorsOf(error, ROOTS)),
        onSettled: (_, error) => attempt.settled(error),
      },
    );
  }

  return (
    <form className="operator-form" onSubmit={onSubmit} noValidate>
      <div className="form-grid">
        <FormField label="Your name" error={errorFor(errors, 'name')}>
          {(props) => <input {...props} value={draft.name} autoComplete="name" onChange={(event) => setDraft({ ...draft, name: event.target.value })} />}
        </FormField>
        <FormField label="Your email" error={errorFor(errors, 'email')}>
          {(props) => <input {...props} type="email" value={draft.email} autoComplete="email" onChange={(event) => setDraft({ ...draft, email: event.target.value })} />}
        </FormField>
      </div>
      {errors.other !== null && <p role="alert">{errors.other}</p>}
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
      {saved && <p role="status">Saved: the audit trail names you from now on.</p>}
    </form>
  );
}
