import { Temporal } from 'temporal-polyfill';
import type { WindowDefinition } from '../../../../shared/fleet-definition/calendar.js';
import type { RolloutStage } from '../../../../shared/fleet-definition/deploys.js';

/**
 * The instant a stage's booking starts: midnight of its `from` date in its slot's zone (else the
 * group's region zone). Null when the stage books no week: any of its slots will do.
 */
export function bookedFrom(stage: RolloutStage | undefined, slot: WindowDefinition | null, regionZone: string): number | null {
  if (stage?.from === undefined) return null;
  return Temporal.PlainDate.from(stage.from).toZonedDateTime({ timeZone: slot?.timeZone ?? regionZone }).epochMilliseconds;
}
