import { statusFromCounts, emptyCounts } from '../../shared/contract/health.js';
import { statusOfCode } from '../../shared/contract/fleet-snapshot.js';
import { StateColumns, type FleetSnapshot } from '../../shared/contract/fleet.js';
import { IncidentList } from '../../shared/contract/incidents.js';
import type { TrayFacts } from './tray-menu.js';
import { z } from 'zod';

/** Only what the tray reads of the core's (already validated) answers. */
export const TraySnapshot = z.object({ states: StateColumns.pick({ status: true }) });
export const TrayIncidents = IncidentList.pick({ counts: true });

/** The fleet's worst status and how many environments are critical, from the snapshot's status column. */
export function fleetFacts(snapshot: { states: Pick<FleetSnapshot['states'], 'status'> }): Pick<TrayFacts, 'worst' | 'criticalEnvironments'> {
  const counts = emptyCounts();
  for (const code of snapshot.states.status) counts[statusOfCode(code)] += 1;
  return { worst: statusFromCounts(counts), criticalEnvironments: counts.critical };
}
