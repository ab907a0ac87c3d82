import type { DeployTargetSelector } from '../../../../shared/contract/deploys.js';
import type { LifecycleFacts } from '../deploy-facts.js';
import type { EnvEntry } from './fleet-index.js';
import type { GuardTarget } from './guards/guard-context.js';
import { localTimeText } from './local-time-text.js';
import { nameList, plural } from './name-list.js';

type Lifecycle = (environmentId: string) => LifecycleFacts;

/**
 * A decommissioned environment takes no action: one named on its own is refused with the
 * reason; those of a customer group, ring or stage are left out, and the preview says so.
 */
export function leaveOutDecommissioned(
  environments: readonly EnvEntry[],
  selector: DeployTargetSelector,
  lifecycle: Lifecycle,
): { kept: EnvEntry[]; problem: string | null; note: string | null } {
  const gone = environments.filter((entry) => lifecycle(entry.definition.id).decommissioned !== null);
  if (gone.length === 0) return { kept: [...environments], problem: null, note: null };
  const kept = environments.filter((entry) => !gone.includes(entry));
  const described = gone.map((entry) => `${entry.watched.view.name} (decommissioned ${lifecycle(entry.definition.id).decommissioned ?? ''})`);
  if (selector.by === 'environments') {
    return { kept, problem: `${nameList(described, 3)} ${gone.length === 1 ? 'is' : 'are'} decommissioned in the fleet file and take${gone.length === 1 ? 's' : ''} no deploys`, note: null };
  }
  return { kept, problem: null, note: `${plural(gone.length, 'decommissioned environment')} left out` };
}

/** Temporary environments that end before their booked upgrade slot are not upgraded in it: skipped, and said so. */
export function skipEndedBeforeSlot<T extends GuardTarget>(drafts: readonly T[], lifecycle: Lifecycle): { kept: T[]; note: string | null } {
  const ending: string[] = [];
  const kept = drafts.filter((draft) => {
    const { endsAt } = lifecycle(draft.entry.definition.id);
    if (draft.schedule.slot === null || endsAt === null || endsAt > draft.schedule.start) return true;
    ending.push(`${draft.entry.watched.view.name} ends ${localTimeText(endsAt, draft.entry.region.timeZone)}`);
    return false;
  });
  return { kept, note: ending.length === 0 ? null : `skipped, ${ending.length === 1 ? 'it ends' : 'they end'} before ${ending.length === 1 ? 'its' : 'their'} slot: ${nameList(ending, 3)}` };
}
