import { useState } from 'react';
import type { DeploymentView } from '../../../../shared/contract/deploys.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
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

/** Stops a deployment in any state before the end, saying why; a second click on the same request cancels nothing twice. */
export function CancelDeploymentDialog({ deployment, onClose }: CancelDeploymentDialogProps) {
  const [reason, setReason] = useState('');
  const attempt = useAttemptKey();
  const cancel = useCancelDeployment();
  return (
    <ModalDialog title={`Cancel the deployment of ${deployment.version} to ${deployment.environmentId}?`} onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (cancel.isPending) return;
          const request = { id: deployment.id, reason };
          cancel.mutate({ ...request, idempotencyKey: attempt.for(request) }, { onSuccess: onClose, onSettled: (_, error) => attempt.settled(error) });
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
