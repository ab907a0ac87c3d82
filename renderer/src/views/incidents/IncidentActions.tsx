import { useState } from 'react';
import { isOpen, type IncidentDetail, type IncidentStatus } from '../../../../shared/contract/incidents.js';
import { describeFailure } from '../../api/call.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FormFailure } from '../../components/FormFailure.js';
import { HandOverDialog } from './HandOverDialog.js';
import { STATUS_NAMES } from './incident-labels.js';
import { NoteDialog } from './NoteDialog.js';
import { PublishDialog } from './PublishDialog.js';
import { SeverityDialog } from './SeverityDialog.js';
import { StatusDialog } from './StatusDialog.js';
import { useKeyedCommand } from './use-keyed-command.js';

type Open = { kind: 'status'; initial: IncidentStatus | null } | { kind: 'note' | 'hand-over' | 'severity' | 'publish' | 'close' } | null;

interface IncidentActionsProps {
  detail: IncidentDetail;
  /** Why commands are off (read-only, the core out of reach), or null. */
  blocked: string | null;
  onReview: () => void;
  onDone: (what: string) => void;
}

/** What can be done to the incident now; the lifecycle (allowedNext) decides which steps are offered. */
export function IncidentActions({ detail, blocked, onReview, onDone }: IncidentActionsProps) {
  const { incident } = detail;
  const [open, setOpen] = useState<Open>(null);
  const acknowledge = useKeyedCommand('incidents.acknowledge');
  const close = useKeyedCommand('incidents.close');
  const active = isOpen(incident.status);
  const off = blocked !== null;
  const canResolve = detail.allowedNext.includes('resolved');
  const canClose = detail.allowedNext.includes('closed');
  const cancel = () => setOpen(null);
  const done = (what: string) => () => {
    setOpen(null);
    onDone(what);
  };

  return (
    <div className="incident-actions">
      <div className="incident-action-buttons" role="group" aria-label="Incident actions">
        <button type="button" disabled={off || !active || acknowledge.mutation.isPending} onClick={() => acknowledge.send({ id: incident.id }, () => onDone('Acknowledged.'))}>
          {acknowledge.mutation.isPending ? 'Acknowledging…' : 'Acknowledge'}
        </button>
        <button type="button" disabled={off || detail.allowedNext.length === 0} onClick={() => setOpen({ kind: 'status', initial: null })}>
          Update status…
        </button>
        <button type="button" disabled={off} onClick={() => setOpen({ kind: 'publish' })}>
          Post to status page…
        </button>
        <button type="button" disabled={off} onClick={() => setOpen({ kind: 'note' })}>
          Add note…
        </button>
        <button type="button" disabled={off || !active} onClick={() => setOpen({ kind: 'hand-over' })}>
          Hand over…
        </button>
        <button type="button" disabled={off || !active} onClick={() => setOpen({ kind: 'severity' })}>
          Change severity…
        </button>
        <button type="button" disabled={off || !canResolve} onClick={() => setOpen({ kind: 'status', initial: 'resolved' })}>
          Resolve…
        </button>
        <button type="button" onClick={onReview}>
          Review
        </button>
        <button type="button" className="danger" disabled={off || !canClose} onClick={() => setOpen({ kind: 'close' })}>
          Close…
        </button>
      </div>
      {blocked !== null && <p className="deploy-why-not">Commands are off: {blocked}.</p>}
      {acknowledge.mutation.error !== null && <FormFailure what="Not acknowledged" reason={describeFailure(acknowledge.mutation.error)} />}
      {detail.missingForClose.length > 0 && (incident.status === 'resolved' || canClose) && (
        <div className="close-missing" role="status">
          <p>
            <strong>Closing still needs:</strong>
          </p>
          <ul aria-label="What closing still needs">
            {detail.missingForClose.map((part) => (
              <li key={part}>{part}</li>
            ))}
          </ul>
        </div>
      )}

      {open?.kind === 'status' && <StatusDialog detail={detail} initial={open.initial} onClose={cancel} onDone={(status) => done(`The incident is now ${STATUS_NAMES[status].toLowerCase()}.`)()} />}
      {open?.kind === 'note' && <NoteDialog incidentId={incident.id} onClose={cancel} onDone={done('The note was added.')} />}
      {open?.kind === 'hand-over' && <HandOverDialog incidentId={incident.id} commander={incident.commander} onClose={cancel} onDone={done('Command was handed over.')} />}
      {open?.kind === 'severity' && <SeverityDialog incidentId={incident.id} current={incident.severity} onClose={cancel} onDone={done('The severity changed.')} />}
      {open?.kind === 'publish' && <PublishDialog incidentId={incident.id} incidentStatus={incident.status} saved={detail.statusDraft} onClose={cancel} onDone={done('Posted to the status page.')} />}
      {open?.kind === 'close' && (
        <ConfirmDialog
          title={`Close ${incident.id}?`}
          error={close.mutation.error}
          failedWhat="The incident was not closed"
          label="Close incident"
          pendingLabel="Closing…"
          pending={close.mutation.isPending}
          cancelLabel="Keep it open"
          onConfirm={() =>
            close.send({ id: incident.id }, () => {
              setOpen(null);
              onDone('The incident is closed.');
            })
          }
          onClose={() => {
            close.mutation.reset();
            setOpen(null);
          }}
        >
          <p>A closed incident is final: a recurrence is a new incident that links this one.</p>
          {detail.reviewRequired && <p className="muted">Its severity needs a complete lessons-learnt review; the core checks it now and names anything missing.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
