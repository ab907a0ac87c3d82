import type { FleetSnapshot } from '../../../shared/contract/index.js';
import { useFleetSnapshot } from '../api/queries.js';
import { useConnectionStore } from '../state/connection-store.js';
import { useNow } from '../time/clock.js';
import { formatAbsolute, formatAge } from '../time/format.js';

const selectGeneratedAt = (snapshot: FleetSnapshot) => snapshot.generatedAt;

function DisconnectedBanner() {
  const now = useNow();
  const dataAt = useFleetSnapshot(selectGeneratedAt).data;
  return (
    <div className="banner banner-warning" role="alert">
      <p className="banner-title">Disconnected from core — reconnecting</p>
      {dataAt !== undefined && (
        <p>
          Showing last-known state from <time title={formatAbsolute(dataAt)}>{formatAge(now - dataAt)}</time>.
        </p>
      )}
    </div>
  );
}

export function ConnectionBanner() {
  const link = useConnectionStore((state) => state.link);
  return link === 'reconnecting' ? <DisconnectedBanner /> : null;
}
