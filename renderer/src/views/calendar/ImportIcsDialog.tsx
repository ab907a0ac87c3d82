import { useState, type FormEvent } from 'react';
import { WindowKind, type CalendarView, type IcsImportResult } from '../../../../shared/contract/calendar.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { KIND_LABELS } from './calendar-labels.js';
import { useImportIcs } from './calendar-queries.js';
import { ScopeFields } from './ScopeFields.js';
import { EMPTY_SCOPE, scopeInput, type ScopeDraft } from './window-form.js';

interface ImportIcsDialogProps {
  regions: CalendarView['regions'];
  onClose: () => void;
  onImported: (result: IcsImportResult) => void;
}

const ROOTS = ['input.'];

/** Adds the events of an .ics file, with their recurrence, as windows of one kind and scope chosen here. */
export function ImportIcsDialog({ regions, onClose, onImported }: ImportIcsDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<WindowKind>('planned-maintenance');
  const [scope, setScope] = useState<ScopeDraft>(EMPTY_SCOPE);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  // The same import sent again after a lost answer keeps its key, so the core imports it once.
  const attempt = useAttemptKey();
  const importIcs = useImportIcs();

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (importIcs.isPending) return;
    if (file === null) {
      setErrors({ fields: new Map([['text', 'Choose an .ics file to import.']]), other: null });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setErrors({ fields: new Map([['text', `${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`]]), other: null });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    const request = { text, kind, scope: scopeInput(scope) };
    importIcs.mutate(
      { ...request, idempotencyKey: attempt.for(request) },
      { onSuccess: onImported, onError: (error) => setErrors(fieldErrorsOf(error, ROOTS)), onSettled: (_, error) => attempt.settled(error) },
    );
  }

  const fileError = errorFor(errors, 'text');
  return (
    <ModalDialog title="Import an .ics file" onClose={onClose} className="import-dialog">
      <form className="dialog-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <FormField label="iCalendar file (.ics)" error={fileError} className="field-wide">
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".ics,text/calendar"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
              }}
            />
          )}
        </FormField>
        <FormField label="Import as" error={errorFor(errors, 'kind')}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(event) => {
                const chosen = WindowKind.safeParse(event.target.value);
                if (chosen.success) setKind(chosen.data);
              }}
            >
              {WindowKind.options.map((option) => (
                <option key={option} value={option}>
                  {KIND_LABELS[option]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <ScopeFields
          scope={scope}
          regions={regions}
          errors={errors}
          onChange={(next) => {
            setScope(next);
          }}
        />
        {errors.other !== null && <FormFailure what="Nothing was imported" reason={errors.other} />}
        <DialogActions label="Import" pendingLabel="Importing…" pending={importIcs.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
