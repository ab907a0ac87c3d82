import type { ConnectionView } from '../../../../shared/contract/connections.js';
import { useRemoveConnection } from '../../api/queries.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';

interface RemoveConnectionDialogProps {
  connection: ConnectionView;
  onClose: () => void;
  onRemoved: (id: string) => void;
}

export function RemoveConnectionDialog({ connection, onClose, onRemoved }: RemoveConnectionDialogProps) {
  const remove = useRemoveConnection();
  return (
    <ConfirmDialog
      title={`Remove ${connection.name}?`}
      error={remove.error}
      failedWhat="The connection was not removed"
      label="Remove connection"
      pendingLabel="Removing…"
      pending={remove.isPending}
      cancelLabel="Cancel"
      onConfirm={() => remove.mutate({ id: connection.id, idempotencyKey: crypto.randomUUID() }, { onSuccess: ({ id }) => onRemoved(id) })}
      onClose={onClose}
    >
      <p>
        Watchfloor stops using <code>{connection.id}</code> ({connection.baseUrl}) and deletes its secrets from the OS keychain. Environment
        variables it named are left alone.
      </p>
    </ConfirmDialog>
  );
}
