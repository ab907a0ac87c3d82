interface DialogActionsProps {
  /** What the main button says, and what it says while its request is out. */
  label: string;
  pendingLabel: string;
  pending: boolean;
  /** Without it the main button submits the dialog's form. */
  onConfirm?: () => void;
  /** A confirmation of something that cannot be undone is marked as such. */
  danger?: boolean;
  cancelLabel?: string;
  onCancel: () => void;
}

/** A dialog's footer: its main action, disabled while it runs, and the way out. */
export function DialogActions({ label, pendingLabel, pending, onConfirm, danger = false, cancelLabel = 'Cancel', onCancel }: DialogActionsProps) {
  return (
    <div className="dialog-actions">
      <button type={onConfirm === undefined ? 'submit' : 'button'} className={danger ? 'danger' : 'primary'} disabled={pending} onClick={onConfirm}>
        {pending ? pendingLabel : label}
      </button>
      <button type="button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}
