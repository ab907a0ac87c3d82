import { useRef } from 'react';
import type { CalendarSource, PublishOutcome, WindowView } from '../../../../shared/contract/calendar.js';
import { describeFailure } from '../../api/call.js';
import { ModalDialog } from '../alerts/ModalDialog.js';
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
    <ModalDialog title={`Remove ${definition.title}?`} onClose={onClose}>
      <p>
        <code>{definition.id}</code> ({window.summary}) is removed from <code>{source.file}</code>, and everything published of it is cancelled on
        its backends.
      </p>
      {remove.isError && (
        <p className="form-result form-result-error" role="alert">
          The window was not removed: {describeFailure(remove.error)}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: definition.id, idempotencyKey: attemptKey.current }, { onSuccess: ({ cancelled }) => onRemoved(cancelled) })}
        >
          {remove.isPending ? 'Removing…' : 'Remove window'}
        </button>
        <button type="button" onClick={onClose}>
          Keep it
        </button>
      </div>
    </ModalDialog>
  );
}
