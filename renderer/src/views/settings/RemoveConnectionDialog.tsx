import type { ConnectionView } from '../../../../shared/contract/connections.js';
import { describeFailure } from '../../api/call.js';
import { useRemoveConnection } from '../../api/queries.js';
import { ModalDialog } from '../alerts/ModalDialog.js';

interface RemoveConnectionDialogProps {
  connection: ConnectionView;
  onClose: () => void;
  onRemoved: (id: string) => void;
}

export function RemoveConnectionDialog({ connection, onClose, onRemoved }: RemoveConnectionDialogProps) {
  const remove = useRemoveConnection();
  return (
    <ModalDialog title={`Remove ${connection.name}?`} onClose={onClose}>
      <p>
        Watchfloor stops using <code>{connection.id}</code> ({connection.baseUrl}) and deletes its secrets from the OS keychain. Environment
        variables it named are left alone.
      </p>
      {remove.isError && (
        <p className="form-result form-result-error" role="alert">
          The connection was not removed: {describeFailure(remove.error)}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: connection.id, idempotencyKey: crypto.randomUUID() }, { onSuccess: ({ id }) => onRemoved(id) })}
        >
          {remove.isPending ? 'Removing…' : 'Remove connection'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
