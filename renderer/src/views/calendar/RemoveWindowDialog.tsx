import { useRef } from 'react';
import type { CalendarSource, PublishOutcome, WindowView } from '../../../../shared/contract/calendar.js';
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
  const attemptKey = useRef(crypto.randomUUID());
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
      onConfirm={() => remove.mutate({ id: definition.id, idempotencyKey: attemptKey.current }, { onSuccess: ({ cancelled }) => onRemoved(cancelled) })}
      onClose={onClose}
    >
      <p>
        <code>{definition.id}</code> ({window.summary}) is removed from <code>{source.file}</code>, and everything published of it is cancelled on
        its backends.
      </p>
    </ConfirmDialog>
  );
}
