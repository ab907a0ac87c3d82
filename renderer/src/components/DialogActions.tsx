interface DialogActionsProps {
  /** What the main button says, and what it says while its request is out. */
  label: string;
  pendingLabel: string;
  pending: boolean;
  /** Without it the main button submits the dialog's form. */
  onConfirm?: () => void;
  /** A confirmation of something that cannot be undone is marked as such. */
  danger?: boolean;
  /** Keeps the main button off for a reason other than a request being out, e.g. a form not yet complete. */
  disabled?: boolean;
  /** The id of the text that says why the main button is off, so a screen reader tells it with the button. */
  describedBy?: string;
  cancelLabel?: string;
  onCancel: () => void;
}

/** A dialog's footer: its main action, disabled while it runs or while the dialog says it may not, and the way out. */
export function DialogActions({
  label,
  pendingLabel,
  pending,
  onConfirm,
  danger = false,
  disabled = false,
  describedBy,
  cancelLabel = 'Cancel',
  onCancel,
}: DialogActionsProps) {
  return (
    <div className="dialog-actions">
      <button
        type={onConfirm === undefined ? 'submit' : 'button'}
        className={danger ? 'danger' : 'primary'}
        disabled={pending || disabled}
        aria-describedby={describedBy}
        onClick={onConfirm}
      >
        {pending ? pendingLabel : label}
      </button>
      <button type="button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}
