import type { PublishState } from '../../../../shared/contract/calendar.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { PUBLISH_LABELS, PUBLISH_STATUS } from './calendar-labels.js';

export function PublishStateBadge({ state, label }: { state: PublishState; label?: string }) {
  return <StatusBadge status={PUBLISH_STATUS[state]} label={label ?? PUBLISH_LABELS[state]} />;
}
