import type { PublishOutcome } from '../../../../shared/contract/calendar.js';
import { PublishStateBadge } from './PublishStateBadge.js';

export interface OutcomeNames {
  backend: (backendId: string) => string;
  occurrence: (key: string) => string;
}

/** What each backend did with each occurrence: published, unchanged, cancelled, or the error it gave. */
export function PublishOutcomeList({ outcomes, names, label }: { outcomes: readonly PublishOutcome[]; names: OutcomeNames; label: string }) {
  if (outcomes.length === 0) return <p className="muted">No backend held anything of it.</p>;
  return (
    <ul className="outcome-list" aria-label={label}>
      {outcomes.map((outcome) => (
        <li key={`${outcome.key} ${outcome.backendId}`} data-backend-id={outcome.backendId}>
          <PublishStateBadge state={outcome.state} label={outcome.unchanged ? 'Unchanged' : undefined} />
          <span className="outcome-backend">{names.backend(outcome.backendId)}</span>
          <span className="muted">{names.occurrence(outcome.key)}</span>
          {outcome.error !== null && <span className="outcome-error">{outcome.error}</span>}
        </li>
      ))}
    </ul>
  );
}
