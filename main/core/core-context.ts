import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import type { Clock } from './clock.js';
import type { Connector } from './connectors/capabilities.js';
import type { EventBus } from './events/event-bus.js';
import type { FleetService } from './fleet/fleet-service.js';
import type { FleetView } from './fleet/fleet-view.js';
import type { Store } from './store/store.js';

/** What the core's areas share. Getters, because the fleet and its connectors are rebuilt when the definition or a connection changes. */
export interface CoreContext {
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly store: Store;
  readonly bus: EventBus;
  /** Who is at the console: recorded on silences and acknowledgements. */
  readonly operator: string;
  definition(): FleetDefinition;
  view(): FleetView;
  fleet(): FleetService;
  connectors(): ReadonlyMap<string, Connector>;
}
