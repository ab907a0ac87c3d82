import type { ReactNode } from 'react';
import { describeFailure } from '../api/call.js';
import { DialogActions } from './DialogActions.js';
import { FormFailure } from './FormFailure.js';
import { ModalDialog } from './ModalDialog.js';

interface ConfirmDialogProps {
  title: string;
  /** What confirming does, in words. */
  children: ReactNode;
  /** The request's failure, or null; shown after `failedWhat`, e.g. "The window was not removed". */
  error: Error | null;
  failedWhat: string;
  label: string;
  pendingLabel: string;
  pending: boolean;
  cancelLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before something that cannot be undone; the dialog stays open on failure, saying why. */
export function ConfirmDialog({ title, children, error, failedWhat, label, pendingLabel, pending, cancelLabel, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <ModalDialog title={title} onClose={onClose}>
      {children}
      {error !== null && <FormFailure what={failedWhat} reason={describeFailure(error)} />}
      <DialogActions label={label} pendingLabel={pendingLabel} pending={pending} onConfirm={onConfirm} danger cancelLabel={cancelLabel} onCancel={onClose} />
    </ModalDialog>
  );
}
