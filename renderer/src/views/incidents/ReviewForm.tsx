import { useRef, useState, type FormEvent } from 'react';
import type { IncidentDetail } from '../../../../shared/contract/incidents.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { viewerTimeZone } from '../calendar/calendar-model.js';
import { draftOf, reviewOf, type ActionItemDraft, type ReviewDraft, type TimelineRowDraft } from './review-form.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.review.'];

interface ReviewFormProps {
  detail: IncidentDetail;
  disabled: boolean;
  onSaved: (what: string) => void;
}

/**
 * The lessons-learnt review: drafted over days, saved as it stands (offline, the draft waits in the
 * outbox). Closing needs it complete where the severity says so; the core names what is missing.
 */
export function ReviewForm({ detail, disabled, onSaved }: ReviewFormProps) {
  const { incident } = detail;
  const [zone] = useState(viewerTimeZone);
  const [draft, setDraft] = useState<ReviewDraft>(() => draftOf(incident.review, detail.timeline, zone));
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const nextId = useRef(draft.timeline.length + draft.actionItems.length + 1);
  const save = useKeyedCommand('incidents.saveReview');
  const tickets = useKeyedCommand('incidents.createActionTickets');
  const sev1 = incident.severity === 'sev1';

  function change(next: Partial<ReviewDraft>): void {
    setDraft((current) => ({ ...current, ...next }));
  }
  function changeRow(id: number, next: Partial<TimelineRowDraft>): void {
    setDraft((current) => ({ ...current, timeline: current.timeline.map((row) => (row.id === id ? { ...row, ...next } : row)) }));
  }
  function changeItem(id: number, next: Partial<ActionItemDraft>): void {
    setDraft((current) => ({ ...current, actionItems: current.actionItems.map((item) => (item.id === id ? { ...item, ...next } : item)) }));
  }
  function newId(): number {
    nextId.current += 1;
    return nextId.current;
  }

  function submit(createTickets: boolean): void {
    const result = reviewOf(draft, zone);
    if ('problems' in result) {
      setErrors({ fields: result.problems, other: null });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    save.mutation.reset();
    tickets.mutation.reset();
    save.send({ id: incident.id, review: result.review }, () => {
      if (!createTickets) return onSaved('The review draft was saved.');
      tickets.send({ id: incident.id }, ({ actionItems }) => {
        // The core answers every item with its ticket, in order: shown at once in the form being edited.
        setDraft((current) => ({ ...current, actionItems: current.actionItems.map((item, position) => ({ ...item, ticket: actionItems[position]?.ticket ?? item.ticket })) }));
        onSaved('The review was saved and its action items have tickets.');
      });
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    submit(false);
  }

  const failure = save.mutation.error ?? tickets.mutation.error;
  const shown = errors.fields.size > 0 || failure === null ? errors : fieldErrorsOf(failure, ROOTS);
  const pending = save.mutation.isPending || tickets.mutation.isPending;

  return (
    <form className="review-form" onSubmit={onSubmit} noValidate aria-label="Lessons-learnt review">
      <div className="review-texts">
        <FormField label="Summary" error={errorFor(shown, 'summary')} className="field-wide">
          {(props) => <textarea {...props} rows={3} value={draft.summary} onChange={(event) => change({ summary: event.target.value })} />}
        </FormField>
        <FormField label="Root cause" error={errorFor(shown, 'rootCause')} className="field-wide">
          {(props) => <textarea {...props} rows={3} value={draft.rootCause} onChange={(event) => change({ rootCause: event.target.value })} />}
        </FormField>
        <FormField label="What went well" error={errorFor(shown, 'wentWell')} className="field-wide">
          {(props) => <textarea {...props} rows={3} value={draft.wentWell} onChange={(event) => change({ wentWell: event.target.value })} />}
        </FormField>
        <FormField label="What went badly" error={errorFor(shown, 'wentBadly')} className="field-wide">
          {(props) => <textarea {...props} rows={3} value={draft.wentBadly} onChange={(event) => change({ wentBadly: event.target.value })} />}
        </FormField>
        <FormField
          label={sev1 ? 'Root cause for customers (required for Sev1)' : 'Root cause for customers'}
          error={errorFor(shown, 'customerRootCause')}
          hint="In words customers read: it goes on the status page and to account managers."
          className="field-wide"
        >
          {(props) => <textarea {...props} rows={3} value={draft.customerRootCause} onChange={(event) => change({ customerRootCause: event.target.value })} />}
        </FormField>
      </div>

      <fieldset className="review-rows">
        <legend>Timeline (times in {zone})</legend>
        {draft.timeline.map((row, position) => (
          <div key={row.id} className="review-timeline-row">
            <input
              type="datetime-local"
              step={60}
              aria-label={`Timeline row ${position + 1} time`}
              aria-invalid={errorFor(shown, `timeline[${position}].at`) !== undefined}
              value={row.at}
              onChange={(event) => changeRow(row.id, { at: event.target.value })}
            />
            <input
              aria-label={`Timeline row ${position + 1} what happened`}
              aria-invalid={errorFor(shown, `timeline[${position}].text`) !== undefined}
              value={row.text}
              onChange={(event) => changeRow(row.id, { text: event.target.value })}
            />
            <button type="button" aria-label={`Remove timeline row ${position + 1}`} onClick={() => change({ timeline: draft.timeline.filter((candidate) => candidate.id !== row.id) })}>
              Remove
            </button>
            {(errorFor(shown, `timeline[${position}].at`) ?? errorFor(shown, `timeline[${position}].text`)) !== undefined && (
              <p className="field-error review-row-error">{errorFor(shown, `timeline[${position}].at`) ?? errorFor(shown, `timeline[${position}].text`)}</p>
            )}
          </div>
        ))}
        {shown.fields.has('timeline') && <p className="field-error">{shown.fields.get('timeline')}</p>}
        <button type="button" onClick={() => change({ timeline: [...draft.timeline, { id: newId(), at: draft.timeline.at(-1)?.at ?? '', text: '' }] })}>
          Add timeline row
        </button>
      </fieldset>

      <fieldset className="review-rows">
        <legend>Action items</legend>
        {draft.actionItems.length === 0 && <p className="muted">No action item yet; closing a reviewed incident needs at least one, each with an owner, a due date and a ticket.</p>}
        {draft.actionItems.map((item, position) => {
          const rowError = ['title', 'owner', 'due', 'ticket'].map((field) => errorFor(shown, `actionItems[${position}].${field}`)).find((message) => message !== undefined);
          return (
            <div key={item.id} className="review-action-row">
              <input aria-label={`Action item ${position + 1} title`} aria-invalid={errorFor(shown, `actionItems[${position}].title`) !== undefined} value={item.title} onChange={(event) => changeItem(item.id, { title: event.target.value })} />
              <input aria-label={`Action item ${position + 1} owner`} aria-invalid={errorFor(shown, `actionItems[${position}].owner`) !== undefined} value={item.owner} placeholder="Owner" onChange={(event) => changeItem(item.id, { owner: event.target.value })} />
              <input type="date" aria-label={`Action item ${position + 1} due date`} aria-invalid={errorFor(shown, `actionItems[${position}].due`) !== undefined} value={item.due} onChange={(event) => changeItem(item.id, { due: event.target.value })} />
              <input aria-label={`Action item ${position + 1} ticket`} aria-invalid={errorFor(shown, `actionItems[${position}].ticket`) !== undefined} value={item.ticket} placeholder="Created on save" onChange={(event) => changeItem(item.id, { ticket: event.target.value })} />
              <button type="button" aria-label={`Remove action item ${position + 1}`} onClick={() => change({ actionItems: draft.actionItems.filter((candidate) => candidate.id !== item.id) })}>
                Remove
              </button>
              {rowError !== undefined && <p className="field-error review-row-error">{rowError}</p>}
            </div>
          );
        })}
        <button type="button" onClick={() => change({ actionItems: [...draft.actionItems, { id: newId(), title: '', owner: '', due: '', ticket: '' }] })}>
          Add action item
        </button>
        {shown.fields.has('actionItems') && <p className="field-error">{shown.fields.get('actionItems')}</p>}
      </fieldset>

      {shown.other !== null && <FormFailure what={tickets.mutation.error === null ? 'The review was not saved' : 'Not every action item has a ticket'} reason={shown.other} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={disabled || pending}>
          {save.mutation.isPending ? 'Saving…' : 'Save draft'}
        </button>
        <button type="button" disabled={disabled || pending || draft.actionItems.every((item) => item.ticket.trim() !== '')} onClick={() => submit(true)}>
          {tickets.mutation.isPending ? 'Creating tickets…' : 'Save and create tickets'}
        </button>
      </div>
    </form>
  );
}
