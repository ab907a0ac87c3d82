import type { CalendarSource, PublishOutcome, WindowView } from '../../../../shared/contract/calendar.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useRemoveWindow } from './calendar-queries.js';

interface RemoveWindowDialogProps {
  window: WindowView;
  source: CalendarSource;
  onClose: () => void;
  onRemoved: (cancelled: PublishOutcome[]) => void;
}

export function RemoveWindowDialog({ window, source, onClose, onRemoved }: RemoveWindowDialogProps) {
  const remove = useRemoveWindow();
  const attempt = useAttemptKey();
  const { definition } = window;
  return (
    <ConfirmDialog
      title={`Remove ${definition.title}?`}
      error={remove.error}
      failedWhat="The window was not removed"
      label="Remove window"
      pendingLabel="Removing…"
      pending={remove.isPending}
      cancelLabel="Keep it"
      onConfirm={() =>
        remove.mutate(
          { id: definition.id, idempotencyKey: attempt.for({ id: definition.id }) },
          { onSuccess: ({ cancelled }) => onRemoved(cancelled), onSettled: (_, error) => attempt.settled(error) },
        )
      }
      onClose={onClose}
    >
      <p>
        <code>{definition.id}</code> ({window.summary}) is removed from <code>{source.file}</code>, and everything published of it is cancelled on
        its backends.
      </p>
    </ConfirmDialog>
  );
}
