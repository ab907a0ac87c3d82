import { describeFailure } from '../../api/call.js';
import type { AlertLinkOffer } from '../../../../shared/contract/incidents.js';
import { Age } from '../../components/Age.js';
import { FormFailure } from '../../components/FormFailure.js';
import { useKeyedCommand } from './use-keyed-command.js';

/** Alerts that fired in scope after the declaration: offered, never attached without a person's click. */
export function LinkOffers({ incidentId, offers, now, disabled }: { incidentId: string; offers: readonly AlertLinkOffer[]; now: number; disabled: boolean }) {
  const { send, mutation } = useKeyedCommand('incidents.linkAlerts');
  if (offers.length === 0) return null;
  return (
    <div className="link-offers">
      <p>
        <strong>{offers.length === 1 ? 'An alert fired in scope since the declaration.' : `${offers.length} alerts fired in scope since the declaration.`}</strong> Link
        what belongs to this incident.
      </p>
      <ul className="offer-list">
        {offers.map((offer) => (
          <li key={offer.alertKey} className="offer-item">
            <span className="alert-name">{offer.name}</span>
            <span className="muted">
              {offer.environmentId ?? 'no environment'} · <Age at={offer.startsAt} now={now} prefix="fired" />
            </span>
            <span className="offer-summary">{offer.summary}</span>
            <button
              type="button"
              disabled={disabled || mutation.isPending}
              aria-label={`Link ${offer.name} on ${offer.environmentId ?? 'no environment'}`}
              onClick={() => send({ id: incidentId, alertKeys: [offer.alertKey] })}
            >
              Link
            </button>
          </li>
        ))}
      </ul>
      {mutation.error !== null && <FormFailure what="The alert was not linked" reason={describeFailure(mutation.error)} />}
    </div>
  );
}
