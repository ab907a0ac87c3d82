import { useState } from 'react';
import type { DeploymentView } from '../../../../shared/contract/deploys.js';
import { describeFailure } from '../../api/call.js';
import { DialogActions } from '../../components/DialogActions.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { useCancelDeployment } from './deploys-queries.js';

interface CancelDeploymentDialogProps {
  deployment: DeploymentView;
  onClose: () => void;
}

/** Stops a deployment in any state before the end, saying why; one key per opening, so a second click cancels nothing twice. */
export function CancelDeploymentDialog({ deployment, onClose }: CancelDeploymentDialogProps) {
  const [reason, setReason] = useState('');
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const cancel = useCancelDeployment();
  return (
    <ModalDialog title={`Cancel the deployment of ${deployment.version} to ${deployment.environmentId}?`} onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (cancel.isPending) return;
          cancel.mutate({ id: deployment.id, reason, idempotencyKey }, { onSuccess: onClose });
        }}
      >
        <p>What has already run stays as it is; a deployment half done may need a rollback.</p>
        <FormField label="Reason (kept in the audit trail)" error={undefined} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />}
        </FormField>
        {cancel.error !== null && <FormFailure what="The deployment was not cancelled" reason={describeFailure(cancel.error)} />}
        <DialogActions label="Cancel deployment" pendingLabel="Cancelling…" pending={cancel.isPending} danger cancelLabel="Keep it running" onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
