import type { CalendarEntryKind } from '../../../../shared/contract/calendar.js';
import { KIND_LABELS } from './calendar-labels.js';
import { KindIcon } from './KindIcon.js';

export function KindBadge({ kind }: { kind: CalendarEntryKind }) {
  return (
    <span className={`kind-badge kind-${kind}`}>
      <KindIcon kind={kind} />
      <span>{KIND_LABELS[kind]}</span>
    </span>
  );
}
