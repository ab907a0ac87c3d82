import { useId } from 'react';
import type { GuardId, GuardResult } from '../../../../shared/contract/deploys.js';
import { FormField } from '../../components/FormField.js';
import { MIN_OVERRIDE_REASON, overrideProblem } from './deploy-form.js';
import { GuardStateBadge } from './DeployBadges.js';

interface GuardListProps {
  guards: readonly GuardResult[];
  /** Reasons being written, by guard; a guard is being overridden while it has one. */
  overrides: Partial<Record<GuardId, string>>;
  onOverride: (guard: GuardId, reason: string | undefined) => void;
}

function GuardItem({ guard, reason, onOverride }: { guard: GuardResult; reason: string | undefined; onOverride: GuardListProps['onOverride'] }) {
  const canOverride = guard.overridable && guard.state !== 'pass';
  return (
    <li className={`guard guard-${guard.state}`}>
      <div className="guard-head">
        <GuardStateBadge state={guard.state} />
        <strong>{guard.label}</strong>
        {canOverride && reason === undefined && (
          <button type="button" aria-label={`Override ${guard.label}…`} onClick={() => onOverride(guard.id, '')}>
            Override…
          </button>
        )}
        {guard.state === 'fail' && !guard.overridable && <span className="muted">Cannot be overridden</span>}
      </div>
      <p className="guard-message">{guard.message}</p>
      {canOverride && reason !== undefined && (
        <div className="guard-override">
          <FormField
            label={`Why override “${guard.label}” (kept in the audit trail)`}
            error={reason === '' ? undefined : overrideProblem(reason)}
            hint={`At least ${MIN_OVERRIDE_REASON} characters`}
            className="field-wide"
          >
            {(props) => <textarea {...props} rows={2} value={reason} onChange={(event) => onOverride(guard.id, event.target.value)} />}
          </FormField>
          <button type="button" onClick={() => onOverride(guard.id, undefined)}>
            Withdraw override
          </button>
        </div>
      )}
    </li>
  );
}

/** What blocks comes first: failing, then overridden, then passing; the core's order within each. */
const ORDER: Readonly<Record<GuardResult['state'], number>> = { fail: 0, overridden: 1, pass: 2 };

/** The checks that apply, each passing, failing or overridden with its reason; a failing one blocks until overridden in writing. */
export function GuardList({ guards, overrides, onOverride }: GuardListProps) {
  const headingId = useId();
  const ordered = [...guards].sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  const failing = guards.filter((guard) => guard.state === 'fail').length;
  return (
    <section className="deploy-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{failing === 0 ? 'Guards' : `Guards: ${failing} of ${guards.length} blocking`}</h3>
      {guards.length === 0 ? (
        <p className="muted">No guard applies.</p>
      ) : (
        <ul className="guard-list" aria-labelledby={headingId}>
          {ordered.map((guard) => (
            <GuardItem key={guard.id} guard={guard} reason={overrides[guard.id]} onOverride={onOverride} />
          ))}
        </ul>
      )}
    </section>
  );
}
