import { describeFailure } from '../../api/call.js';
import type { OutboxEntryView } from '../../../../shared/contract/incidents.js';
import { Age } from '../../components/Age.js';
import { FormFailure } from '../../components/FormFailure.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { OUTBOX_KIND_NAMES, OUTBOX_STATE_NAMES, OUTBOX_STATE_STATUS } from './incident-labels.js';
import { useKeyedCommand } from './use-keyed-command.js';

/**
 * What waits to reach the ticketing backend: each entry with its age and state. A pending entry may be
 * withdrawn before it is sent; a conflict (the ticket changed meanwhile) waits for a person to send it
 * anyway or discard it, never overwritten silently.
 */
export function OutboxList({ entries, now, disabled }: { entries: readonly OutboxEntryView[]; now: number; disabled: boolean }) {
  const withdraw = useKeyedCommand('incidents.withdraw');
  const resolve = useKeyedCommand('incidents.resolveConflict');
  if (entries.length === 0) return <p className="muted">Nothing waits to be sent: the ticket has everything.</p>;
  const busy = disabled || withdraw.mutation.isPending || resolve.mutation.isPending;
  return (
    <>
      <ul className="outbox-list" aria-label="Outbox">
        {entries.map((entry) => (
          <li key={entry.id} className={`outbox-entry outbox-${entry.state}`}>
            <div className="outbox-head">
              <StatusBadge status={OUTBOX_STATE_STATUS[entry.state]} label={OUTBOX_STATE_NAMES[entry.state]} />
              <span>{OUTBOX_KIND_NAMES[entry.kind]}</span>
              <span className="muted">
                by {entry.createdBy}, <Age at={entry.createdAt} now={now} />
                {entry.attempts > 0 && `, ${entry.attempts} ${entry.attempts === 1 ? 'attempt' : 'attempts'}`}
              </span>
            </div>
            <p className="outbox-summary">{entry.summary}</p>
            {entry.conflict !== null && <p className="outbox-problem">{entry.conflict}</p>}
            {entry.lastError !== null && entry.conflict === null && <p className="outbox-problem">{entry.lastError}</p>}
            <div className="form-actions">
              {entry.state === 'pending' && (
                <button type="button" disabled={busy} aria-label={`Withdraw ${OUTBOX_KIND_NAMES[entry.kind]}: ${entry.summary}`} onClick={() => withdraw.send({ entryId: entry.id })}>
                  Withdraw
                </button>
              )}
              {entry.state === 'conflict' && (
                <>
                  <button type="button" disabled={busy} onClick={() => resolve.send({ entryId: entry.id, action: 'send-anyway' })}>
                    Send anyway
                  </button>
                  <button type="button" disabled={busy} onClick={() => resolve.send({ entryId: entry.id, action: 'discard' })}>
                    Discard
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      {withdraw.mutation.error !== null && <FormFailure what="It was not withdrawn" reason={describeFailure(withdraw.mutation.error)} />}
      {resolve.mutation.error !== null && <FormFailure what="The conflict was not settled" reason={describeFailure(resolve.mutation.error)} />}
    </>
  );
}
