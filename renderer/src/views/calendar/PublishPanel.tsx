import { useId, useState } from 'react';
import type { OccurrenceView, Publication } from '../../../../shared/contract/calendar.js';
import { describeFailure } from '../../api/call.js';
import { Age } from '../../components/Age.js';
import { useNow } from '../../time/clock.js';
import { usePublish, type PublishInput } from './calendar-queries.js';
import { PublishOutcomeList, type OutcomeNames } from './PublishOutcomeList.js';
import { PublishStateBadge } from './PublishStateBadge.js';

interface PublishPanelProps {
  occurrence: OccurrenceView;
  readOnly: boolean;
  names: OutcomeNames;
}

const RETRYABLE: ReadonlySet<Publication['state']> = new Set(['failed', 'cancel-failed', 'outdated']);
const MAX_NEXT = 24;

/** One backend's hold on the occurrence; what went wrong, and the retry, on a line of its own under it. */
function PublicationRow({ publication, now, disabled, onRetry }: { publication: Publication; now: number; disabled: boolean; onRetry: (publication: Publication) => void }) {
  const retryable = RETRYABLE.has(publication.state);
  return (
    <>
      <tr data-backend-id={publication.backendId} className={publication.error !== null || retryable ? 'has-problem' : undefined}>
        <th scope="row">
          {publication.backendName} <code className="muted">{publication.backendKind}</code>
        </th>
        <td>
          <PublishStateBadge state={publication.state} />
        </td>
        <td className="publication-item">
          {publication.remoteId === null ? <span className="muted">–</span> : <code>{publication.remoteId}</code>}
          {publication.series && <span className="muted"> (the whole series)</span>}
        </td>
        <td>{publication.at === null ? <span className="muted">never</span> : <Age at={publication.at} now={now} />}</td>
      </tr>
      {(publication.error !== null || retryable) && (
        <tr className="publication-problem">
          <td colSpan={4}>
            {publication.error !== null && <span className="outcome-error">{publication.error}</span>}
            {retryable && (
              <button type="button" disabled={disabled} onClick={() => onRetry(publication)}>
                Retry {publication.backendName}
              </button>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * Publishes the occurrence (or the window's next ones) to every backend at once, shows what each
 * backend holds, and retries just the backend that failed.
 */
export function PublishPanel({ occurrence, readOnly, names }: PublishPanelProps) {
  const headingId = useId();
  const nextId = useId();
  const now = useNow();
  const publish = usePublish();
  const [next, setNext] = useState('4');
  const nextCount = Number(next);
  const nextValid = Number.isInteger(nextCount) && nextCount >= 1 && nextCount <= MAX_NEXT;

  // Each press is a new request (publishing again must be able to answer "unchanged"); retries of one press share its key.
  function run(input: Omit<PublishInput, 'idempotencyKey'>): void {
    publish.mutate({ ...input, idempotencyKey: crypto.randomUUID() });
  }

  const busy = readOnly || publish.isPending;
  return (
    <section className="detail-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Publish</h3>
      {occurrence.publications.length === 0 ? (
        <p className="muted">No backend to publish to: name some in the calendar&apos;s publishTo or the window&apos;s.</p>
      ) : (
        <table className="data-table publication-table" aria-label="Published to">
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col">State</th>
              <th scope="col">Item</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {occurrence.publications.map((publication) => (
              <PublicationRow
                key={publication.backendId}
                publication={publication}
                now={now}
                disabled={busy}
                onRetry={(failed) => run({ windowId: occurrence.windowId, keys: [occurrence.key], backends: [failed.backendId] })}
              />
            ))}
          </tbody>
        </table>
      )}
      <div className="publish-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => run({ windowId: occurrence.windowId, keys: [occurrence.key] })}>
          {publish.isPending ? 'Publishing…' : 'Publish to every backend'}
        </button>
        <span className="publish-next">
          <label htmlFor={nextId}>Next occurrences</label>
          <input
            id={nextId}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_NEXT}
            step={1}
            value={next}
            aria-invalid={!nextValid}
            onChange={(event) => setNext(event.target.value)}
          />
          <button type="button" disabled={busy || !nextValid} onClick={() => run({ windowId: occurrence.windowId, next: nextCount })}>
            Publish the next {nextValid ? nextCount : 'N'}
          </button>
        </span>
      </div>
      {!nextValid && <p className="field-error">Enter 1 to {MAX_NEXT} occurrences.</p>}
      {publish.isError && (
        <p className="form-result form-result-error" role="alert">
          Nothing was published: {describeFailure(publish.error)}
        </p>
      )}
      {publish.data !== undefined && (
        <div role="status" className="publish-result">
          <p>
            {publish.data.outcomes.some((outcome) => outcome.error !== null)
              ? 'Some backends failed; retry just those.'
              : publish.data.outcomes.every((outcome) => outcome.unchanged)
                ? 'Already published with the same content: nothing was sent.'
                : 'Published.'}
          </p>
          <PublishOutcomeList outcomes={publish.data.outcomes} names={names} label="Last publish" />
        </div>
      )}
    </section>
  );
}
