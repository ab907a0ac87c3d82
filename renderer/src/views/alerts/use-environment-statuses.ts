import { useCallback, useMemo } from 'react';
import { HealthStatus, type FleetSnapshot } from '../../../../shared/contract/index.js';
import { statusOfCode } from '../../../../shared/contract/fleet-snapshot.js';
import { fleetIndexOf } from '../../api/fleet-index.js';
import { useFleetSnapshot } from '../../api/queries.js';

/**
 * The live status of the environments that alerts name. The selector answers a string, so the
 * many snapshot updates that do not touch these environments re-render nothing.
 */
export function useEnvironmentStatuses(ids: readonly string[]): ReadonlyMap<string, HealthStatus> {
  const select = useCallback(
    (snapshot: FleetSnapshot) => {
      const index = fleetIndexOf(snapshot).positionById;
      return ids
        .map((id) => {
          const row = index.get(id);
          return row === undefined ? '' : statusOfCode(snapshot.states.status[row] ?? -1);
        })
        .join(',');
    },
    [ids],
  );
  const joined = useFleetSnapshot(select).data;
  return useMemo(() => {
    const statuses = new Map<string, HealthStatus>();
    if (joined === undefined) return statuses;
    joined.split(',').forEach((text, position) => {
      const id = ids[position];
      const status = HealthStatus.safeParse(text);
      if (id !== undefined && status.success) statuses.set(id, status.data);
    });
    return statuses;
  }, [joined, ids]);
}
