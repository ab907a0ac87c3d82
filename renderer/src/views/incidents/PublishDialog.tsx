import { useId, useState } from 'react';
import { StatusPostPreview, type IncidentDetail, type IncidentStatus, type StatusPostPreview as Preview } from '../../../../shared/contract/incidents.js';
import { describeFailure } from '../../api/call.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS } from '../../api/field-errors.js';
import { Age } from '../../components/Age.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DialogActions } from '../../components/DialogActions.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { useNow } from '../../time/clock.js';
import { COMPONENT_IMPACT_NAMES, POST_STATUS_NAMES } from './incident-labels.js';
import { useStatusPostPreview, type PostStatus } from './incidents-queries.js';
import { useKeyedCommand } from './use-keyed-command.js';

const ROOTS = ['input.'];
type Impact = Preview['componentImpact'];
type StatusDraft = IncidentDetail['statusDraft'];

/** The status page's step that matches where the incident is. */
function postStatusFor(status: IncidentStatus): PostStatus {
  switch (status) {
    case 'identified':
    case 'monitoring':
    case 'resolved':
      return status;
    default:
      return 'investigating';
  }
}

interface PostDraft {
  body: string;
  componentImpact: Impact;
  notifySubscribers: boolean;
}

interface PostFormProps {
  incidentId: string;
  status: PostStatus;
  preview: Preview;
  saved: StatusDraft;
  onClose: () => void;
  onDone: () => void;
}

function PostForm({ incidentId, status, preview, saved, onClose, onDone }: PostFormProps) {
  const now = useNow();
  const [draft, setDraft] = useState<PostDraft>({
    body: saved?.status === status ? saved.body : preview.body,
    componentImpact: preview.componentImpact,
    notifySubscribers: preview.notifySubscribers,
  });
  const [confirming, setConfirming] = useState(false);
  const [empty, setEmpty] = useState(false);
  const { send, mutation } = useKeyedCommand('incidents.publish');
  const keep = useKeyedCommand('incidents.saveStatusDraft');
  const errors = mutation.error === null ? NO_FIELD_ERRORS : fieldErrorsOf(mutation.error, ROOTS);

  function saveDraft(): void {
    setEmpty(draft.body.trim() === '');
    // Kept on the ticket as an internal note (offline, in the outbox); it reaches no customer.
    if (draft.body.trim() !== '') keep.send({ id: incidentId, status, body: draft.body.trim() });
  }

  function publish(): void {
    send({ id: incidentId, status, body: draft.body.trim(), componentImpact: draft.componentImpact, notifySubscribers: draft.notifySubscribers, confirmed: true }, onDone);
  }

  return (
    <>
      <form
        className="dialog-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setEmpty(draft.body.trim() === '');
          if (draft.body.trim() !== '') {
            mutation.reset();
            setConfirming(true);
          }
        }}
      >
        <p>
          <strong>{preview.name}</strong>
        </p>
        <FormField label="Message" error={empty ? 'Write what customers will read.' : errorFor(errors, 'body')} className="field-wide">
          {(props) => <textarea {...props} rows={8} value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} />}
        </FormField>
        <div className="form-row">
          <FormField label="Component status" error={errorFor(errors, 'componentImpact')} hint={preview.components.length === 0 ? 'No component is mapped to this scope.' : `Components: ${preview.components.join(', ')}`}>
            {(props) => (
              <select
                {...props}
                value={draft.componentImpact}
                onChange={(event) => {
                  const impact = StatusPostPreview.shape.componentImpact.safeParse(event.target.value);
                  if (impact.success) setDraft({ ...draft, componentImpact: impact.data });
                }}
              >
                {StatusPostPreview.shape.componentImpact.options.map((impact) => (
                  <option key={impact} value={impact}>
                    {COMPONENT_IMPACT_NAMES[impact]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <label className="checkbox-line">
            <input type="checkbox" checked={draft.notifySubscribers} onChange={(event) => setDraft({ ...draft, notifySubscribers: event.target.checked })} />
            Notify subscribers (email and text messages)
          </label>
        </div>
        <div className="form-row">
          <button type="button" disabled={keep.mutation.isPending} onClick={saveDraft}>
            {keep.mutation.isPending ? 'Saving the draft…' : 'Save as draft'}
          </button>
          {saved !== null && (
            <p className="muted">
              <Age at={saved.at} now={now} prefix="Draft saved" /> by {saved.by}, for “{POST_STATUS_NAMES[saved.status]}”
            </p>
          )}
        </div>
        {keep.mutation.error !== null && <FormFailure what="The draft was not saved" reason={describeFailure(keep.mutation.error)} />}
        {errors.other !== null && !confirming && <FormFailure what="Nothing was posted" reason={errors.other} />}
        <DialogActions label="Review and post…" pendingLabel="Posting…" pending={mutation.isPending} onCancel={onClose} />
      </form>
      {confirming && (
        <ConfirmDialog
          title="Post to the status page?"
          error={mutation.error}
          failedWhat="Nothing was posted"
          label="Post to customers"
          pendingLabel="Posting…"
          pending={mutation.isPending}
          cancelLabel="Back to the message"
          onConfirm={publish}
          onClose={() => setConfirming(false)}
        >
          <p>
            This reaches customers: “{POST_STATUS_NAMES[status]}” with the components {preview.components.length === 0 ? '(none mapped)' : preview.components.join(', ')} shown as{' '}
            {COMPONENT_IMPACT_NAMES[draft.componentImpact].toLowerCase()}, and subscribers {draft.notifySubscribers ? 'are notified' : 'are not notified'}.
          </p>
          <p className="muted">It is sent live, never queued: with the status page out of reach it is refused.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface PublishDialogProps {
  incidentId: string;
  incidentStatus: IncidentStatus;
  /** The latest draft saved: the dialog starts from it. */
  saved: StatusDraft;
  onClose: () => void;
  onDone: () => void;
}

/** Post to the status page: the core's template (or the saved draft) filled in, editable, then confirmed (it reaches customers); or saved as a draft, offline too. */
export function PublishDialog({ incidentId, incidentStatus, saved, onClose, onDone }: PublishDialogProps) {
  const statusId = useId();
  const [status, setStatus] = useState<PostStatus>(saved?.status ?? postStatusFor(incidentStatus));
  const preview = useStatusPostPreview(incidentId, status);
  return (
    <ModalDialog title={`Post ${incidentId} to the status page`} onClose={onClose} className="publish-dialog">
      <div className="field">
        <label htmlFor={statusId}>Status page step</label>
        <select
          id={statusId}
          value={status}
          onChange={(event) => {
            const next = StatusPostPreview.shape.status.safeParse(event.target.value);
            if (next.success) setStatus(next.data);
          }}
        >
          {StatusPostPreview.shape.status.options.map((option) => (
            <option key={option} value={option}>
              {POST_STATUS_NAMES[option]}
            </option>
          ))}
        </select>
      </div>
      {preview.isError && <ErrorAlert title="The message could not be prepared." error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.isPending && (
        <p className="loading" role="status">
          Preparing the message…
        </p>
      )}
      {preview.data !== undefined && <PostForm key={status} incidentId={incidentId} status={status} preview={preview.data} saved={saved} onClose={onClose} onDone={onDone} />}
      {preview.data === undefined && (
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      )}
    </ModalDialog>
  );
}
