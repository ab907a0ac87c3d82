import type { FleetSnapshot } from '../../../shared/contract/index.js';
import { useFleetSnapshot } from '../api/queries.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { ViewNav } from './ViewNav.js';

const selectName = (snapshot: FleetSnapshot) => snapshot.name;

export function AppHeader() {
  const fleetName = useFleetSnapshot(selectName).data;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="product-name">Watchfloor</span>
        <span className="fleet-name">{fleetName ?? ''}</span>
      </div>
      <ViewNav />
      <ConnectionIndicator />
    </header>
  );
}
