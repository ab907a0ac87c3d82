import { useMemo } from 'react';
import { HEALTH_ORDER } from '../../../../shared/contract/index.js';
import { useFleetSnapshot } from '../../api/queries.js';
import { ConnectionIndicator } from '../../app/ConnectionIndicator.js';
import { Age } from '../../components/Age.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatCount } from '../../time/format.js';
import { useNow } from '../../time/clock.js';
import { SourcesStrip } from '../fleet/SourcesStrip.js';
import { useRowsThatFit } from './use-rows-that-fit.js';
import { wallBoardOf } from './wall-model.js';
import './wall.css';

/** A row's height and the gap under it, in em (wall.css: .wall-env and .wall-attention ol). */
const ROW_PITCH_EM = 2.25;

/**
 * The NOC wall (`#/wall`): the fleet's counts, its regions and the environments needing attention,
 * worst first, in type large enough to read from across the room. Nothing cycles and nothing needs
 * a pointer: every status is a word and a shape, and what does not fit is counted.
 */
export function WallView() {
  const snapshot = useFleetSnapshot();
  const now = useNow();
  const [listBox, fit] = useRowsThatFit(ROW_PITCH_EM, 10);
  const board = useMemo(() => (snapshot.data === undefined ? undefined : wallBoardOf(snapshot.data)), [snapshot.data]);

  if (snapshot.isError) return <ErrorAlert title="The fleet could not be read" error={snapshot.error} />;
  if (snapshot.data === undefined || board === undefined) return <p className="wall-waiting">Loading the fleet…</p>;

  // The line counting the rest takes a row's place when there is a rest.
  const shown = board.attention.length <= fit ? board.attention : board.attention.slice(0, Math.max(1, fit - 1));
  const more = board.attention.length - shown.length;

  return (
    <main className="wall">
      <header className="wall-header">
        <h1>{snapshot.data.name}</h1>
        <SourcesStrip sources={snapshot.data.sources} />
        <ConnectionIndicator />
      </header>
      <section aria-label="Fleet health" className="wall-counts">
        <ul>
          {HEALTH_ORDER.map((status) => (
            <li key={status}>
              <StatusBadge status={status} count={formatCount(board.counts[status])} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Regions, worst first" className="wall-regions">
        <ul>
          {board.regions.map((region) => (
            <li key={region.id} className={`wall-region status-${region.worst}`}>
              <span className="wall-region-name">{region.name}</span>
              <StatusBadge status={region.worst} />
              <span className="wall-region-counts">
                {formatCount(region.critical)} critical · {formatCount(region.warning)} warning of {formatCount(region.total)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="wall-attention-title" className="wall-attention">
        <h2 id="wall-attention-title">
          {board.attention.length === 0 ? `All ${formatCount(snapshot.data.environments.id.length)} environments OK` : `Needing attention, worst first: ${formatCount(board.attention.length)}`}
        </h2>
        <div ref={listBox} className="wall-list">
          {shown.length > 0 && (
            <ol>
              {shown.map((env) => (
                <li key={env.id} className={`wall-env status-${env.status}`}>
                  <StatusBadge status={env.status} />
                  <span className="wall-env-name">{env.name}</span>
                  <span className="wall-env-region">{env.region}</span>
                  <span className="wall-env-reason">{env.reason}</span>
                  <Age at={env.since} now={now} prefix="changed" />
                </li>
              ))}
            </ol>
          )}
          {more > 0 && <p className="wall-more">and {formatCount(more)} more needing attention: the console's Fleet view lists them all</p>}
        </div>
      </section>
    </main>
  );
}
