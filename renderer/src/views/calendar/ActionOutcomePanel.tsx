import { StatusIcon } from '../../components/StatusIcon.js';
import { useOutcomeStore } from './outcome-store.js';
import { PublishOutcomeList, type OutcomeNames } from './PublishOutcomeList.js';

/** The result of the last action, pinned to a corner above the page: nothing below it moves when it comes or goes. */
export function ActionOutcomePanel({ names }: { names: OutcomeNames }) {
  const outcome = useOutcomeStore((state) => state.outcome);
  const dismiss = useOutcomeStore((state) => state.dismiss);
  if (outcome === null) return null;
  const failed = outcome.tone === 'error' || (outcome.outcomes ?? []).some((item) => item.error !== null);
  return (
    <div className={`action-outcome${failed ? ' is-failed' : ''}`} role={failed ? 'alert' : 'status'}>
      <p className="action-outcome-text">
        <StatusIcon status={failed ? 'critical' : 'ok'} /> {outcome.text}
      </p>
      {outcome.outcomes !== undefined && <PublishOutcomeList outcomes={outcome.outcomes} names={names} label="What each backend did" />}
      {outcome.details !== undefined && outcome.details.length > 0 && (
        <ul className="outcome-details">
          {outcome.details.map((line, position) => (
            <li key={position}>{line}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
