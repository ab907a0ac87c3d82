import type { OccurrenceView, PublishOutcome, WindowView } from '../../../../shared/contract/calendar.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { formatSpan } from './calendar-format.js';
import { requestedStartOf } from './calendar-model.js';
import { useSaveWindow } from './calendar-queries.js';

interface CancelOccurrenceDialogProps {
  occurrence: OccurrenceView;
  window: WindowView;
  onClose: () => void;
  onCancelled: (republished: PublishOutcome[]) => void;
}

/** One occurrence is cancelled by adding its requested local start to the window's exceptions (EXDATE). */
export function CancelOccurrenceDialog({ occurrence, window, onClose, onCancelled }: CancelOccurrenceDialogProps) {
  const save = useSaveWindow();
  const attempt = useAttemptKey();
  const requested = requestedStartOf(occurrence.key) ?? occurrence.adjustment?.requested ?? occurrence.localStart.local;
  const { definition } = window;
  const when = formatSpan(occurrence.start, occurrence.end, occurrence.localStart.timeZone);

  function onConfirm(): void {
    const exdates = [...new Set([...(definition.exdates ?? []), requested])];
    const request = { window: { ...definition, exdates }, previousId: definition.id };
    save.mutate(
      { ...request, idempotencyKey: attempt.for(request) },
      { onSuccess: ({ republished }) => onCancelled(republished), onSettled: (_, error) => attempt.settled(error) },
    );
  }

  return (
    <ConfirmDialog
      title={`Cancel ${occurrence.title} on ${when}?`}
      error={save.error}
      failedWhat="The occurrence was not cancelled"
      label="Cancel occurrence"
      pendingLabel="Cancelling…"
      pending={save.isPending}
      cancelLabel="Keep it"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>
        The window stays; only this occurrence is dropped (its local start {requested.replace('T', ' ')} {definition.timeZone} is added to the
        window&apos;s exceptions). What was published of it is cancelled on each backend.
      </p>
    </ConfirmDialog>
  );
}
