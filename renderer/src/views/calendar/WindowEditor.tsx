import { useId, useState, type FormEvent } from 'react';
import { WindowKind, type CalendarView, type PublishOutcome, type WindowView } from '../../../../shared/contract/calendar.js';
import { describeWindowTiming } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { KIND_LABELS } from './calendar-labels.js';
import { useSaveWindow } from './calendar-queries.js';
import { ScopeFields } from './ScopeFields.js';
import { definitionFromDraft, durationInput, localProblems, slugOf, type WindowDraft } from './window-form.js';

interface WindowEditorProps {
  initial: WindowDraft;
  /** The id of the window being edited; null for a new one. */
  editingId: string | null;
  regions: CalendarView['regions'];
  zoneSuggestions: readonly string[];
  onClose: () => void;
  onSaved: (saved: { window: WindowView; republished: PublishOutcome[] }) => void;
}

const ROOTS = ['input.window.'];

/** Adds or changes a window: written to the calendar's file in place; what was published of it follows. */
export function WindowEditor({ initial, editingId, regions, zoneSuggestions, onClose, onSaved }: WindowEditorProps) {
  const zonesId = useId();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  // The same save sent again after a lost answer keeps its key, so the core applies it once.
  const attempt = useAttemptKey();
  const save = useSaveWindow();

  function change(next: Partial<WindowDraft>): void {
    setDraft((current) => {
      const updated = { ...current, ...next };
      return updated.idEdited ? updated : { ...updated, id: slugOf(updated.title) };
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (save.isPending) return;
    const problems = localProblems(draft);
    if (problems.size > 0) {
      setErrors({ fields: problems, other: null });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    const request = { window: definitionFromDraft(draft), ...(editingId === null ? {} : { previousId: editingId }) };
    save.mutate(
      { ...request, idempotencyKey: attempt.for(request) },
      { onSuccess: onSaved, onError: (error) => setErrors(fieldErrorsOf(error, ROOTS)), onSettled: (_, error) => attempt.settled(error) },
    );
  }

  const error = (field: string) => errorFor(errors, field);
  const timing = draft.start === '' ? null : describeWindowTiming({ rrule: draft.rrule, start: draft.start, timeZone: draft.timeZone, duration: durationInput(draft.duration) });

  return (
    <ModalDialog title={editingId === null ? 'New window' : `Edit window ${editingId}`} onClose={onClose} className="window-editor">
      <form className="dialog-form" onSubmit={onSubmit} noValidate>
        <div className="form-grid">
          <FormField label="Title" error={error('title')}>
            {(props) => <input {...props} value={draft.title} autoComplete="off" onChange={(event) => change({ title: event.target.value })} />}
          </FormField>
          <FormField label="Id" error={error('id')} hint={editingId === null ? 'Lowercase letters, digits and dashes; follows the title until typed' : 'Changing it renames the window'}>
            {(props) => (
              <input {...props} value={draft.id} spellCheck={false} autoComplete="off" onChange={(event) => change({ id: event.target.value, idEdited: true })} />
            )}
          </FormField>
          <FormField label="Kind" error={error('kind')}>
            {(props) => (
              <select
                {...props}
                value={draft.kind}
                onChange={(event) => {
                  const kind = WindowKind.safeParse(event.target.value);
                  if (kind.success) change({ kind: kind.data });
                }}
              >
                {WindowKind.options.map((kind) => (
                  <option key={kind} value={kind}>
                    {KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Starts (local)" error={error('start')} hint="Wall-clock time in the window's zone">
            {(props) => <input {...props} type="datetime-local" step={60} value={draft.start} onChange={(event) => change({ start: event.target.value })} />}
          </FormField>
          <FormField label="Time zone" error={error('timeZone')} hint="IANA name, e.g. Australia/Sydney">
            {(props) => (
              <input {...props} list={zonesId} value={draft.timeZone} spellCheck={false} autoComplete="off" onChange={(event) => change({ timeZone: event.target.value })} />
            )}
          </FormField>
          <FormField label="Duration" error={error('duration')} hint="e.g. 2h, 4h 30m or PT2H">
            {(props) => <input {...props} value={draft.duration} spellCheck={false} autoComplete="off" onChange={(event) => change({ duration: event.target.value })} />}
          </FormField>
          <FormField label="Repeats (RRULE)" error={error('rrule')} hint="Empty for once; e.g. FREQ=MONTHLY;BYDAY=-1SA" className="field-wide">
            {(props) => <input {...props} value={draft.rrule} spellCheck={false} autoComplete="off" onChange={(event) => change({ rrule: event.target.value })} />}
          </FormField>
          {draft.kind === 'planned-maintenance' && (
            <FormField label="Days of notice" error={error('noticeDays')} hint="Empty for the region's or the calendar's">
              {(props) => (
                <input {...props} type="number" inputMode="numeric" min={0} max={90} value={draft.noticeDays} onChange={(event) => change({ noticeDays: event.target.value })} />
              )}
            </FormField>
          )}
          <FormField label="Publish to" error={error('publishTo')} hint="Backend ids; empty for the calendar's">
            {(props) => <input {...props} value={draft.publishTo} spellCheck={false} autoComplete="off" onChange={(event) => change({ publishTo: event.target.value })} />}
          </FormField>
        </div>
        <datalist id={zonesId}>
          {zoneSuggestions.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        {timing !== null && <p className="muted timing-summary">{timing}</p>}

        {draft.kind === 'emergency-maintenance' && (
          <FormField label="Why it cannot wait (required)" error={error('reason')} className="field-wide">
            {(props) => <textarea {...props} rows={2} value={draft.reason} onChange={(event) => change({ reason: event.target.value })} />}
          </FormField>
        )}
        <ScopeFields scope={draft.scope} regions={regions} errors={errors} onChange={(scope) => change({ scope })} />
        <FormField label="Description (for the team)" error={error('description')} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={draft.description} onChange={(event) => change({ description: event.target.value })} />}
        </FormField>
        <FormField label="Customer text (status page and banner)" error={error('customerText')} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={draft.customerText} onChange={(event) => change({ customerText: event.target.value })} />}
        </FormField>

        {draft.exdates.length > 0 && (
          <fieldset className="exdates">
            <legend>Cancelled occurrences</legend>
            <ul>
              {draft.exdates.map((exdate) => (
                <li key={exdate}>
                  <span>
                    {exdate.replace('T', ' ')} {draft.timeZone}
                  </span>
                  <button type="button" onClick={() => change({ exdates: draft.exdates.filter((candidate) => candidate !== exdate) })}>
                    Restore {exdate.replace('T', ' ')}
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
        )}

        {errors.other !== null && <FormFailure what="The window was not saved" reason={errors.other} />}
        {errors.fields.size > 0 && errors.other === null && <FormFailure what="The window was not saved" reason="fix the fields marked above." />}
        <DialogActions label="Save window" pendingLabel="Saving…" pending={save.isPending} onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
