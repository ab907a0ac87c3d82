import { useId, useState } from 'react';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import type { SilenceView } from '../../../../shared/contract/alerts.js';
import { describeFailure } from '../../api/call.js';
import { useExpireSilence, useSilences } from '../../api/queries.js';
import { Age } from '../../components/Age.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useNow } from '../../time/clock.js';
import { formatAbsolute } from '../../time/format.js';
import { matcherText } from './alert-model.js';
import { ActionsHeader } from '../../components/ActionsHeader.js';

const STATE_LABELS: Readonly<Record<SilenceView['state'], string>> = { active: 'Active', pending: 'Pending', expired: 'Expired' };

function Ends({ at, now }: { at: number; now: number }) {
  const minutes = Math.max(0, Math.round((at - now) / 60_000));
  const left = minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  return (
    <time dateTime={new Date(at).toISOString()} title={formatAbsolute(at)}>
      {formatAbsolute(at)} <span className="muted">(in {left})</span>
    </time>
  );
}

export function SilenceList({ readOnly }: { readOnly: boolean }) {
  const headingId = useId();
  const now = useNow();
  const silences = useSilences();
  const expire = useExpireSilence();
  const [expiring, setExpiring] = useState<string | null>(null);
  const attempt = useAttemptKey();

  function onExpire(silence: SilenceView): void {
    const request = { connectionId: silence.connectionId, silenceId: silence.id };
    setExpiring(silence.id);
    expire.mutate(
      { ...request, idempotencyKey: attempt.for(request) },
      {
        onSettled: (_, error) => {
          attempt.settled(error);
          setExpiring(null);
        },
      },
    );
  }

  const current = silences.data?.filter((silence) => silence.state !== 'expired') ?? [];
  return (
    <section className="alerts-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Silences</h2>
      {silences.isError && <ErrorAlert title="Silences could not be loaded." error={silences.error} onRetry={() => void silences.refetch()} />}
      {silences.isPending && (
        <p className="muted" role="status">
          Loading silences…
        </p>
      )}
      {expire.isError && (
        <p className="form-result form-result-error" role="alert">
          The silence was not expired: {describeFailure(expire.error)}
        </p>
      )}
      {silences.data !== undefined &&
        (current.length === 0 ? (
          <p className="muted">No silence is active or pending.</p>
        ) : (
          <table className="data-table silence-table">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Matchers</th>
                <th scope="col">Reason</th>
                <th scope="col">Created by</th>
                <th scope="col">Started</th>
                <th scope="col">Ends</th>
                <th scope="col">Source</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {current.map((silence) => (
                <tr key={`${silence.connectionId}/${silence.id}`}>
                  <td>
                    <StatusBadge status={silence.state === 'active' ? 'maintenance' : 'unknown'} label={STATE_LABELS[silence.state]} />
                  </td>
                  <td>
                    <ul className="matcher-list">
                      {silence.matchers.map((matcher, position) => (
                        <li key={position}>
                          <code>{matcherText(matcher)}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="silence-comment">{silence.comment}</td>
                  <td>{silence.createdBy}</td>
                  <td>{silence.startsAt <= now ? <Age at={silence.startsAt} now={now} /> : formatAbsolute(silence.startsAt)}</td>
                  <td>
                    <Ends at={silence.endsAt} now={now} />
                  </td>
                  <td>
                    <code>{silence.connectionId}</code>
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Expire silence ${silence.matchers.map(matcherText).join(', ')}`}
                      disabled={readOnly || expiring === silence.id}
                      onClick={() => onExpire(silence)}
                    >
                      {expiring === silence.id ? 'Expiring…' : 'Expire'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
